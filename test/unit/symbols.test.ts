/**
 * Outline, folding and navigation on catalog ids, on real scenario files.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyze } from '../../server/src/scenario/analysis';
import { builtinCatalog, mergeCatalogs, parseCatalogFile } from '../../server/src/scenario/catalog';
import {
  ACCELERATORS_URI, acceleratorsView, catalogRefAt, catalogView, countriesView, COUNTRIES_URI, definitionOf, modelReferences,
} from '../../server/src/scenario/navigation';
import { documentSymbols, foldingRanges, type ScenarioSymbol } from '../../server/src/scenario/symbols';
import { cursor, VALID_SCENARIO } from '../helpers/markers';

const catalog = builtinCatalog();
const examples = join(__dirname, '..', '..', 'examples');
const analysis = (text: string) => analyze(text, { catalog });
const symbolsOf = (text: string) => {
  const a = analysis(text);
  return documentSymbols({ document: a.document!, model: a.model, figures: a.figures, text });
};
const outline = (syms: ScenarioSymbol[], depth = 0): string[] =>
  syms.flatMap((s) => [`${'  '.repeat(depth)}${s.name}${s.detail ? ` — ${s.detail}` : ''}`, ...outline(s.children, depth + 1)]);

describe('document symbols', () => {
  test('the outline: sections, the site, each accelerator line with its capex, each funding line with its amount', () => {
    const text = `${VALID_SCENARIO}  - name: EIB\n    type: eib-loan\n    amount: 1B EUR\n    rate: 3.5%\n`;
    assert.deepEqual(outline(symbolsOf(text)), [
      'apiVersion — gigafactory/v1',
      'kind — Scenario',
      'metadata — test-base',
      '  name — test-base',
      'site — FI · 300 MW grid',
      '  country — FI',
      '  gridCapacity — 300 MW',
      'hardware — capex €5.98B',
      '  accelerators — 100,000 accelerators',
      '    nvidia-b200 × 100,000 — capex €3.23B',
      'power',
      '  pue — 1.2',
      'funding',
      '  Equity — private-equity · €9B',
      '  EIB — eib-loan · €1B',
    ]);
  });

  test('ranges: each symbol covers its key and value, ends on its last character, and selects its key', () => {
    const text = VALID_SCENARIO;
    const syms = symbolsOf(text);
    const site = syms.find((s) => s.name === 'site')!;
    assert.equal(text.slice(site.selectionSpan.start, site.selectionSpan.end), 'site');
    assert.equal(text.slice(site.span.start, site.span.end), 'site:\n  country: FI\n  gridCapacity: 300 MW');
    const line = syms.find((s) => s.name === 'hardware')!.children[0]!.children[0]!;
    assert.equal(text.slice(line.span.start, line.span.end), 'model: nvidia-b200\n      count: 100000');
    assert.equal(text.slice(line.selectionSpan.start, line.selectionSpan.end), 'model');
  });

  test('a half-written file still has an outline, without figures', () => {
    const syms = symbolsOf('apiVersion: gigafactory/v1\nhardware:\n  accelerators:\n    - model: nvidia-b200\n');
    assert.deepEqual(outline(syms), ['apiVersion — gigafactory/v1', 'hardware', '  accelerators', '    nvidia-b200']);
  });

  test('every example has an outline with a symbol per funding line', () => {
    for (const f of ['bavaria-b200', 'ireland-h200-usd', 'italy-total-cost']) {
      const text = readFileSync(join(examples, `${f}.gigafactory.yaml`), 'utf8');
      const a = analysis(text);
      const funding = symbolsOf(text).find((s) => s.name === 'funding')!;
      assert.equal(funding.children.length, a.model!.funding.length);
      for (const c of funding.children) assert.match(c.detail!, /^[a-z-]+ · [€$]/);
    }
  });
});

describe('folding ranges', () => {
  test('every block that spans lines folds from its key, list items fold, and comment runs fold', () => {
    const text = `# one\n# two\n${VALID_SCENARIO}`;
    const a = analysis(text);
    const lineOf = (o: number) => text.slice(0, o).split('\n').length - 1;
    const folds = foldingRanges(a.document!, text).map((f) => `${lineOf(f.start)}-${lineOf(f.end)}${f.kind ? ` ${f.kind}` : ''}`);
    assert.deepEqual(folds, ['0-1 comment', '4-5', '6-8', '9-12', '10-12', '11-12', '13-14', '15-18', '16-18']);
  });
});

describe('navigation', () => {
  test('the catalog id or country code under the cursor', () => {
    const { text, offset } = cursor(VALID_SCENARIO.replace('model: nvidia-b200', 'model: nvidia-b2|00'));
    const ref = catalogRefAt(analysis(text).document!, offset)!;
    assert.deepEqual({ kind: ref.kind, id: ref.id, text: text.slice(ref.span.start, ref.span.end) }, { kind: 'accelerator', id: 'nvidia-b200', text: 'nvidia-b200' });
    const c = cursor(VALID_SCENARIO.replace('country: FI', 'country: |FI'));
    assert.equal(catalogRefAt(analysis(c.text).document!, c.offset)?.id, 'FI');
    const k = cursor(VALID_SCENARIO.replace('model: nvidia-b200', 'mo|del: nvidia-b200'));
    assert.equal(catalogRefAt(analysis(k.text).document!, k.offset), undefined);
  });

  test('definition of a built-in id: its entry in the read-only catalog view', () => {
    const def = definitionOf(catalog, { kind: 'accelerator', id: 'nvidia-b200', span: { start: 0, end: 0 } })!;
    assert.ok('view' in def);
    assert.equal(def.view.uri, ACCELERATORS_URI);
    assert.equal(def.view.text.slice(def.span.start, def.span.end), 'id: nvidia-b200');
    const country = definitionOf(catalog, { kind: 'country', id: 'DE', span: { start: 0, end: 0 } })!;
    assert.ok('view' in country && country.view.text.slice(country.span.start, country.span.end) === 'code: DE');
  });

  test('definition of an id from a workspace catalog: that file, at the entry', () => {
    const own = mergeCatalogs(catalog, { accelerators: [{ ...catalog.accelerators.get('nvidia-b200')!, origin: { file: '/ws/quotes.yaml', span: { start: 20, end: 60 } } }], countries: [] });
    assert.deepEqual(definitionOf(own, { kind: 'accelerator', id: 'nvidia-b200', span: { start: 0, end: 0 } }), { file: '/ws/quotes.yaml', span: { start: 20, end: 60 } });
    assert.equal(definitionOf(own, { kind: 'accelerator', id: 'nope', span: { start: 0, end: 0 } }), undefined);
  });

  test('the catalog views are valid workspace catalog files, with every built-in entry, and not scenarios', () => {
    for (const view of [acceleratorsView(catalog), countriesView(catalog)]) {
      const parsed = parseCatalogFile(view.text, view.uri);
      assert.deepEqual(parsed.problems, [], view.uri);
      assert.ok(!/^apiVersion/m.test(view.text.split('\n').find((l) => l && !l.startsWith('#'))!), 'the first line is not apiVersion');
    }
    const parsed = parseCatalogFile(acceleratorsView(catalog).text, 'view');
    assert.deepEqual(parsed.accelerators.map((a) => [a.id, a.unitPrice.amount, a.power]), [...catalog.accelerators.values()].map((a) => [a.id, a.unitPrice.amount, a.power]));
    assert.equal(parseCatalogFile(countriesView(catalog).text, 'view').countries.length, catalog.countries.size);
    assert.equal(catalogView(catalog, COUNTRIES_URI)?.uri, COUNTRIES_URI);
    assert.equal(catalogView(catalog, 'gigafactory-catalog:/other.yaml'), undefined);
  });

  test('references: every line that uses the id', () => {
    const text = VALID_SCENARIO.replace('      count: 100000\n', '      count: 60000\n    - model: amd-mi300x\n      count: 10000\n    - model: "nvidia-b200"\n      count: 40000\n');
    const spans = modelReferences(analysis(text).document!, 'nvidia-b200');
    assert.deepEqual(spans.map((s) => text.slice(s.start, s.end)), ['nvidia-b200', '"nvidia-b200"']);
  });
});
