/**
 * Crash recovery in the real VS Code workbench (code-server) with the packaged
 * .vsix: the language server of this editor is killed (SIGKILL) while a
 * scenario holds an unsaved edit. The client restarts the server by itself,
 * opens the documents again with their current text, and the author gets the
 * diagnostics and the inlay hints back without losing a keystroke. The
 * server-side half (a fresh server answers the same) is
 * test/robustness/recovery.test.ts.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { STEP_TIMEOUT, Workbench, waitFor } from './workbench';

const VALID = 'bavaria-b200.gigafactory.yaml';
const GRID = 'broken/grid-exceeded.gigafactory.yaml';
/** How long the editor may take to be whole again after the kill. */
const RECOVERY = 20_000;

describe('the packaged extension recovers from a crashed language server', { timeout: 10 * 60_000 }, () => {
  let wb: Workbench;
  before(async () => {
    wb = await Workbench.start({ name: 'recovery' });
  }, { timeout: 5 * 60_000 });
  afterEach(async (t) => {
    // The state each test leaves behind, failed or not, for whoever reads the screenshots.
    await wb?.screenshot(`end-of-${t.name.slice(0, 40)}`).catch(() => undefined);
  });
  after(async () => {
    await wb?.close();
  });

  /**
   * The error count of the workbench's own Problems status item. Unlike the
   * Problems panel, which may re-render late, it follows the marker service
   * at once, so it cannot show diagnostics from before the crash.
   */
  async function workbenchErrors(): Promise<number | undefined> {
    const text = await wb.page.locator('.part.statusbar [id="status.problems"]').first().innerText().catch(() => '');
    const count = /\d+/.exec(text);
    return count ? Number(count[0]) : undefined;
  }

  test('killed with SIGKILL, the server is restarted and diagnostics, hints and the unsaved edit are all there', async () => {
    // Two scenarios open; the second one gets an unsaved edit that is wrong.
    await wb.openFile(GRID);
    const gridProblem = (row: string) => row.startsWith('Error:') && /grid/i.test(row) && !row.includes('EUR');
    await wb.waitForProblems((rows) => rows.some(gridProblem), 2 * STEP_TIMEOUT);
    await wb.openFile(VALID);
    const pue = wb.position(VALID, /^\s*pue:/);
    await wb.waitForHints(pue.line, (hints) => hints.includes('MW'), 2 * STEP_TIMEOUT);

    const unit = wb.position(VALID, /^\s*gridCapacity: \d+ (MW)/);
    const value = wb.position(VALID, /^\s*gridCapacity: (\d+ MW)/);
    await wb.replaceAt(unit.line, unit.column, 'MW'.length, 'EUR');
    const edited = await waitFor('the edited line', async () => {
      const text = await wb.lineText(unit.line);
      return text.includes('250 EUR') ? text : undefined;
    });
    assert.ok(await wb.isDirty(VALID), 'the edited tab shows unsaved changes');
    assert.match(wb.source(VALID), /gridCapacity: 250 MW/, 'the edit is not saved to disk');
    const euroProblem = (row: string) =>
      row.startsWith('Error:') && row.includes('"250 EUR"') && row.includes(`at line ${value.line} and character ${value.column}`);
    await wb.waitForProblems((rows) => rows.some(euroProblem) && rows.some(gridProblem), 2 * STEP_TIMEOUT);
    const hintsBefore = await wb.waitForHints(pue.line, (hints) => hints.includes('MW'));
    await waitFor('2 errors in the status bar (one per open scenario)', async () => (await workbenchErrors()) === 2);
    await wb.goTo(unit.line, unit.column);
    await wb.screenshot('unsaved-edit-diagnosed');

    // This editor's server, found by its extensions folder: never another editor's.
    const servers = await waitFor('the language server process', () => {
      const pids = wb.languageServerPids();
      return pids.length === 1 ? pids : undefined;
    });
    const oldPid = servers[0]!;
    process.kill(oldPid, 'SIGKILL');
    const killedAt = Date.now();
    const left = () => Math.max(1_000, RECOVERY - (Date.now() - killedAt));
    await waitFor(`process ${oldPid} to end`, () => !wb.languageServerPids().includes(oldPid), 5_000);
    await wb.screenshot('server-killed');

    const newPid = (
      await waitFor('a new language server process', () => {
        const pids = wb.languageServerPids().filter((pid) => pid !== oldPid);
        return pids.length > 0 ? pids : undefined;
      }, left())
    )[0]!;
    assert.notEqual(newPid, oldPid);
    const restartedAfter = Date.now() - killedAt;

    // Diagnostics for both open scenarios, the edited one from its unsaved text.
    const rows = await wb.waitForProblems((rows) => rows.some(euroProblem) && rows.some(gridProblem), left());
    assert.ok(rows.some(euroProblem), `Problems shows: ${JSON.stringify(rows)}`);
    // The hints on the pue line (the power the edit does not change) and on metadata.name.
    const hintsAfter = await wb.waitForHints(pue.line, (hints) => hints.includes('MW'), left());
    assert.equal(hintsAfter, hintsBefore);
    const name = wb.position(VALID, /^ {2}name:/);
    assert.match(await wb.waitForHints(name.line, (hints) => /capex/i.test(hints), left()), /capex/i);
    // Nothing the author typed is lost: the editor still holds the edit, unsaved.
    assert.equal(await wb.lineText(unit.line), edited);
    assert.ok(await wb.isDirty(VALID), 'the edited tab still shows unsaved changes');
    assert.match(wb.source(VALID), /gridCapacity: 250 MW/, 'the file on disk is unchanged');
    await wb.goTo(unit.line, unit.column);
    assert.ok((await waitFor('an error squiggle on the edit', () => wb.squiggles('error'), left())) >= 1);
    await waitFor('2 errors in the status bar again', async () => (await workbenchErrors()) === 2, left());
    assert.match((await wb.extensionStatus()) ?? '', /1 error/);
    const recoveredAfter = Date.now() - killedAt;
    assert.deepEqual(wb.languageServerPids(), [newPid], 'exactly one server runs after the restart');
    await wb.screenshot('after-restart');
    console.log(`server ${oldPid} killed; ${newPid} running after ${restartedAfter} ms; diagnostics and hints back after ${recoveredAfter} ms`);
  });
});
