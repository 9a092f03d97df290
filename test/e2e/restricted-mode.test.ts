/**
 * Restricted Mode: workspace trust on and the folder not trusted. The
 * extension runs no workspace code, declares support for untrusted
 * workspaces, and must work the same there.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { STEP_TIMEOUT, Workbench, waitFor } from './workbench';

const VALID = 'bavaria-b200.gigafactory.yaml';

describe('the packaged extension in Restricted Mode', { timeout: 10 * 60_000 }, () => {
  let wb: Workbench;
  before(async () => {
    wb = await Workbench.start({ name: 'restricted', trust: 'untrusted' });
  }, { timeout: 5 * 60_000 });
  afterEach(async (t) => {
    // The state each test leaves behind, failed or not, for whoever reads the screenshots.
    await wb?.screenshot(`end-of-${t.name.slice(0, 40)}`).catch(() => undefined);
  });
  after(async () => {
    await wb?.close();
  });

  test('the workbench is in Restricted Mode', async () => {
    const items = await waitFor('the Restricted Mode status item', async () => {
      const texts = await wb.statusBar();
      return texts.some((t) => t.includes('Restricted Mode')) ? texts : undefined;
    });
    assert.ok(items.includes('Restricted Mode'));
  });

  test('diagnostics, hints and the status item work in an untrusted folder', async () => {
    await wb.openFile('broken/wrong-unit.gigafactory.yaml');
    const rows = await wb.waitForProblems((rows) => rows.some((row) => row.startsWith('Error:') && row.includes('gridCapacity')), 2 * STEP_TIMEOUT);
    assert.ok(rows.length > 0);
    await wb.screenshot('restricted-problems');
    await wb.closePanel();
    await wb.openFile(VALID);
    const pue = wb.position(VALID, /^\s*pue:/);
    const hints = await wb.waitForHints(pue.line, (h) => h.includes('MW'), 2 * STEP_TIMEOUT);
    assert.match(hints, /MW/);
    assert.ok(await wb.extensionStatus(), 'the extension shows its status item');
    await wb.screenshot('restricted-hints');
  });
});
