/**
 * Refactors change how a scenario is written, not what it computes: each one
 * is applied to a snippet and to every valid example, and the figures are
 * compared before and after.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyze } from '../../server/src/scenario/analysis';
import { builtinCatalog } from '../../server/src/scenario/catalog';
import { refactors, type Refactor } from '../../server/src/scenario/refactors';
import { VALID_SCENARIO, variant } from '../helpers/markers';

const catalog = builtinCatalog();
const analysis = (text: string) => analyze(text, { catalog });
const examples = join(__dirname, '..', '..', 'examples');

function apply(text: string, r: Refactor): string {
  let out = text;
  for (const e of [...r.edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.text + out.slice(e.span.end);
  return out;
}

function refactor(text: string, title: RegExp, at = text.indexOf('count:')): Refactor | undefined {
  return refactors(analysis(text), { start: at, end: at }).find((r) => title.test(r.title));
}

/** Capex and total cost, to compare before and after. */
function figures(text: string): [number, number] {
  const f = analysis(text).figures!;
  return [f.byId.capex!.value, f.byId.totalCost!.value];
}

describe('refactors', () => {
  describe('split an accelerator line', () => {
    test('into two lines of half the count, the copy right below, comments and all', () => {
      const text = variant('      count: 100000\n', '      count: 100001   # ordered\n      power: 1000 W\n');
      const r = refactor(text, /^Split/)!;
      assert.equal(r.title, 'Split the nvidia-b200 line into two (50001 + 50000)');
      assert.equal(
        apply(text, r),
        variant('      count: 100000\n', '      count: 50001   # ordered\n      power: 1000 W\n    - model: nvidia-b200\n      count: 50000   # ordered\n      power: 1000 W\n'),
      );
      assert.deepEqual(figures(apply(text, r)), figures(text));
    });

    test('only with the cursor on a line whose count is at least 2', () => {
      assert.equal(refactor(VALID_SCENARIO, /^Split/, VALID_SCENARIO.indexOf('pue')), undefined);
      assert.equal(refactor(variant('count: 100000', 'count: 1'), /^Split/), undefined);
    });

    test('the last line of a file without a final line end', () => {
      const text = 'apiVersion: gigafactory/v1\r\nhardware:\r\n  accelerators:\r\n    - model: nvidia-b200\r\n      count: 10';
      const r = refactor(text, /^Split/)!;
      assert.equal(apply(text, r), 'apiVersion: gigafactory/v1\r\nhardware:\r\n  accelerators:\r\n    - model: nvidia-b200\r\n      count: 5\r\n    - model: nvidia-b200\r\n      count: 5');
    });
  });

  describe('normalise quantity spellings', () => {
    test('one spelling per kind; bare numbers keep their implied unit', () => {
      const text = [
        'apiVersion: gigafactory/v1', 'kind: Scenario', 'metadata:', '  name: t', 'assumptions:', '  utilization: 0.8', 'site:', '  country: FI',
        '  gridCapacity: 300000 kW   # as quoted', '  landCost: €80M', '  buildCostPerMW: "USD 9.9M"', 'hardware:', '  accelerators:',
        '    - model: nvidia-b200', '      count: 100000', '      power: 1.2 kW', '      unitPrice: 35k USD', 'power:', '  pue: 1.2', '  price: 0.09 EUR/kWh',
        'funding:', '  - name: E', '    type: private-equity', '    amount: 9000000000', '',
      ].join('\n');
      const r = refactor(text, /^Normalise/)!;
      const after = apply(text, r);
      assert.equal(after, text
        .replace('utilization: 0.8', 'utilization: 80%').replace('300000 kW', '300 MW').replace('€80M', '80M EUR').replace('"USD 9.9M"', '"9.9M USD"')
        .replace('1.2 kW', '1200 W').replace('35k USD', '35000 USD').replace('0.09 EUR/kWh', '90 EUR/MWh'));
      assert.equal(r.title, 'Normalise quantity spellings (7 values)');
      assert.deepEqual(analysis(after).problems, []);
      assert.deepEqual(figures(after), figures(text));
      assert.equal(refactor(after, /^Normalise/), undefined, 'nothing left to normalise');
    });
  });

  describe('convert all amounts to the reporting currency', () => {
    test('USD amounts become EUR, with what was written in a comment', () => {
      const text = variant('  gridCapacity: 300 MW\n', '  gridCapacity: 300 MW\n  buildCostPerMW: 11.6M USD\n  landCost: 50M USD   # offer\n');
      const r = refactor(text, /^Convert/)!;
      assert.equal(r.title, 'Convert all amounts to EUR (at 1.0846 USD per EUR)');
      const after = apply(text, r);
      assert.equal(after, variant('  gridCapacity: 300 MW\n', '  gridCapacity: 300 MW\n  buildCostPerMW: 10.695187M EUR  # was 11.6M USD at 1.0846 USD per EUR\n  landCost: 46.099945M EUR   # offer\n'));
      const [c0, t0] = figures(text);
      const [c1, t1] = figures(after);
      assert.ok(Math.abs(c1 - c0) / c0 < 1e-7 && Math.abs(t1 - t0) / t0 < 1e-7);
    });

    test('nothing to convert, no refactor', () => {
      assert.equal(refactor(VALID_SCENARIO, /^Convert/), undefined);
    });
  });

  describe('make every default explicit', () => {
    test('a loan without a term gets the horizon, after its rate', () => {
      const text = variant('    amount: 9B EUR\n', '    amount: 8B EUR\n  - name: EIB\n    type: eib-loan\n    amount: 1B EUR\n    rate: 3.5%   # signed\n');
      const after = apply(text, refactor(text, /^Make every default explicit/)!);
      assert.ok(after.includes('    rate: 3.5%   # signed\n    termYears: 10  # default: horizonYears (format default (spec scenario-v1))\n'), after);
      assert.deepEqual(figures(after), figures(text));
    });

    test('each default goes into its section with its source; missing sections are created', () => {
      const r = refactor(VALID_SCENARIO, /^Make every default explicit/)!;
      const after = apply(VALID_SCENARIO, r);
      const lines = after.split('\n');
      assert.ok(lines.includes('horizonYears: 10  # default: format default (spec scenario-v1), 2026'));
      assert.ok(lines.includes('  usdPerEur: 1.0846  # default: InvestAI announcement: EUR 200bn = USD 216.92bn (press reports), 2025-02-11'));
      assert.ok(lines.includes('      unitPrice: 35000 USD  # catalog: Jensen Huang on CNBC, 2024-10'));
      assert.ok(lines.includes('      power: 1000 W  # catalog: Jensen Huang on CNBC, 2024-10'));
      assert.ok(lines.some((l) => /^ {2}price: 85 EUR\/MWh {2}# country table: Eurostat/.test(l)));
      assert.ok(lines.some((l) => /^ {2}buildCostPerMW: 9.9M USD {2}# regional average: Turner & Townsend/.test(l)));
      // The sections keep the schema's order and the original lines are all there, in order.
      const sections = lines.filter((l) => /^[a-zA-Z]/.test(l)).map((l) => l.split(':')[0]);
      assert.deepEqual(sections, ['apiVersion', 'kind', 'metadata', 'horizonYears', 'assumptions', 'site', 'hardware', 'power', 'operations', 'funding', 'constraints']);
      let i = 0;
      for (const l of VALID_SCENARIO.split('\n')) { i = lines.indexOf(l, i); assert.ok(i >= 0, `lost: ${l}`); }
      assert.deepEqual(analysis(after).problems, []);
      assert.deepEqual(figures(after), figures(VALID_SCENARIO));
      assert.equal(refactor(after, /^Make every default explicit/), undefined, 'no default left');
    });
  });

  test('on every valid example each refactor keeps the file valid and the figures as they were', () => {
    for (const f of readdirSync(examples).filter((x) => x.endsWith('.gigafactory.yaml'))) {
      const text = readFileSync(join(examples, f), 'utf8');
      const at = text.indexOf('count:');
      for (const r of refactors(analysis(text), { start: at, end: at })) {
        const after = apply(text, r);
        assert.deepEqual(analysis(after).problems.map((p) => p.message), [], `${f}: ${r.title}`);
        const [c0, t0] = figures(text);
        const [c1, t1] = figures(after);
        const tol = r.title.startsWith('Convert') ? 1e-5 : 1e-12;
        assert.ok(Math.abs(c1 - c0) <= tol * c0 && Math.abs(t1 - t0) <= tol * t0, `${f}: ${r.title} changed the figures: ${c0} → ${c1}, ${t0} → ${t1}`);
        for (const comment of text.split('\n').filter((l) => l.includes('#'))) {
          const kept = comment.slice(comment.indexOf('#'));
          assert.ok(after.includes(kept), `${f}: ${r.title} lost the comment ${kept}`);
        }
      }
    }
  });
});
