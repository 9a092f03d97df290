/**
 * End to end, in the real VS Code workbench (code-server) with the packaged
 * .vsix installed: the cost report webview ("Gigafactory: Show Cost Report")
 * and the comparison webview ("Gigafactory: Compare With…"). The report's
 * figures must equal the editor's hover, its SVG charts must render, and it
 * must follow edits made in the editor. Each step leaves a screenshot in
 * test-output/e2e/report-NN-*.png.
 *
 * Webviews in VS Code for the web live in nested iframes: the workbench's
 * `iframe.webview` hosts the page in an inner `iframe#active-frame`, which is
 * replaced by a new one whenever the extension sets new HTML. The frame
 * locators below are resolved again on every read, so they follow the swap.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { STEP_TIMEOUT, Workbench, outputDir, waitFor } from './workbench';

const VALID = 'bavaria-b200.gigafactory.yaml';
const OTHER = 'finland-gb200.gigafactory.yaml';
const TIMEOUT = 10 * 60_000;

/** The page of the webview shown in the workbench (the one visible iframe.webview → iframe#active-frame). */
function webview(wb: Workbench): FrameLocator {
  return wb.page.locator('iframe.webview').filter({ visible: true }).contentFrame().locator('iframe#active-frame').contentFrame();
}

/** Saves the visible webview alone (its part of the window) as test-output/e2e/<file>. */
async function shootWebview(wb: Workbench, file: string): Promise<void> {
  await wb.page.locator('iframe.webview').filter({ visible: true }).screenshot({ path: join(outputDir, file) });
}

/** Text of an element in the visible webview, or undefined while it is not there. */
async function webviewText(wb: Workbench, selector: string): Promise<string | undefined> {
  const text = await webview(wb).locator(selector).first().textContent({ timeout: 2_000 }).catch(() => null);
  return text === null ? undefined : text.replace(/\u00a0/g, ' ').trim();
}

/** The value cell of a figure's row in the hover's breakdown table (the hover must be open). */
async function hoverFigure(wb: Workbench, name: string): Promise<string | undefined> {
  const rows = await wb.page
    .locator('.monaco-hover:not(.hidden) .monaco-hover-content table tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').replace(/\u00a0/g, ' ').trim())));
  return rows.find((cells) => cells[0] === name)?.[1];
}

/** Capex as the hover on metadata.name shows it, e.g. "€6,415,443,481". */
async function capexFromHover(wb: Workbench): Promise<string> {
  const name = wb.position(VALID, /^ {2}name: (\S+)/);
  await wb.hover(name.line, name.column + 2, (t) => /capex/i.test(t));
  const value = await waitFor('the capex row of the hover table', () => hoverFigure(wb, 'capex'));
  assert.match(value, /\d/, `the hover's capex: ${value}`);
  return value;
}

describe('the cost report webview in VS Code', { timeout: TIMEOUT }, () => {
  let wb: Workbench;
  before(async () => {
    wb = await Workbench.start({ name: 'report' });
  }, { timeout: 5 * 60_000 });
  afterEach(async (t) => {
    await wb?.screenshot(`end-of-${t.name.slice(0, 40)}`).catch(() => undefined);
  });
  after(async () => {
    await wb?.close();
  });

  test('Show Cost Report opens beside the editor with the hover\'s capex and rendered charts, and follows an edit', async () => {
    await wb.openFile(VALID);
    await waitFor('the status "Scenario valid" (or 0 errors)', async () => {
      const text = await wb.extensionStatus();
      return text && (/valid/.test(text) || /: 0 errors/.test(text)) ? text : undefined;
    }, { timeout: 2 * STEP_TIMEOUT });

    // The figure as the editor shows it.
    const hoverCapex = await capexFromHover(wb);
    await wb.screenshot('hover-capex');
    await wb.dismiss();

    // The editor title has the report button on a scenario file.
    let actions: { label: string; visible: boolean }[] = [];
    const button = await waitFor('the "Show Cost Report" button in the editor title', async () => {
      actions = await wb.page.locator('.editor-group-container .editor-actions .action-label').evaluateAll((els) => els.map((el) => {
        const box = el.getBoundingClientRect();
        return { label: `${el.getAttribute('aria-label') ?? ''} ${el.getAttribute('title') ?? ''} ${el.className}`, visible: box.width > 0 && box.height > 0 };
      }));
      return actions.find((a) => a.visible && /Show Cost Report/.test(a.label));
    }).catch((error: Error) => assert.fail(`${error.message}; the editor title's actions: ${JSON.stringify(actions)}`));
    assert.match(button.label, /codicon-graph/, `the button shows the graph icon: ${button.label}`);
    await wb.screenshot('editor-title-button');

    // Run from the command palette, as a person would.
    await wb.runCommand('Gigafactory: Show Cost Report');
    const shown = await waitFor('the report webview to show capex', () => webviewText(wb, '[data-figure="capex"]'), 2 * STEP_TIMEOUT);
    assert.equal(shown, hoverCapex, 'the report shows the capex the hover shows');
    // Beside the editor: a second editor group, the scenario still open in the first.
    assert.equal(await wb.page.locator('.editor-group-container').count(), 2, 'the report opens in a group beside the editor');
    assert.equal(await wb.page.locator('.editor-group-container .tab[aria-label*="bavaria-b200.gigafactory.yaml"]').count(), 1);
    const kpi = await webviewText(wb, '[data-kpi="capex"] .value');
    assert.match(kpi ?? '', /^€\d/, `the capex card: ${kpi}`);
    const heading = await webviewText(wb, 'h1');
    assert.match(heading ?? '', /Bavaria/, `the report's heading: ${heading}`);
    await wb.screenshot('report-opened');
    await shootWebview(wb, 'report-webview-report.png');

    // The SVG charts render: each chart and a bar in it have a size.
    await webview(wb).locator('[data-chart="capex"]').scrollIntoViewIfNeeded();
    const charts = await webview(wb).locator('figure[data-chart]').evaluateAll((figures) => figures.map((figure) => {
      const svg = figure.querySelector('svg.chart');
      const box = svg?.getBoundingClientRect();
      const bars = [...(svg?.querySelectorAll('rect') ?? [])].map((r) => r.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
      return { chart: figure.getAttribute('data-chart'), width: box?.width ?? 0, height: box?.height ?? 0, bars: bars.length };
    }));
    assert.deepEqual(charts.map((c) => c.chart).sort(), ['capex', 'funding', 'power', 'yearly'], JSON.stringify(charts));
    for (const c of charts) {
      assert.ok(c.width > 50 && c.height > 20, `chart ${c.chart} renders with a size: ${JSON.stringify(c)}`);
      assert.ok(c.bars > 0, `chart ${c.chart} draws bars: ${JSON.stringify(c)}`);
    }
    await wb.screenshot('report-charts');

    // Halve the accelerator count in the editor (the first group; the report kept the focus there).
    await wb.dismiss();
    await wb.page.keyboard.press('Control+1');
    const count = wb.position(VALID, /^\s*count: (\d+)/);
    const digits = /count: (\d+)/.exec(wb.source(VALID).split(/\r?\n/)[count.line - 1]!)![1]!;
    await wb.replaceAt(count.line, count.column, digits.length, String(Math.round(Number(digits) / 2)));
    await wb.screenshot('count-edited');
    const updated = await waitFor('the report webview to show a new capex', async () => {
      const text = await webviewText(wb, '[data-figure="capex"]');
      return text && text !== shown ? text : undefined;
    });
    const amount = (s: string) => Number(s.replace(/[^\d.]/g, ''));
    assert.ok(amount(updated) < amount(shown), `capex falls with half the accelerators: ${shown} → ${updated}`);
    await wb.screenshot('report-after-edit');
    // And it is again what the editor's hover says.
    await wb.page.keyboard.press('Control+1');
    assert.equal(await capexFromHover(wb), updated, 'after the edit, the report and the hover agree');
    await wb.screenshot('hover-after-edit');
    await wb.dismiss();
  });

  test('Compare With… another scenario file opens a comparison listing capex', async () => {
    await wb.dismiss();
    await wb.page.keyboard.press('Control+1');
    await wb.openFile(VALID);
    await wb.runCommand('Gigafactory: Compare With…');
    // The quick pick: HEAD or another file.
    const input = wb.page.locator('.quick-input-widget input');
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Another scenario file' }).first().waitFor();
    await wb.screenshot('compare-quick-pick');
    await input.fill('Another scenario file');
    await wb.page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: 'Another scenario file' }).waitFor();
    await wb.page.keyboard.press('Enter');
    // VS Code for the web opens its own file dialog: a quick input holding a path.
    const path = join(wb.workspace, OTHER);
    await waitFor('the file dialog', async () => {
      const value = await input.inputValue({ timeout: 1_000 }).catch(() => '');
      return (await input.isVisible()) && value.includes('/') ? value : undefined;
    });
    await wb.screenshot('compare-file-dialog');
    await input.fill(path);
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: OTHER }).first().waitFor();
    await wb.page.keyboard.press('Enter');
    const capexRow = await waitFor('the comparison webview to list capex', () => webviewText(wb, 'table.compare tr[data-row="capex"]'), 2 * STEP_TIMEOUT);
    assert.match(capexRow, /^capex/, `the capex row: ${capexRow}`);
    const heading = await webviewText(wb, 'h1');
    assert.match(heading ?? '', new RegExp(`${VALID.replace(/\./g, '\\.')} compared with ${OTHER.replace(/\./g, '\\.')}`), `the comparison's heading: ${heading}`);
    // Both sides have a capex figure and a difference.
    const cells = await webview(wb).locator('table.compare tr[data-row="capex"] td').allTextContents();
    assert.ok(cells.slice(1, 4).every((c) => /\d/.test(c)), `capex in both scenarios and the difference: ${JSON.stringify(cells)}`);
    await wb.screenshot('compare-opened');
    await shootWebview(wb, 'report-webview-compare.png');
  });
});
