/**
 * Hovers, written with a `|` cursor marker in the scenario text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../server/src/scenario/yamlDocument';
import { readScenario } from '../../server/src/scenario/model';
import { builtinCatalog } from '../../server/src/scenario/catalog';
import { computeFigures, FIGURE_NAMES } from '../../server/src/scenario/costModel';
import { hover, type HoverResult } from '../../server/src/scenario/hover';
import { locate } from '../../server/src/scenario/locate';

function hoverAt(withCursor: string): { result: HoverResult | undefined; text: string } {
  const offset = withCursor.indexOf('|');
  const text = withCursor.slice(0, offset) + withCursor.slice(offset + 1);
  const document = parseYaml(text).document!;
  const { model } = readScenario(document);
  const catalog = builtinCatalog();
  return { result: hover({ document, model, figures: computeFigures(model, catalog), catalog }, offset), text };
}

const SCENARIO = `apiVersion: gigafactory/v1
kind: Scenario
metadata:
  name: ho|ver
  title: Hover test
site:
  country: DE
  gridCapacity: 250 MW
hardware:
  accelerators:
    - model: nvidia-b200
      count: 100000
power:
  pue: 1.2
timeline:
  start: 2026
funding:
  - name: Fund
    type: eu-grant
    amount: 2B EUR
`;

function at(cursorAfter: string): string {
  const plain = SCENARIO.replace('|', '');
  const i = plain.indexOf(cursorAfter) + cursorAfter.length;
  return plain.slice(0, i) + '|' + plain.slice(i);
}

test('hover on metadata.name: the whole breakdown, every figure by its spec name, defaults with sources', () => {
  const { result, text } = hoverAt(SCENARIO);
  assert.equal(text.slice(result!.span.start, result!.span.end), 'hover');
  const md = result!.markdown;
  assert.match(md, /^\*\*hover\*\* — Hover test/);
  for (const name of Object.values(FIGURE_NAMES)) assert.ok(md.includes(`| ${name} |`), name);
  assert.match(md, /\| capex \| €6,265,443,481 \| `IT capex \+ facility capex \+ landCost` \|/);
  assert.match(md, /\| facility power \| 216\.000 MW \|/);
  assert.match(md, /\| cost per accelerator-hour \| €\d\.\d{3} per accelerator-hour \|/);
  assert.match(md, /\*\*Defaults used\*\*/);
  assert.match(md, /\| unitPrice \(nvidia-b200, catalog\) \| \$35,000 = €32,269\.96 \| Jensen Huang on CNBC, 2024-10 \|/);
  assert.match(md, /Turner & Townsend/);
  assert.match(md, /Simplifications of version 1/);
});

test('hover on pue: facility power with its formula and inputs', () => {
  const { result, text } = hoverAt(at('  pu'));
  assert.equal(text.slice(result!.span.start, result!.span.end), 'pue');
  const md = result!.markdown;
  assert.match(md, /#### facility power = 216\.000 MW/);
  assert.match(md, /Formula: `IT load × pue`/);
  assert.match(md, /180\.000 MW × 1\.2 = 216\.000 MW/);
  assert.match(md, /\| pue \| 1\.2 \| this file \|/);
  assert.match(md, /\| IT load \| 180\.000 MW \| figure \|/);
  // The defaults IT load rests on are named with their sources.
  assert.match(md, /Defaults behind the input figures:/);
  assert.match(md, /- hostOverhead: 80% \(default: NVIDIA DGX H100 and DGX B200 user guides, 2024/);
  assert.match(md, /- power \(nvidia-b200, catalog\): 1,000 W \(default: Jensen Huang on CNBC, 2024-10/);
});

test('hover on the pue value works the same as on its key', () => {
  const { result, text } = hoverAt(at('  pue: 1'));
  assert.equal(text.slice(result!.span.start, result!.span.end), '1.2');
  assert.match(result!.markdown, /#### facility power = 216\.000 MW/);
});

test('hover on a catalog id: the entry and its source, then the line figures', () => {
  const { result, text } = hoverAt(at('model: nvidia'));
  assert.equal(text.slice(result!.span.start, result!.span.end), 'nvidia-b200');
  const md = result!.markdown;
  assert.match(md, /^\*\*NVIDIA B200\*\* \(`nvidia-b200`\)/);
  assert.match(md, /\| unit price \| \$35,000 \(sources range \$30,000–\$40,000\) \|/);
  assert.match(md, /\| source \| Jensen Huang on CNBC, 2024-10 \|/);
  assert.match(md, /#### accelerators capex \(nvidia-b200\) = €3,226,996,128/);
});

test('hover on country names the defaults it supplies, with their sources', () => {
  const md = hoverAt(at('  countr')).result!.markdown;
  assert.match(md, /price \(DE\) \| €219\/MWh \| default: Eurostat/);
  assert.match(md, /buildCostPerMW \(DE\) \| \$11,600,000 per MW = €10,695,187\.17 per MW \| default: Turner & Townsend/);
});

test('hover on a key that feeds no figure: the schema description', () => {
  const md = hoverAt(at('  star')).result!.markdown;
  assert.match(md, /^\*\*start\*\*/);
  assert.doesNotMatch(md, /####/);
});

test('a figure that cannot be computed says so instead of showing a number', () => {
  const text = at('  pu').replace('pu|e: 1.2', 'pu|e: 9');
  const md = hoverAt(text).result!.markdown;
  assert.match(md, /#### facility power\n\n\*Not computed: an input it needs is missing or invalid\.\*/);
  assert.doesNotMatch(md, /NaN|undefined/);
});

test('locate finds keys, values and list items by offset', () => {
  const text = SCENARIO.replace('|', '');
  const doc = parseYaml(text).document!;
  const loc = locate(doc, text.indexOf('100000') + 2)!;
  assert.deepEqual(loc.path, ['hardware', 'accelerators', 0, 'count']);
  assert.equal(loc.on, 'value');
  assert.deepEqual(locate(doc, text.indexOf('amount'))!.path, ['funding', 0, 'amount']);
  // Indentation between two pairs is neither a key nor a value.
  assert.equal(locate(doc, text.indexOf('  title')), undefined);
});

// Long lists: locate by binary search, grouped sums, provenance from one walk.
import { isMap, isPair, isScalar, isSeq, type Document, type Node, type ParsedNode } from 'yaml';
import { analyze } from '../../server/src/scenario/analysis';
import { provenance } from '../../server/src/scenario/aggregates';
import { figureProvenance } from '../../server/src/scenario/figure';
import { FIGURE_ORDER } from '../../server/src/scenario/costModel';
import { readFileSync, readdirSync } from 'node:fs';
// @ts-expect-error: a plain ES module without types
import { generateScenario } from '../../scripts/bench/generate.mjs';

const generate = generateScenario as (lines: number, seed: number) => string;

/** locate as it was: every pair and item looked at in order. */
function locateByScan(doc: Document, offset: number) {
  const r = (n: unknown) => (n as ParsedNode | null)?.range;
  const inside = (n: unknown, inclusive: boolean) => { const x = r(n); return !!x && offset >= x[0] && (inclusive ? offset <= x[1] : offset < x[1]); };
  const sp = (n: unknown) => ({ start: r(n)![0], end: r(n)![1] });
  const visit = (node: Node | null, path: (string | number)[]): unknown => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const here = [...path, String(pair.key.value)];
        if (inside(pair.key, true)) return { path: here, on: 'key', span: sp(pair.key) };
        const v = pair.value as Node | null;
        if (isScalar(v) && inside(v, true)) return { path: here, on: 'value', span: sp(v) };
        if ((isMap(v) || isSeq(v)) && inside(v, false)) return visit(v, here);
      }
      return undefined;
    }
    if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) {
        const item = node.items[i] as Node | null;
        if (isScalar(item) && inside(item, true)) return { path: [...path, i], on: 'value', span: sp(item) };
        if ((isMap(item) || isSeq(item)) && inside(item, false)) return visit(item, [...path, i]);
      }
    }
    return undefined;
  };
  return visit(doc.contents as Node | null, []);
}

test('locate in long lists (binary search over items) finds what looking at every item finds', () => {
  const flow = `hardware:\n  accelerators: [${Array.from({ length: 40 }, (_, i) => `{model: nvidia-h200, count: ${i + 1}}`).join(', ')}]\ntags: [${Array.from({ length: 30 }, (_, i) => `t${i}`).join(',')}]\n`;
  for (const text of [generate(2000, 5), flow, generate(2000, 5).replace(/(\n {4}- model: nvidia-h200)/, '\n    -$1')]) {
    const doc = parseYaml(text).document!;
    for (let o = 0; o <= text.length; o += o < 3000 ? 1 : 7) assert.deepEqual(locate(doc, o), locateByScan(doc, o), `offset ${o}`);
  }
});

test('provenance from the lines\' statistics equals the figures\' own, for every figure', () => {
  const dir = 'examples';
  const texts = [generate(2000, 5), generate(300, 3), ...readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(`${dir}/${f}`, 'utf8'))];
  // Loans without a term (the horizon is their default), written and catalog values mixed.
  texts.push(generate(2000, 5).replace(/termYears: \d+\n/g, ''));
  for (const text of texts) {
    const a = analyze(text, { catalog: builtinCatalog() });
    for (const id of FIGURE_ORDER) {
      const f = a.figures?.byId[id];
      if (f) assert.deepEqual(provenance(f, a.figures!), figureProvenance(f), id);
    }
  }
});

test('hover on a count in a long list: the sums are grouped, with the largest lines, and stay short', () => {
  const text = generate(20000, 7);
  const catalog = builtinCatalog();
  const a = analyze(text, { catalog });
  const at = text.indexOf('count: ', text.length >> 2) + 8;
  const lineAt = (o: number) => text.slice(0, o).split('\n').length;
  const md = hover({ document: a.document!, model: a.model!, figures: a.figures!, catalog, lineAt }, at)!.markdown;
  assert.ok(md.length < 12_000, `${md.length} characters`);
  const n = a.figures!.lines.length.toLocaleString('en-US');
  assert.match(md, new RegExp(`#### accelerators capex = [^\\n]+\\n[\\s\\S]*\\*\\*${n} accelerator lines\\*\\*\\. Counts: written in this file\\. Unit price: from the catalog on [\\d,]+ lines \\(6 models\\), written in this file on [\\d,]+ lines\\.`));
  assert.match(md, /The 5 largest by capex:\n\n\| line \| model \| count \| unit price \| capex \|/);
  assert.match(md, /The 5 largest by count × power:\n\n\| line \| model \| count \| power \| IT load \|/);
  // The IT load's other input and its catalog defaults, each once, with how many lines use it.
  assert.match(md, /\| hostOverhead \| 80% \| this file \|/);
  assert.match(md, /\| power \(nvidia-b200, catalog\) \| 1,000 W \| default: Jensen Huang on CNBC, 2024-10 — on [\d,]+ lines \|/);
  assert.doesNotMatch(md, /more inputs/);
  // Each largest row names the line it is on.
  for (const m of md.matchAll(/^\| ([\d,]+) \| ([\w-]+) \| (\d+) \|/gm)) {
    const line = text.split('\n')[Number(m[1]!.replace(/,/g, '')) - 1]!;
    assert.ok(line.includes(m[2]!), `line ${m[1]}: ${line}`);
  }
});

import { acceleratorStats, fundingStats } from '../../server/src/scenario/aggregates';
import { walkAcceleratorStats, walkFundingStats } from './reference/lineStatsWalk';
import { IncrementalAnalyzer } from '../../server/src/scenario/incremental/analyzer';

test('the lines\' statistics the cost model gathers in its loops equal a walk over the line figures', () => {
  const base = generate(3000, 11);
  const texts = [
    base,
    generate(300, 3),
    // Ties everywhere (equal counts and amounts), loans without a term, invalid and unknown values mixed in.
    base.replace(/count: \d+/g, 'count: 500').replace(/amount: \d+M EUR/g, 'amount: 7M EUR'),
    base.replace(/termYears: \d+\n/g, '').replace(/(count: )(\d)(\d+)\n/g, (m, k, d, rest) => (d === '3' ? `${k}-${rest}\n` : m)),
    base.replace(/model: nvidia-b200/g, 'model: mystery-chip').replace(/(amount: )(\d)(\d*M EUR)/g, (m, k, d, rest) => (d === '4' ? `${k}lots` : m)),
    base.replace(/(- model: )nvidia-h100-sxm/g, '$1custom\n      unitPrice: 30k EUR\n      power: 700 W'),
    ...readdirSync('examples').filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(`examples/${f}`, 'utf8')),
  ];
  const catalog = builtinCatalog();
  for (const text of texts) {
    const a = analyze(text, { catalog });
    if (!a.figures) continue;
    assert.deepEqual(acceleratorStats(a.figures), walkAcceleratorStats(a.figures));
    assert.deepEqual(fundingStats(a.figures), walkFundingStats(a.figures));
  }
  // Through the incremental analyzer, which keeps line figures across edits: after edits of a count and an amount.
  const analyzer = new IncrementalAnalyzer();
  let text = base;
  for (const edit of [(t: string) => t, (t: string) => t.replace('count: ', 'count: 9'), (t: string) => t.replace(/amount: \d+M/, 'amount: 999999M'), (t: string) => t.replace('count: 9', 'count: ')]) {
    text = edit(text);
    const figures = analyzer.update(text, { catalog }).figures!;
    assert.deepEqual(acceleratorStats(figures), walkAcceleratorStats(figures));
    assert.deepEqual(fundingStats(figures), walkFundingStats(figures));
  }
});

import { warmUp } from '../../server/src/scenario/warmUp';

test('the warm-up runs the hint and hover paths: hints over its scenario and every one of its hovers answered', () => {
  const catalog = builtinCatalog();
  assert.deepEqual(warmUp(catalog), { hints: 19, hovers: 8 });
});
