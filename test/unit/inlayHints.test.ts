/**
 * Inlay hints: where each one sits, what it says, and that only the requested
 * span is computed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../server/src/scenario/yamlDocument';
import { readScenario } from '../../server/src/scenario/model';
import { builtinCatalog } from '../../server/src/scenario/catalog';
import { computeFigures } from '../../server/src/scenario/costModel';
import { ALL_HINTS, inlayHints, type Hint, type HintOptions } from '../../server/src/scenario/inlayHints';

function hints(text: string, options: HintOptions = ALL_HINTS, span = { start: 0, end: text.length }): Hint[] {
  const { model } = readScenario(parseYaml(text).document!);
  return inlayHints(model, computeFigures(model, builtinCatalog()), span, options);
}

/** Each hint as "<text of its line up to the hint> ⟨label⟩". */
function placed(text: string, hs: Hint[]): string[] {
  return hs.map((h) => `${text.slice(text.lastIndexOf('\n', h.offset - 1) + 1, h.offset)} ⟨${h.label}⟩`);
}

// IT load 180 MW, facility power 216 MW, capex €6.27B (see costModel.test.ts).
const SMALL = `apiVersion: gigafactory/v1
kind: Scenario
metadata:
  name: small
site:
  country: DE
  gridCapacity: 250 MW
hardware:
  accelerators:
    - model: nvidia-b200
      count: 100000
power:
  pue: 1.2
  price: 100 EUR/MWh
funding:
  - name: Fund
    type: eu-grant
    amount: 2B EUR
  - name: State
    type: member-state
    amount: 4.3B EUR
`;

test('hints after name, hardware:, count, pue, price and each funding amount', () => {
  // opex = €151,372,800 energy + 2% × €6,265,443,481 maintenance = €276,681,670 a year;
  // TCO = €6,265,443,481 + €4,340,309,792 × 1 refresh + €276,681,670 × 10 = €13,372,569,973;
  // per hour = (€4,340,309,792 / 5 + €1,925,133,690 / 15 + €276,681,670) / (100,000 × 8,760 × 80%) = €1.817.
  assert.deepEqual(placed(SMALL, hints(SMALL)), [
    '  name: small ⟨capex €6.27B · TCO €13.4B · €1.82/accelerator-h⟩',
    'hardware: ⟨capex €6.27B⟩',
    '      count: 100000 ⟨≈ €3.23B⟩',
    '  pue: 1.2 ⟨IT 180.0 MW · facility 216.0 MW⟩',
    // 216 MW × 8,760 h × 80% × €100/MWh = €151,372,800
    '  price: 100 EUR/MWh ⟨energy €151M/year⟩',
    '    amount: 2B EUR ⟨32% of capex⟩',
    '    amount: 4.3B EUR ⟨69% of capex⟩',
  ]);
  assert.ok(hints(SMALL).every((h) => h.paddingLeft));
});

test('tooltips give the figure by its spec name with the formula and its numbers', () => {
  const pue = hints(SMALL).find((h) => h.label.startsWith('IT '))!;
  assert.match(pue.tooltip, /\*\*IT load\*\* = 180\.000 MW/);
  assert.match(pue.tooltip, /\*\*facility power\*\* = 216\.000 MW/);
  assert.match(pue.tooltip, /180\.000 MW × 1\.2 = 216\.000 MW/);
  const line = hints(SMALL).find((h) => h.label.startsWith('≈'))!;
  assert.match(line.tooltip, /100,000 × €32,269\.96 = €3,226,996,128/);
  assert.match(line.tooltip, /Jensen Huang on CNBC, 2024-10/);
});

test('without a written price, the yearly energy cost (at the default price) follows pue', () => {
  const text = SMALL.replace('  price: 100 EUR/MWh\n', '');
  const h = hints(text).find((x) => x.label.startsWith('IT '))!;
  // 1,513,728 MWh × €219/MWh (Eurostat DE) = €331,506,432
  assert.equal(h.label, 'IT 180.0 MW · facility 216.0 MW · energy €332M/year');
});

test('only hints inside the requested span are returned', () => {
  const start = SMALL.indexOf('power:');
  const end = SMALL.indexOf('funding:');
  assert.deepEqual(hints(SMALL, ALL_HINTS, { start, end }).map((h) => h.label), ['IT 180.0 MW · facility 216.0 MW', 'energy €151M/year']);
});

test('categories switch off one by one', () => {
  const off = { ...ALL_HINTS, summary: false, funding: false, accelerators: false };
  assert.deepEqual(hints(SMALL, off).map((h) => h.label), ['capex €6.27B', 'IT 180.0 MW · facility 216.0 MW', 'energy €151M/year']);
});

test('a partial document shows every hint it can, and none with NaN or undefined', () => {
  const text = SMALL.replace('pue: 1.2', 'pue: 5');
  const labels = hints(text).map((h) => h.label);
  // pue out of range: no facility power, so no energy, opex, TCO or cost per hour.
  assert.deepEqual(labels, ['capex €6.27B', 'capex €6.27B', '≈ €3.23B', '32% of capex', '69% of capex']);
  // A syntax error halfway down: the figures above it still show.
  const broken = SMALL.replace('funding:\n', 'funding: [\n');
  const parsed = parseYaml(broken);
  assert.ok(parsed.problems.length > 0);
  for (const h of hints(broken)) assert.doesNotMatch(h.label, /NaN|undefined|Infinity/);
  assert.ok(hints(broken).some((h) => h.label === '≈ €3.23B'));
});

// Long lists: the visible lines are found by binary search, and long sums' tooltips are grouped.
import { analyze } from '../../server/src/scenario/analysis';
import { IncrementalAnalyzer } from '../../server/src/scenario/incremental/analyzer';
// @ts-expect-error: a plain ES module without types
import { generateScenario } from '../../scripts/bench/generate.mjs';

const generate = generateScenario as (lines: number, seed: number) => string;

/** Every window of `size` characters, stepped by `step`, plus the whole text. */
function windows(text: string, size: number, step: number): { start: number; end: number }[] {
  const out = [{ start: 0, end: text.length }];
  for (let s = 0; s < text.length; s += step) out.push({ start: s, end: s + size });
  return out;
}

/** The hints of `text` in each window, by binary search (with the text) and by looking at every line (without). */
function assertSearchEqualsScan(text: string, label: string): void {
  const catalog = builtinCatalog();
  const a = analyze(text, { catalog });
  assert.ok(a.model && a.figures, label);
  for (const w of windows(text, 1500, 997)) {
    const scanned = inlayHints(a.model, a.figures, w, ALL_HINTS);
    const searched = inlayHints(a.model, a.figures, w, ALL_HINTS, { text });
    assert.deepEqual(searched, scanned, `${label}: window ${w.start}–${w.end}`);
  }
}

test('long lists: hints in a range found by binary search are exactly those of a full scan', () => {
  const text = generate(2000, 5);
  assertSearchEqualsScan(text, 'generated');
  // Empty items (their span is the list key's), invalid counts and amounts, items without a count.
  let odd = text.replace(/(\n {4}- model: nvidia-h200)/, '\n    -$1');
  let k = 0;
  odd = odd.replace(/count: (\d+)/g, (m, n) => (++k % 7 === 0 ? 'count: many' : k % 11 === 0 ? 'counted: 1' : m));
  odd = odd.replace(/amount: (\d+)M EUR/g, (m) => (++k % 5 === 0 ? 'amount: lots' : m));
  assertSearchEqualsScan(odd, 'with empty items and invalid values');
  // An alias: the hint sits at the anchor; the text then has `*`, and every line is looked at.
  const aliased = text.replace(/count: (\d+)/, 'count: &n $1').replace(/(count: \d+\n)(?![\s\S]*count: &n)/, 'count: *n\n');
  assertSearchEqualsScan(aliased, 'with an alias');
});

test('long lists: after edits, hints found by binary search equal a from-scratch full scan', () => {
  const catalog = builtinCatalog();
  const inc = new IncrementalAnalyzer();
  let text = generate(2000, 9);
  inc.update(text, { catalog });
  for (let i = 0; i < 12; i++) {
    const at = text.indexOf('count: ', (i * 7919) % (text.length - 200)) + 7;
    text = i % 3 === 2 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + String(i % 10) + text.slice(at);
    const a = inc.update(text, { catalog });
    const full = analyze(text, { catalog });
    for (const w of windows(text, 1200, 4001)) {
      assert.deepEqual(inlayHints(a.model!, a.figures!, w, ALL_HINTS, { text }), inlayHints(full.model!, full.figures!, w, ALL_HINTS), `edit ${i}, window ${w.start}`);
    }
  }
});

test('long lists: a sum over thousands of lines is grouped in its tooltip, with the largest lines and each default once', () => {
  const text = generate(20000, 7);
  const catalog = builtinCatalog();
  const a = analyze(text, { catalog });
  const pueAt = text.indexOf('  pue:');
  const lineAt = (o: number) => text.slice(0, o).split('\n').length;
  const [pue] = inlayHints(a.model!, a.figures!, { start: pueAt, end: pueAt + 12 }, ALL_HINTS, { text, lineAt });
  assert.ok(pue && pue.label.startsWith('IT '));
  assert.ok(pue.tooltip.length < 4000, `tooltip of ${pue.tooltip.length} characters`);
  const lines = a.figures!.lines.length;
  assert.match(pue.tooltip, new RegExp(`${lines.toLocaleString('en-US')} accelerator lines\\. Counts: written in this file\\. Power: from the catalog on [\\d,]+ lines \\(6 models\\), written in this file on [\\d,]+ lines\\.`));
  const largest = /Largest by count × power: line ([\d,]+) \(([\w-]+)\) ([\d.]+) MW;/.exec(pue.tooltip);
  assert.ok(largest, pue.tooltip);
  // The named line is where that accelerator is, and no line has a larger count × power.
  const line = text.split('\n')[Number(largest[1]!.replace(/,/g, '')) - 1]!;
  assert.ok(line.includes(largest[2]!), line);
  const max = Math.max(...a.figures!.lines.map((l) => (l.itLoad?.value ?? 0)));
  assert.equal(largest[3], max.toFixed(3));
  const defaults = pue.tooltip.split('\n').filter((l) => l.startsWith('- power ('));
  assert.equal(defaults.length, 6, 'one line per catalog default');
  assert.ok(defaults.every((l) => /\(default; .+\) on [\d,]+ lines$/.test(l)), defaults.join('\n'));
});
