/**
 * Quick fixes as a scenario author meets them: a snippet with a problem, the
 * fix offered for it, and the exact text after applying it, with the problem
 * gone and nothing else touched.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../server/src/scenario/analysis';
import { builtinCatalog } from '../../server/src/scenario/catalog';
import { repairsFor, slugify } from '../../server/src/scenario/quickFixes';
import type { Repair } from '../../server/src/scenario/types';
import { SCENARIO_TEMPLATE } from '../../common/scenarioTemplate';
import { VALID_SCENARIO, variant } from '../helpers/markers';

const catalog = builtinCatalog();
const analysis = (text: string) => analyze(text, { catalog });

function apply(text: string, r: Repair): string {
  let out = text;
  for (const e of [...r.edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.text + out.slice(e.span.end);
  return out;
}

/** The repairs of the one problem with `code`, in the order offered. */
function repairs(text: string, code: string): Repair[] {
  const a = analysis(text);
  const p = a.problems.find((x) => x.code === code);
  assert.ok(p, `no ${code} problem; got ${a.problems.map((x) => `${x.code}: ${x.message}`).join('; ')}`);
  return repairsFor(a, p);
}

/** Applies the first (preferred) repair of the `code` problem and checks the exact result. */
function fixes(text: string, code: string, expected: string, remaining: string[] = []) {
  const [r] = repairs(text, code);
  assert.ok(r, `no repair for ${code}`);
  const fixed = apply(text, r);
  assert.equal(fixed, expected);
  assert.deepEqual(analysis(fixed).problems.map((p) => p.code), remaining, analysis(fixed).problems.map((p) => p.message).join('\n'));
  return r;
}

describe('quick fixes', () => {
  test('the base scenario and the new-scenario template have no problems to fix', () => {
    assert.deepEqual(analysis(VALID_SCENARIO).problems, []);
    assert.deepEqual(analysis(SCENARIO_TEMPLATE).problems, []);
  });

  describe('units', () => {
    test('"250 EUR" as gridCapacity: the number in MW (also the example)', () => {
      const r = fixes(variant('gridCapacity: 300 MW', 'gridCapacity: 250 EUR'), 'quantity', variant('gridCapacity: 300 MW', 'gridCapacity: 250 MW'));
      assert.match(r.title, /^Write 250 MW/);
    });

    test('a currency where a price per MWh goes: the number per MWh first, the example second', () => {
      const text = variant('  pue: 1.2\n', '  pue: 1.2\n  price: "190 EUR"   # quoted on purpose\n');
      const rs = repairs(text, 'quantity');
      assert.deepEqual(rs.map((r) => r.title), ['Write 190 EUR/MWh (price is a price per MWh)', 'Replace with the example 95 EUR/MWh']);
      assert.equal(apply(text, rs[0]!), variant('  pue: 1.2\n', '  pue: 1.2\n  price: "190 EUR/MWh"   # quoted on purpose\n'));
      assert.equal(rs.filter((r) => r.preferred).length, 1);
    });

    test('a power unit in a money field keeps the number in the reporting currency', () => {
      const text = variant('  country: FI\n', '  country: FI\n  landCost: 150 MW\n');
      fixes(text, 'quantity', variant('  country: FI\n', '  country: FI\n  landCost: 150 EUR\n'));
    });

    test('a unit that means one the field takes is converted: case, words, cents per kWh, t/MWh', () => {
      fixes(variant('gridCapacity: 300 MW', 'gridCapacity: 300 mw'), 'quantity', VALID_SCENARIO);
      fixes(variant('gridCapacity: 300 MW', 'gridCapacity: "0.3 gw"'), 'quantity', variant('gridCapacity: 300 MW', 'gridCapacity: "0.3 GW"'));
      fixes(variant('count: 100000', 'count: 100000\n      power: 1 kw'), 'quantity', variant('count: 100000', 'count: 100000\n      power: 1 kW'));
      fixes(variant('amount: 9B EUR', 'amount: 9B euro'), 'quantity', VALID_SCENARIO);
      const price = (v: string) => variant('  pue: 1.2\n', `  pue: 1.2\n  price: ${v}\n`);
      const r = fixes(price('8.5 ct/kWh'), 'quantity', price('85 EUR/MWh'));
      assert.equal(r.title, 'Convert to 85 EUR/MWh');
      const carbon = (v: string) => variant('  country: FI\n', `  country: FI\n  gridIntensity: ${v}\n`);
      fixes(carbon('0.079 t/MWh'), 'quantity', carbon('79 g/kWh'));
    });

    test('a valid unit other than the default is no problem (250000 kW is fine)', () => {
      assert.deepEqual(analysis(variant('gridCapacity: 300 MW', 'gridCapacity: 300000 kW')).problems, []);
    });

    test('m (milli) becomes M in every spelling, keeping the quotes', () => {
      fixes(variant('gridCapacity: 300 MW', 'gridCapacity: 300 mW'), 'quantity', VALID_SCENARIO);
      fixes(variant('gridCapacity: 300 MW', "gridCapacity: '300mW'"), 'quantity', variant('gridCapacity: 300 MW', "gridCapacity: '300MW'"));
      fixes(variant('amount: 9B EUR', 'amount: 9000m EUR'), 'quantity', variant('amount: 9B EUR', 'amount: 9000M EUR'));
      fixes(variant('amount: 9B EUR', 'amount: "€9000m"'), 'quantity', variant('amount: 9B EUR', 'amount: "€9000M"'));
    });

    test('counts with separators and whole-number percentages', () => {
      fixes(variant('count: 100000', 'count: "100 000"'), 'quantity', VALID_SCENARIO);
      fixes(variant('count: 100000', 'count: 100k'), 'quantity', VALID_SCENARIO);
      const text = variant('  pue: 1.2\n', '  pue: 1.2\n  renewableShare: 60\n');
      fixes(text, 'quantity', variant('  pue: 1.2\n', '  pue: 1.2\n  renewableShare: 60%\n'));
    });
  });

  describe('missing keys and sections', () => {
    test('a missing required key goes in the schema order, indented like its siblings', () => {
      const text = variant('power:\n  pue: 1.2\n', 'power:\n  price: 85 EUR/MWh   # PPA\n');
      fixes(text, 'schema-required', variant('power:\n  pue: 1.2\n', 'power:\n  pue: 1.2\n  price: 85 EUR/MWh   # PPA\n'));
    });

    test('a missing gridCapacity is the need rounded up to 5 MW', () => {
      const text = variant('  gridCapacity: 300 MW\n', '');
      fixes(text, 'schema-required', variant('  gridCapacity: 300 MW\n', '  gridCapacity: 220 MW\n'));
    });

    test('a missing section is inserted with its defaults, in the schema order', () => {
      const text = variant('power:\n  pue: 1.2\n', '');
      const r = fixes(text, 'schema-required', VALID_SCENARIO);
      assert.equal(r.title, 'Add `power` with its defaults');
    });

    test('missing funding is one private-equity line covering capex', () => {
      const text = VALID_SCENARIO.slice(0, VALID_SCENARIO.indexOf('funding:'));
      fixes(text, 'schema-required', `${text}funding:\n  - name: Private equity\n    type: private-equity\n    amount: 5.99B EUR\n`);
    });

    test('missing hardware gets one line of the minimum count', () => {
      const text = variant('hardware:\n  accelerators:\n    - model: nvidia-b200\n      count: 100000\n', '');
      fixes(text, 'schema-required', VALID_SCENARIO);
    });

    test('an empty section gets its required keys beneath', () => {
      const text = variant('power:\n  pue: 1.2\n', 'power:   # to do\n');
      fixes(text, 'schema-type', variant('power:\n  pue: 1.2\n', 'power:   # to do\n  pue: 1.2\n'));
    });

    test('an empty list gets a first item, as a block list; a comment after it stays', () => {
      const lines = '  accelerators:\n    - model: nvidia-b200\n      count: 100000\n';
      fixes(variant(lines, '  accelerators: []   # later\n'), 'schema-min-items', variant(lines, lines.replace('accelerators:', 'accelerators:   # later')));
      const noFunding = VALID_SCENARIO.replace(/funding:[\s\S]*$/, '');
      const funding = 'funding:\n  - name: Private equity\n    type: private-equity\n    amount: 5.99B EUR\n';
      fixes(`${noFunding}funding: []\n`, 'schema-min-items', `${noFunding}${funding}`);
      fixes(`${noFunding}funding:\n`, 'schema-type', `${noFunding}${funding}`);
    });

    test('in a file with CRLF line ends and four-space indentation, the inserted line follows both', () => {
      const four = [
        'apiVersion: gigafactory/v1', 'kind: Scenario', 'metadata:', '    name: test-base', 'site:', '    country: FI', '    gridCapacity: 300 MW',
        'hardware:', '    accelerators:', '        - model: nvidia-b200', '          count: 100000', 'power:', '    price: 85  # EUR/MWh',
        'funding:', '    - name: Equity', '      type: private-equity', '      amount: 9B EUR', '',
      ].join('\r\n');
      fixes(four, 'schema-required', four.replace('power:\r\n', 'power:\r\n    pue: 1.2\r\n'));
    });

    test('custom without unitPrice: the key is inserted empty, for the author to fill', () => {
      const text = variant('    - model: nvidia-b200\n', '    - model: custom\n      power: 900 W\n');
      const r = fixes(text, 'schema-required', variant('    - model: nvidia-b200\n', '    - model: custom\n      power: 900 W\n').replace('      count: 100000\n', '      count: 100000\n      unitPrice: \n'), ['quantity']);
      assert.equal(r.title, 'Add `unitPrice: ` to fill in');
    });

    test('an unknown key that is a typo of the missing one: the rename comes first', () => {
      const text = variant('gridCapacity: 300 MW', 'gridCapcity: 300 MW');
      const rs = repairs(text, 'schema-required');
      assert.equal(rs[0]!.title, 'Rename to gridCapacity');
      assert.equal(apply(text, rs[0]!), VALID_SCENARIO);
      assert.equal(rs.filter((r) => r.preferred).length, 1);
    });
  });

  describe('loans', () => {
    const withLoan = variant('    type: private-equity\n    amount: 9B EUR\n', '    type: private-equity\n    amount: 8B EUR\n  - name: EIB   # signed\n    type: eib-loan\n    amount: 1B EUR\n');

    test('a loan without rate gets `rate: ` on a line of its own, indented like the item\'s keys', () => {
      const r = fixes(withLoan, 'schema-loan-rate', `${withLoan}    rate: \n`, ['quantity']);
      assert.match(r.title, /^Add `rate: `/);
    });

    test('rate on a line that is not a loan: its whole line goes, comment and all', () => {
      const text = variant('    amount: 9B EUR\n', '    amount: 9B EUR\n    rate: 2%   # left over\n    # a note that stays\n');
      fixes(text, 'schema-loan-only', variant('    amount: 9B EUR\n', '    amount: 9B EUR\n    # a note that stays\n'));
    });

    test('termYears on a grant goes too, and changing the type is offered', () => {
      const text = variant('    type: private-equity\n', '    type: private-equity\n    termYears: 12\n');
      const rs = repairs(text, 'schema-loan-only');
      assert.deepEqual(rs.map((r) => r.title), ['Remove `termYears` (loans only)', 'Change the type to eib-loan', 'Change the type to private-debt']);
      assert.equal(apply(text, rs[0]!), VALID_SCENARIO);
    });

    test('a stray rate as the first key of an item keeps the dash', () => {
      const text = variant('  - name: Equity\n', '  - rate: 2%\n    name: Equity\n');
      fixes(text, 'schema-loan-only', VALID_SCENARIO);
    });
  });

  describe('YAML and ids', () => {
    test('an invalid scenario id becomes its slug', () => {
      fixes(variant('name: test-base', 'name: "Test Base (v2)"'), 'schema-pattern', variant('name: test-base', 'name: "test-base-v2"'));
      assert.equal(slugify('Bavaria – Base Case!'), 'bavaria-base-case');
      assert.equal(slugify('Île-de-France'), 'ile-de-france');
    });

    test('a duplicate key: the second one goes (YAML reads the first)', () => {
      const text = variant('  gridCapacity: 300 MW\n', '  gridCapacity: 300 MW\n  country: DE\n');
      fixes(text, 'yaml-duplicate-key', VALID_SCENARIO);
    });

    test('a tab in the indentation becomes the spaces of its siblings', () => {
      const text = variant('  gridCapacity: 300 MW', '\tgridCapacity: 300 MW');
      const a = analysis(text);
      const p = a.problems.find((x) => x.code === 'yaml-tab-as-indent');
      assert.ok(p);
      assert.equal(apply(text, repairsFor(a, p)[0]!), VALID_SCENARIO);
    });
  });

  test('every repair of every problem has at most one preferred fix and edits inside the text', () => {
    const texts = [variant('gridCapacity: 300 MW', 'gridCapcity: 300 MW'), variant('pue: 1.2', 'pue: 2.5'), variant('count: 100000', 'count: "100,000"')];
    for (const text of texts) {
      const a = analysis(text);
      for (const p of a.problems) {
        const rs = repairsFor(a, p);
        assert.ok(rs.filter((r) => r.preferred).length <= 1, p.message);
        for (const r of rs) for (const e of r.edits) assert.ok(e.span.start >= 0 && e.span.end <= text.length && e.span.start <= e.span.end);
      }
    }
  });
});
