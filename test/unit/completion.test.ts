/**
 * Completion, as an author types: a snippet with a `|` cursor and the items
 * expected there, in the order offered.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SCENARIO_TEMPLATE, scenarioTemplateSnippet } from '../../common/scenarioTemplate';
import { analyze } from '../../server/src/scenario/analysis';
import { builtinCatalog, mergeCatalogs } from '../../server/src/scenario/catalog';
import { completions, type CompletionEntry } from '../../server/src/scenario/completion';
import { cursor, VALID_SCENARIO, variant } from '../helpers/markers';

const catalog = builtinCatalog();

function at(marked: string, cat = catalog): { items: CompletionEntry[]; text: string; offset: number } {
  const { text, offset } = cursor(marked);
  return { items: completions(text, offset, cat), text, offset };
}
const labels = (marked: string) => at(marked).items.map((i) => i.label);
/** The item's text as it lands in the file. */
function inserted(marked: string, label: string): string {
  const { items, text } = at(marked);
  const item = items.find((i) => i.label === label);
  assert.ok(item, `no ${label} among ${items.map((i) => i.label).join(', ')}`);
  return text.slice(0, item.replace.start) + item.insertText + text.slice(item.replace.end);
}

describe('completion', () => {
  describe('keys', () => {
    test('a section offers the keys it does not have yet, in the schema order', () => {
      assert.deepEqual(labels(variant('  country: FI\n', '  country: FI\n  |\n')), ['name', 'gridIntensity', 'gridAvailableFrom', 'landCost', 'buildCostPerMW']);
    });

    test('the word typed so far is replaced, and documentation comes from the schema', () => {
      const { items, text } = at(variant('  country: FI\n', '  country: FI\n  gridA|\n'));
      const item = items.find((i) => i.label === 'gridAvailableFrom')!;
      assert.equal(text.slice(item.replace.start, item.replace.end), 'gridA');
      assert.equal(item.insertText, 'gridAvailableFrom: ');
      assert.equal(item.detail, 'Grid available from');
      assert.ok(item.documentation && item.documentation.length > 20);
    });

    test('required keys come first and say so', () => {
      const { items } = at('apiVersion: gigafactory/v1\nkind: Scenario\n|');
      const required = items.filter((i) => i.detail?.endsWith('(required)')).map((i) => i.label);
      assert.deepEqual(required, ['metadata', 'site', 'hardware', 'power', 'funding']);
      const sorted = [...items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).map((i) => i.label);
      assert.deepEqual(sorted.slice(0, 5), required);
    });

    test('a section key opens a block at the next indentation', () => {
      const { items } = at('apiVersion: gigafactory/v1\nkind: Scenario\n|');
      assert.equal(items.find((i) => i.label === 'site')!.insertText, 'site:\n  $0');
      assert.equal(items.find((i) => i.label === 'funding')!.insertText, 'funding:\n  - $0');
      assert.equal(items.find((i) => i.label === 'currency')!.retrigger, true);
    });

    test('keys of an accelerator line, below its first key', () => {
      assert.deepEqual(labels(variant('      count: 100000\n', '      count: 100000\n      |\n')), ['unitPrice', 'power']);
    });

    test('a new list item offers the item snippet and every key of an item', () => {
      const marked = variant('    amount: 9B EUR\n', '    amount: 9B EUR\n  - |\n');
      assert.deepEqual(labels(marked), ['New funding line', 'New loan line', 'name', 'type', 'amount', 'rate', 'termYears']);
      assert.equal(
        inserted(marked, 'New funding line'),
        variant('    amount: 9B EUR\n', '    amount: 9B EUR\n  - name: ${1:InvestAI gigafactory fund}\n    type: ${2|eu-grant,member-state,private-equity,other|}\n    amount: ${3:1B EUR}$0\n'),
      );
    });

    test('at the list\'s own indentation the snippet brings its dash', () => {
      const marked = variant('    amount: 9B EUR\n', '    amount: 9B EUR\n  |\n');
      assert.deepEqual(labels(marked), ['New funding line', 'New loan line']);
      assert.match(at(marked).items[0]!.insertText, /^- name: /);
    });

    test('a new accelerator line', () => {
      const marked = variant('      count: 100000\n', '      count: 100000\n    - |\n');
      assert.equal(labels(marked)[0], 'New accelerator line');
    });

    test('loan-only keys are not offered on a line that is not a loan', () => {
      assert.deepEqual(labels(variant('    amount: 9B EUR\n', '    amount: 9B EUR\n    |\n')), []);
      const loan = variant('    type: private-equity\n    amount: 9B EUR\n', '    type: eib-loan\n    amount: 9B EUR\n    |\n');
      assert.deepEqual(labels(loan), ['rate', 'termYears']);
    });

    test('an empty file offers the new-scenario snippet first, and it passes every check', () => {
      const { items } = at('|');
      assert.equal(items[0]!.label, 'New gigafactory scenario');
      assert.equal(items[0]!.snippet, true);
      assert.equal(items[0]!.insertText, scenarioTemplateSnippet());
      // With every tab stop left at its default, the snippet is the template.
      const expanded = scenarioTemplateSnippet().replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$0/g, '');
      assert.equal(expanded, SCENARIO_TEMPLATE);
      assert.deepEqual(analyze(expanded, { catalog }).problems, []);
    });

    test('comments and blank lines do not change where a key belongs', () => {
      const marked = variant('  country: FI\n', '  country: FI\n\n  # the grid\n  |\n');
      assert.ok(labels(marked).includes('gridAvailableFrom'));
    });
  });

  describe('values', () => {
    test('catalog ids, with price and power in the detail', () => {
      const { items } = at(variant('model: nvidia-b200', 'model: nv|'));
      const b200 = items.find((i) => i.label === 'nvidia-b200')!;
      assert.equal(b200.detail, 'USD 35,000 · 1,000 W');
      assert.match(b200.documentation!, /Jensen Huang on CNBC/);
      assert.equal(items.at(-1)!.label, 'custom');
      assert.ok(items.find((i) => i.label === 'nvidia-h200')!.detail!.includes('(estimate)'));
    });

    test('ids from a workspace catalog are offered too, naming the file', () => {
      const own = mergeCatalogs(catalog, { accelerators: [{ ...catalog.accelerators.get('nvidia-b200')!, id: 'acme-x1', origin: { file: '/ws/catalog.yaml' } }], countries: [] });
      const { items } = at(variant('model: nvidia-b200', 'model: |'), own);
      assert.match(items.find((i) => i.label === 'acme-x1')!.documentation!, /catalog\.yaml/);
    });

    test('country codes, with the power price', () => {
      const { items, text } = at(variant('country: FI', 'country: F|'));
      const fi = items.find((i) => i.label === 'FI')!;
      assert.equal(fi.detail, 'Finland · power 85 EUR/MWh');
      assert.equal(text.slice(fi.replace.start, fi.replace.end), 'F');
      assert.ok(items.length >= 27);
    });

    test('enum values with their description', () => {
      const { items } = at(variant('type: private-equity', 'type: |'));
      assert.deepEqual(items.map((i) => i.label), ['eu-grant', 'member-state', 'eib-loan', 'private-equity', 'private-debt', 'other']);
      assert.match(items[0]!.documentation!, /EU money/);
      assert.deepEqual(labels('apiVersion: |'), ['gigafactory/v1']);
      assert.deepEqual(labels(`${VALID_SCENARIO}currency: |`), ['EUR', 'USD']);
    });

    test('units after a number, the field\'s own unit first', () => {
      const { items } = at(variant('gridCapacity: 300 MW', 'gridCapacity: 300|'));
      assert.deepEqual(items.map((i) => i.label), ['W', 'kW', 'MW', 'GW']);
      const mw = items.find((i) => i.label === 'MW')!;
      assert.equal(mw.sortText, '0');
      assert.equal(inserted(variant('gridCapacity: 300 MW', 'gridCapacity: 300|'), 'MW'), VALID_SCENARIO);
      assert.equal(inserted(variant('amount: 9B EUR', 'amount: 9B |'), 'EUR'), VALID_SCENARIO);
      assert.deepEqual(labels(variant('      count: 100000\n', '      count: 100000\n      power: 1.2k|\n')), ['W', 'kW', 'MW', 'GW']);
      assert.equal(inserted(`${VALID_SCENARIO}assumptions:\n  utilization: 80|\n`, '%'), `${VALID_SCENARIO}assumptions:\n  utilization: 80%\n`);
    });

    test('no units for counts, and nothing inside a comment or after a complete value', () => {
      assert.deepEqual(labels(variant('count: 100000', 'count: 100|')), []);
      assert.deepEqual(labels(variant('  pue: 1.2', '  pue: 1.2 # note |')), []);
    });
  });
});
