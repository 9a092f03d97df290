/**
 * Every check of the spec's table: a scenario that triggers it, one that just
 * does not, the span it sits on, and repairs that actually repair.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../server/src/scenario/yamlDocument';
import { readScenario } from '../../server/src/scenario/model';
import { builtinCatalog } from '../../server/src/scenario/catalog';
import { computeFigures } from '../../server/src/scenario/costModel';
import { runChecks } from '../../server/src/scenario/checks';
import type { Problem, Repair } from '../../server/src/scenario/types';

function check(text: string, code?: string): Problem[] {
  const { model } = readScenario(parseYaml(text).document!);
  const catalog = builtinCatalog();
  const all = runChecks(model, computeFigures(model, catalog), catalog, text);
  return code ? all.filter((p) => p.code === code) : all;
}

/** The text a problem sits on. */
function at(text: string, p: Problem): string {
  return text.slice(p.span.start, p.span.end);
}

function apply(text: string, repair: Repair): string {
  const edits = [...repair.edits].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.span.start) + e.text + out.slice(e.span.end);
  return out;
}

// 100,000 × B200 in Germany: IT load 180 MW, facility power 216 MW,
// capex €6,265,443,481 (worked out in costModel.test.ts).
const BASE = `apiVersion: gigafactory/v1
kind: Scenario
metadata:
  name: checks
site:
  country: DE
  gridCapacity: 250 MW
  gridAvailableFrom: 2029
hardware:
  accelerators:
    - model: nvidia-b200
      count: 100000
power:
  pue: 1.2
timeline:
  operational: 2029
funding:
  - name: Fund
    type: eu-grant
    amount: 3B EUR
  - name: State
    type: member-state
    amount: 3.3B EUR
`;

test('a scenario within every limit raises no check', () => {
  assert.deepEqual(check(BASE), []);
});

test('funding gap: an error on the funding key, with a new private-equity line and scaled counts as repairs', () => {
  const text = BASE.replace('amount: 3.3B EUR', 'amount: 3.2B EUR'); // 6.2B < capex 6.27B
  const [p, ...rest] = check(text, 'check-funding-gap');
  assert.equal(rest.length, 0);
  assert.equal(p!.severity, 'error');
  assert.equal(at(text, p!), 'funding');
  assert.equal(p!.message, 'funding €6.2B falls short of capex €6.27B by €65.4M');
  const [add, scale] = p!.repairs!;
  assert.equal(add!.title, 'Add a private-equity funding line of 65.5M EUR for the gap');
  const added = apply(text, add!);
  assert.ok(added.endsWith('    amount: 3.2B EUR\n  - name: Private equity (funding gap)\n    type: private-equity\n    amount: 65.5M EUR\n'));
  assert.deepEqual(check(added, 'check-funding-gap'), []);
  // 100,000 × 6.2B / 6,265,443,481 = 98,955.5, rounded down.
  assert.match(scale!.title, /^Scale every accelerator count down to fit the funding \(100,000 → 98,955\)$/);
  assert.deepEqual(check(apply(text, scale!), 'check-funding-gap'), []);
  // Just enough funding: 3.3B + 3B = 6.3B ≥ 6.27B.
  assert.deepEqual(check(BASE, 'check-funding-gap'), []);
});

test('an inserted funding line keeps CRLF line endings', () => {
  const text = BASE.replace('amount: 3.3B EUR', 'amount: 3.2B EUR').replace(/\n/g, '\r\n');
  const [p] = check(text, 'check-funding-gap');
  const added = apply(text, p!.repairs![0]!);
  assert.doesNotMatch(added, /[^\r]\n/);
  assert.deepEqual(check(added, 'check-funding-gap'), []);
});

test('funding gap against the total cost when fundingCovers is total', () => {
  const text = `${BASE}constraints:\n  fundingCovers: total\n`;
  const [p] = check(text, 'check-funding-gap');
  assert.match(p!.message, /^funding €6\.3B falls short of the total cost over the horizon €15\.\d+B by /);
  for (const r of p!.repairs!) assert.deepEqual(check(apply(text, r), 'check-funding-gap'), [], r.title);
});

test('grid capacity: an error on the gridCapacity value, raising it to the next 5 MW or scaling counts', () => {
  const text = BASE.replace('gridCapacity: 250 MW', 'gridCapacity: 200 MW');
  const [p] = check(text, 'check-grid-capacity');
  assert.equal(p!.severity, 'error');
  assert.equal(at(text, p!), '200 MW');
  assert.equal(p!.message, 'facility power 216 MW exceeds the grid connection of 200 MW by 16 MW');
  const [raise, scale] = p!.repairs!;
  assert.equal(raise!.title, 'Raise gridCapacity to 220 MW');
  assert.equal(raise!.edits[0]!.text, '220 MW');
  assert.equal(scale!.edits[0]!.text, '92592'); // 100,000 × 200/216, rounded down
  assert.deepEqual(check(apply(text, scale!), 'check-grid-capacity'), []);
  // Exactly enough: 216 MW.
  assert.deepEqual(check(BASE.replace('gridCapacity: 250 MW', 'gridCapacity: 216 MW'), 'check-grid-capacity'), []);
  // A bare number keeps its style; the value reads as MW.
  const bare = BASE.replace('gridCapacity: 250 MW', 'gridCapacity: 215.9');
  assert.equal(check(bare, 'check-grid-capacity')[0]!.repairs![0]!.edits[0]!.text, '220');
  // Quotes are kept.
  const quoted = BASE.replace('gridCapacity: 250 MW', 'gridCapacity: "0.2 GW"');
  assert.equal(check(quoted, 'check-grid-capacity')[0]!.repairs![0]!.edits[0]!.text, '"220 MW"');
});

test('a check says which text it judged: the grid check reaches down to pue, the values facility power comes from', () => {
  const text = BASE.replace('gridCapacity: 250 MW', 'gridCapacity: 200 MW');
  const [p] = check(text, 'check-grid-capacity');
  assert.deepEqual(p!.scope, { start: text.indexOf('200 MW'), end: text.indexOf('pue: 1.2') + 'pue: 1.2'.length });
  // Checks that judge only their own value carry no scope.
  const [u] = check(BASE.replace('nvidia-b200', 'nvidia-b20'), 'check-unknown-model');
  assert.equal(u!.scope, undefined);
});

test('grid capacity check is skipped when gridCapacity is not valid', () => {
  assert.deepEqual(check(BASE.replace('gridCapacity: 250 MW', 'gridCapacity: 250 EUR'), 'check-grid-capacity'), []);
});

test('minimum accelerators: a warning on the accelerators key; the last line makes up the difference', () => {
  const text = BASE.replace('count: 100000', 'count: 60000\n    - model: amd-mi300x\n      count: 39999');
  const [p] = check(text, 'check-min-accelerators');
  assert.equal(p!.severity, 'warning');
  assert.equal(at(text, p!), 'accelerators');
  assert.equal(p!.message, '99,999 accelerators in all, 1 short of the minimum of 100,000 for a gigafactory (minAccelerators)');
  assert.equal(p!.repairs![0]!.edits[0]!.text, '40000');
  assert.equal(at(text, { ...p!, span: p!.repairs![0]!.edits[0]!.span }), '39999');
  assert.deepEqual(check(apply(text, p!.repairs![0]!), 'check-min-accelerators'), []);
  assert.deepEqual(check(BASE.replace('count: 100000', 'count: 60000\n    - model: amd-mi300x\n      count: 40000'), 'check-min-accelerators'), []);
});

test('EU limit by amount: a warning on every eu-grant amount, scaled down to the limit', () => {
  const text = BASE.replace('  - name: State\n    type: member-state', '  - name: Other EU\n    type: eu-grant').replace('amount: 3.3B EUR', 'amount: 2.01B EUR');
  const ps = check(text, 'check-eu-limit');
  assert.deepEqual(ps.map((p) => at(text, p)), ['3B EUR', '2.01B EUR']);
  assert.equal(ps[0]!.severity, 'warning');
  assert.equal(ps[0]!.message, 'EU grants €5.01B exceed maxEuAmount €5B by €10M');
  const fixed = apply(text, ps[0]!.repairs![0]!);
  assert.deepEqual(ps[0]!.repairs![0]!.edits.map((e) => e.text), ['2.99B EUR', '2B EUR']);
  assert.deepEqual(check(fixed, 'check-eu-limit'), []);
  // Exactly the limit.
  assert.deepEqual(check(text.replace('2.01B EUR', '2B EUR'), 'check-eu-limit'), []);
});

test('EU limit by share: both limits exceeded scale down to the lower one', () => {
  // EU 3B of capex 6.27B = 47.9%; with maxEuShare 40% the limit is 2.51B, below maxEuAmount 2.9B.
  const text = `${BASE}constraints:\n  maxEuShare: 40%\n  maxEuAmount: 2.9B EUR\n`;
  const [p] = check(text, 'check-eu-limit');
  assert.equal(p!.message, 'EU grants €3B exceed maxEuAmount €2.9B by €100M; and the EU share of capex 47.9% exceeds maxEuShare 40%');
  assert.equal(p!.repairs![0]!.edits[0]!.text, '2.5B EUR');
  assert.deepEqual(check(apply(text, p!.repairs![0]!), 'check-eu-limit'), []);
  assert.deepEqual(check(`${BASE}constraints:\n  maxEuShare: 48%\n`, 'check-eu-limit'), []);
});

test('EU limit is skipped when a funding line has an invalid type', () => {
  const text = BASE.replace('amount: 3B EUR', 'amount: 6B EUR').replace('type: member-state', 'type: grant');
  assert.deepEqual(check(text, 'check-eu-limit'), []);
});

test('operational before the grid: a warning on the operational value, moved to gridAvailableFrom', () => {
  const text = BASE.replace('operational: 2029', 'operational: 2028');
  const [p] = check(text, 'check-operational-before-grid');
  assert.equal(p!.severity, 'warning');
  assert.equal(at(text, p!), '2028');
  assert.equal(p!.message, 'operational 2028 is 1 year before the grid connection is available (gridAvailableFrom 2029)');
  assert.equal(p!.repairs![0]!.edits[0]!.text, '2029');
  assert.deepEqual(check(BASE, 'check-operational-before-grid'), []);
});

test('German PUE: a warning on pue for DE from 2027, set to 1.2', () => {
  const text = BASE.replace('pue: 1.2', 'pue: 1.21').replace('operational: 2029', 'operational: 2027').replace('gridAvailableFrom: 2029', 'gridAvailableFrom: 2027');
  const [p] = check(text, 'check-de-pue');
  assert.equal(p!.severity, 'warning');
  assert.equal(at(text, p!), '1.21');
  assert.match(p!.message, /^pue 1\.21 exceeds 1\.2, the limit of the German Energy Efficiency Act/);
  assert.equal(p!.repairs![0]!.edits[0]!.text, '1.2');
  assert.deepEqual(check(text.replace('pue: 1.21', 'pue: 1.2'), 'check-de-pue'), []);
  assert.deepEqual(check(text.replace('operational: 2027', 'operational: 2026'), 'check-de-pue'), []);
  assert.deepEqual(check(text.replace('country: DE', 'country: FR'), 'check-de-pue'), []);
  assert.deepEqual(check(text.replace('  operational: 2027\n', ''), 'check-de-pue'), []);
});

test('horizon beyond the facility lifetime: on horizonYears, or on facilityLifetimeYears when the horizon is the default', () => {
  const text = BASE.replace('site:', 'horizonYears: 16\nsite:');
  const [p] = check(text, 'check-horizon');
  assert.equal(p!.severity, 'warning');
  assert.equal(at(text, p!), '16');
  assert.match(p!.message, /^horizonYears 16 exceeds facilityLifetimeYears 15 by 1/);
  assert.equal(p!.repairs![0]!.edits[0]!.text, '15');
  assert.deepEqual(check(BASE.replace('site:', 'horizonYears: 15\nsite:'), 'check-horizon'), []);
  const short = BASE.replace('site:', 'assumptions:\n  facilityLifetimeYears: 9\nsite:');
  const [q] = check(short, 'check-horizon');
  assert.equal(at(short, q!), '9');
  // The fix writes the horizon out, above hardware:.
  const fixed = apply(short, q!.repairs![0]!);
  assert.match(fixed, /\nhorizonYears: 9\nhardware:\n/);
  assert.deepEqual(check(fixed, 'check-horizon'), []);
  assert.deepEqual(check(short.replace('facilityLifetimeYears: 9', 'facilityLifetimeYears: 10'), 'check-horizon'), []);
});

test('unknown catalog id: an error on the model value with the closest id as the fix', () => {
  const text = BASE.replace('nvidia-b200', 'nvidia-b20');
  const [p] = check(text, 'check-unknown-model');
  assert.equal(p!.severity, 'error');
  assert.equal(at(text, p!), 'nvidia-b20');
  assert.equal(p!.message, '"nvidia-b20" is not in the accelerator catalog. Did you mean nvidia-b200?');
  assert.equal(p!.repairs![0]!.edits[0]!.text, 'nvidia-b200');
  assert.deepEqual(check(BASE, 'check-unknown-model'), []);
  const custom = BASE.replace('model: nvidia-b200', 'model: custom\n      unitPrice: 30k USD\n      power: 900 W');
  assert.deepEqual(check(custom, 'check-unknown-model'), []);
  // Nothing close: no fix, the known ids listed.
  const far = check(BASE.replace('nvidia-b200', 'intel-gaudi-three'), 'check-unknown-model')[0]!;
  assert.deepEqual(far.repairs, []);
  assert.match(far.message, /Known ids: nvidia-h100-sxm, /);
});
