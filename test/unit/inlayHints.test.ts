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
