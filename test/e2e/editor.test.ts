/**
 * End to end, in the real VS Code workbench (code-server) with the packaged
 * .vsix installed: what an author sees when opening the examples. Each step
 * leaves a screenshot in test-output/e2e/. Workspace trust is off here, as most
 * authors run; restricted-mode.test.ts covers an untrusted folder.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import { extensionId, extensionVersion, root } from '../../scripts/editor/lib.mjs';
import { STEP_TIMEOUT, Workbench, waitFor } from './workbench';
// @ts-expect-error: a plain ES module of the benchmark, without types
import { generateScenario } from '../../scripts/bench/generate.mjs';

interface Expected {
  line: number;
  startCharacter: number;
  severity: 'error' | 'warning' | 'information';
  messageIncludes: string;
}
const expected: Record<string, Expected[]> = JSON.parse(readFileSync(join(root, 'examples', 'broken', 'expected.json'), 'utf8'));

const VALID = 'bavaria-b200.gigafactory.yaml';
const GRID = 'broken/grid-exceeded.gigafactory.yaml';
const TIMEOUT = 10 * 60_000;

/** A Problems panel row for an expected diagnostic (its label says "at line L and character C"). */
function matches(row: string, diagnostic: Expected): boolean {
  const severity = { error: 'Error', warning: 'Warning', information: 'Info' }[diagnostic.severity];
  return (
    row.startsWith(`${severity}:`) &&
    row.includes(diagnostic.messageIncludes) &&
    row.includes(`at line ${diagnostic.line + 1} and character ${diagnostic.startCharacter + 1}`)
  );
}

describe('the packaged extension in VS Code', { timeout: TIMEOUT }, () => {
  let wb: Workbench;
  before(async () => {
    wb = await Workbench.start({ name: 'editor' });
  }, { timeout: 5 * 60_000 });
  afterEach(async (t) => {
    // The state each test leaves behind, failed or not, for whoever reads the screenshots.
    await wb?.screenshot(`end-of-${t.name.slice(0, 40)}`).catch(() => undefined);
  });
  after(async () => {
    await wb?.close();
  });

  test('activates from the .vsix on a scenario and reports schema errors in Problems and as squiggles', async () => {
    const file = 'broken/wrong-unit.gigafactory.yaml';
    await wb.openFile(file);
    // The language mode comes from the extension's manifest, the status item from its code.
    await waitFor('the language mode "Gigafactory Scenario"', async () => (await wb.statusBar()).includes('Gigafactory Scenario'));
    const status = await waitFor('the extension\'s status bar item', () => wb.extensionStatus(), { timeout: 2 * STEP_TIMEOUT });
    assert.match(status, /Scenario|Gigafactory/);
    const want = expected['wrong-unit.gigafactory.yaml']!;
    const rows = await wb.waitForProblems((rows) => want.every((d) => rows.some((row) => matches(row, d))), 2 * STEP_TIMEOUT);
    await wb.screenshot('schema-error-problems');
    assert.ok(rows.some((row) => matches(row, want[0]!)), `Problems shows: ${JSON.stringify(rows)}`);
    await wb.goTo(want[0]!.line + 1, want[0]!.startCharacter + 1);
    assert.ok((await waitFor('an error squiggle', () => wb.squiggles('error'))) >= 1);
    await wb.screenshot('schema-error-squiggle');
    // Installed from the .vsix into the run's own extensions folder, not loaded from the source tree.
    assert.ok(
      readdirSync(wb.extensionsDir).some((dir) => dir.startsWith(`${extensionId}-${extensionVersion}`)),
      `${extensionId} ${extensionVersion} is installed in ${wb.extensionsDir}`,
    );
    // The extension's own command opens its output channel.
    await wb.runCommand('Gigafactory: Show Output');
    const output = await waitFor('the "Gigafactory Scenarios" output channel', async () => {
      const shown = await wb.outputChannel();
      return shown.channel.includes('Gigafactory Scenarios') ? shown : undefined;
    });
    assert.match(output.channel, /Gigafactory Scenarios/);
    await wb.screenshot('output-channel');
    await wb.closePanel();
  });

  test('reports a cross-field check (facility power above gridCapacity) on the value', async () => {
    await wb.openFile(GRID);
    const want = expected['grid-exceeded.gigafactory.yaml']!;
    const rows = await wb.waitForProblems((rows) => want.every((d) => rows.some((row) => matches(row, d))), 2 * STEP_TIMEOUT);
    assert.ok(rows.length > 0);
    await wb.goTo(want[0]!.line + 1, want[0]!.startCharacter + 1);
    assert.ok((await waitFor('an error squiggle', () => wb.squiggles('error'))) >= 1);
    await wb.screenshot('grid-check-problems');
    await wb.closePanel();
  });

  test('a valid example has no errors and the status item says so', async () => {
    await wb.openFile(VALID);
    const status = await waitFor('the status "Scenario valid" (or 0 errors)', async () => {
      const text = await wb.extensionStatus();
      return text && (/valid/.test(text) || /: 0 errors/.test(text)) ? text : undefined;
    }, { timeout: 2 * STEP_TIMEOUT });
    assert.match(status, /valid|: 0 errors/);
    assert.equal(await wb.squiggles('error'), 0);
    await wb.screenshot('valid-example');
  });

  test('inlay hints: power after pue, the summary after metadata.name', async () => {
    await wb.openFile(VALID);
    const pue = wb.position(VALID, /^\s*pue:/);
    const power = await wb.waitForHints(pue.line, (hints) => hints.includes('MW'), 2 * STEP_TIMEOUT);
    assert.match(power, /MW/);
    await wb.screenshot('hint-power');
    const name = wb.position(VALID, /^ {2}name:/);
    const summary = await wb.waitForHints(name.line, (hints) => /capex/i.test(hints));
    assert.match(summary, /capex/i);
    await wb.screenshot('hint-summary');
  });

  test('hovering the scenario name shows a breakdown table with capex', async () => {
    await wb.openFile(VALID);
    const name = wb.position(VALID, /^ {2}name: (\S+)/);
    const text = await wb.hover(name.line, name.column + 2, (t) => /capex/i.test(t));
    assert.match(text, /capex/i);
    const tables = await wb.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content table').count();
    assert.ok(tables >= 1, 'the hover renders a Markdown table');
    await wb.screenshot('hover-breakdown');
    await wb.dismiss();
  });

  test('hovering the pue value with the mouse shows the facility power breakdown', async () => {
    await wb.openFile(VALID);
    const pue = wb.position(VALID, /^\s*pue: ([\d.]+)/);
    const value = /pue: ([\d.]+)/.exec(wb.source(VALID).split(/\r?\n/)[pue.line - 1]!)![1]!;
    const text = await wb.mouseHover(pue.line, value, (t) => /MW/.test(t));
    assert.match(text, /MW/);
    assert.ok((await wb.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content table').count()) >= 1, 'a breakdown table');
    await wb.screenshot('hover-pue-mouse');
    await wb.page.mouse.move(5, 5);
    await wb.dismiss();
  });

  test('editing an accelerator count changes the hints', async () => {
    await wb.openFile(VALID);
    const pue = wb.position(VALID, /^\s*pue:/);
    const before = await wb.waitForHints(pue.line, (hints) => hints.includes('MW'), 2 * STEP_TIMEOUT);
    const count = wb.position(VALID, /^\s*count: (\d+)/);
    const digits = /count: (\d+)/.exec(wb.source(VALID).split(/\r?\n/)[count.line - 1]!)![1]!;
    await wb.replaceAt(count.line, count.column, digits.length, String(Math.round(Number(digits) / 2)));
    await wb.screenshot('count-edited');
    const afterEdit = await wb.waitForHints(pue.line, (hints) => hints.includes('MW') && hints !== before);
    assert.notEqual(afterEdit, before);
    await wb.screenshot('hint-after-edit');
  });

  test('the quick fix "Raise gridCapacity", applied with the keyboard, repairs the value', async () => {
    await wb.openFile(GRID);
    const grid = wb.position(GRID, /gridCapacity: (.+?)\s*(#|$)/);
    const before = await wb.lineText(grid.line);
    const title = await wb.applyQuickFix(grid.line, grid.column, /Raise gridCapacity/i);
    await wb.screenshot('quick-fix-applied');
    const afterFix = await waitFor('the fixed line', async () => {
      const text = await wb.lineText(grid.line);
      return text !== before ? text : undefined;
    });
    const mw = Number(/gridCapacity:\s*([\d.]+)\s*MW/.exec(afterFix)?.[1]);
    assert.ok(mw >= 216, `"${title}" should raise gridCapacity to at least the 216 MW needed; the line reads: ${afterFix}`);
    // The Problems panel also lists other open files; the status item and the squiggles are this file's.
    const status = await waitFor('the status to show no errors', async () => {
      const text = await wb.extensionStatus();
      return text && (/valid/.test(text) || /: 0 errors/.test(text)) ? text : undefined;
    });
    assert.equal(await wb.squiggles('error'), 0, `status: ${status}`);
    await wb.screenshot('quick-fix-no-errors');
  });

  test('a 50,000-line scenario: the capex hint of a line mid-file follows an edit of its count, without errors', async () => {
    // The benchmark's largest file, as an author with a long bill of materials would have it.
    const LARGE = 'large-bill.gigafactory.yaml';
    writeFileSync(join(wb.workspace, LARGE), (generateScenario as (lines: number, seed: number) => string)(50000, 7));
    await wb.openFile(LARGE);
    const lines = wb.source(LARGE).split('\n');
    const index = lines.findIndex((l, i) => i > 25000 && /^ {6}count: \d+$/.test(l));
    const line = index + 1;
    const count = /count: (\d+)/.exec(lines[index]!)![1]!;
    const before = await wb.waitForHints(line, (hints) => /€[\d.]+[kMB]?/.test(hints), 2 * STEP_TIMEOUT);
    await wb.screenshot('large-file-hint');
    // Double the count: the line's capex hint doubles (up to rounding), the file stays valid.
    const doubled = String(Number(count) * 2);
    await wb.replaceAt(line, lines[index]!.indexOf(count) + 1, count.length, doubled);
    const after = await wb.waitForHints(line, (hints) => hints !== '' && hints !== before, 2 * STEP_TIMEOUT);
    const amount = (h: string) => {
      const m = /€([\d.]+)([kMB]?)/.exec(h)!;
      return Number(m[1]) * ({ '': 1, k: 1e3, M: 1e6, B: 1e9 } as Record<string, number>)[m[2]!]!;
    };
    const ratio = amount(after) / amount(before);
    assert.ok(ratio > 1.9 && ratio < 2.1, `capex hint ${before} → ${after} after ${count} → ${doubled}`);
    assert.equal(await wb.squiggles('error'), 0);
    await wb.screenshot('large-file-edited');
  });
});
