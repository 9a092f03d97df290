/**
 * The HTML report of every example, written by the CLI as a real process and
 * opened in headless Chromium: the page loads nothing but itself, each of the
 * four charts renders (SVG with non-zero size and drawn bars), and every
 * figure on the page equals the engine's figure formatted as the hovers
 * format it, and the value the breakdown hover on `metadata.name` shows. Screenshots go to test-output/report/ (git-ignored).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { editorText } from '../../server/src/cli/files';
import { analyze } from '../../server/src/scenario/analysis';
import { builtinCatalog } from '../../server/src/scenario/catalog';
import { FIGURE_NAMES, FIGURE_ORDER, formatFigureValue } from '../../server/src/scenario/costModel';
import { hover } from '../../server/src/scenario/hover';
import { isValid } from '../../server/src/scenario/types';
import { BROKEN, cli, EXAMPLES, OUTPUT, scenarioFiles } from './helpers';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = join(OUTPUT, 'report');
const CHARTS = ['capex', 'funding', 'power', 'yearly'];
// npm test installs Debian's Chromium when it is missing; without it these tests fail, loudly.
assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

describe('HTML report in headless Chromium', () => {
  let browser: Browser;
  before(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => browser?.close());

  /** Writes the report with the CLI and opens it; collects every request and console error. */
  async function open(dir: string, file: string, width = 1200): Promise<{ page: Page; requests: string[]; errors: string[]; html: string }> {
    const html = join(OUT, file.replace(/\.gigafactory\.ya?ml$/, '.html'));
    const r = cli(['report', join(dir, file), '--out', html]);
    assert.ok(r.status === 0 || dir === BROKEN, `report exited ${r.status}: ${r.stderr}`);
    assert.ok(statSync(html).size > 10_000, 'the report is suspiciously small');
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (req) => requests.push(req.url()));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    return { page, requests, errors, html };
  }

  async function chartsRender(page: Page): Promise<void> {
    for (const chart of CHARTS) {
      const svg = page.locator(`figure[data-chart="${chart}"] svg.chart`);
      assert.equal(await svg.count(), 1, `${chart}: no chart`);
      const box = await svg.boundingBox();
      assert.ok(box && box.width > 200 && box.height > 80, `${chart}: SVG of size ${JSON.stringify(box)}`);
      // Bars actually drawn: rectangles with a rendered size (not the pattern tiles in <defs>).
      const drawn = await svg.evaluate((el) => [...el.querySelectorAll(':scope > rect')].filter((r) => {
        const b = (r as SVGGraphicsElement).getBBox();
        return b.width > 0 && b.height > 0;
      }).length);
      assert.ok(drawn >= 2, `${chart}: only ${drawn} bars drawn`);
    }
  }

  for (const file of scenarioFiles(EXAMPLES)) {
    test(`${file}: offline, four charts drawn, figures equal the engine's and the breakdown hover's`, async () => {
      const { page, requests, errors, html } = await open(EXAMPLES, file);
      try {
        assert.deepEqual(requests, [pathToFileURL(html).href], 'the page asked for something besides itself');
        assert.deepEqual(errors, []);
        await chartsRender(page);

        const a = analyze(editorText(readFileSync(join(EXAMPLES, file), 'utf8')), { catalog: builtinCatalog() });
        const shown = await page.locator('[data-figure]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-figure'), e.textContent, e.getAttribute('data-missing')]));
        assert.equal(shown.length, FIGURE_ORDER.length);
        for (const [id, text, missing] of shown) {
          const f = a.figures!.byId[id as (typeof FIGURE_ORDER)[number]];
          if (f) assert.equal(text, formatFigureValue(f, a.figures!.currency), `${id} on the page`);
          else assert.equal(missing, 'true', `${id} is shown although the engine has none`);
        }
        // And what the editor shows: the breakdown hover on metadata.name has the same value in every row.
        const name = a.model!.metadata.name;
        assert.ok(isValid(name));
        const md = hover({ document: a.document!, model: a.model!, figures: a.figures!, catalog: a.catalog }, name.span.start)!.markdown;
        const byId = new Map(shown.map(([id, text, missing]) => [id, missing ? '—' : text]));
        for (const id of FIGURE_ORDER) {
          const row = md.split('\n').find((l) => l.startsWith(`| ${FIGURE_NAMES[id]} | `));
          assert.ok(row, `the hover has no row for ${id}`);
          assert.equal(row.split(' | ')[1], byId.get(id), `${id}: the hover and the report differ`);
        }
        // The breakdown opens on click, with its inputs and their provenance.
        await page.locator('details[data-figure-id="capex"] > summary').click();
        assert.ok(await page.locator('details[data-figure-id="capex"] table').isVisible());
        await page.screenshot({ path: html.replace(/\.html$/, '.png'), fullPage: true });
      } finally {
        await page.close();
      }
    });
  }

  test('funding-gap: the gap is drawn, in red, on the funding bar', async () => {
    const { page } = await open(BROKEN, 'funding-gap.gigafactory.yaml');
    try {
      const gap = page.locator('figure[data-chart="funding"] rect.gap');
      const box = await gap.boundingBox();
      assert.ok(box && box.width > 20, `gap of ${JSON.stringify(box)}`);
      assert.match(await page.locator('figure[data-chart="funding"]').innerText(), /Gap −€1\.48B/);
      assert.match(await page.locator('.kpi.bad[data-kpi="fundingGap"]').innerText(), /−€1\.48B/);
      await page.screenshot({ path: join(OUT, 'funding-gap.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });

  test('a webview-wide page (600 px) stacks the charts and keeps them readable', async () => {
    const { page } = await open(EXAMPLES, 'france-mi355x.gigafactory.yaml', 600);
    try {
      await chartsRender(page);
      const widths = await page.locator('svg.chart').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
      assert.ok(widths.every((w) => w > 400), `chart widths ${widths.join(', ')}`);
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scroll <= 600, `the page scrolls sideways (${scroll} px)`);
      await page.screenshot({ path: join(OUT, 'france-mi355x-narrow.png'), fullPage: true });
    } finally {
      await page.close();
    }
  });
});
