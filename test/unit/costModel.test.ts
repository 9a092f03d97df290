/**
 * The cost model against worked examples whose arithmetic is written out
 * here, and two properties of the formulas.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseYaml } from '../../server/src/scenario/yamlDocument';
import { readScenario } from '../../server/src/scenario/model';
import { builtinCatalog } from '../../server/src/scenario/catalog';
import { computeFigures, FIGURE_ORDER, type Figures } from '../../server/src/scenario/costModel';

function figuresOf(text: string): Figures {
  return computeFigures(readScenario(parseYaml(text).document!).model, builtinCatalog());
}

function close(actual: number | undefined, expected: number, what: string): void {
  assert.ok(actual !== undefined, `${what} is missing`);
  const tol = Math.max(1e-9, Math.abs(expected) * 1e-9);
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} ≠ ${expected}`);
}

const GERMANY = `apiVersion: gigafactory/v1
kind: Scenario
metadata:
  name: worked-one
site:
  country: DE
  gridCapacity: 250 MW
hardware:
  accelerators:
    - model: nvidia-b200
      count: 100000
power:
  pue: 1.2
funding:
  - name: Fund
    type: eu-grant
    amount: 1B EUR
`;

test('worked example: 100,000 × nvidia-b200 in Germany, every default', () => {
  const f = figuresOf(GERMANY).byId;
  // Catalog: B200 at 35,000 USD and 1,000 W; rate 1.0846 USD per EUR.
  const acc = (100_000 * 35_000) / 1.0846; // 3,226,996,127.6
  close(f.acceleratorsCapex?.value, acc, 'accelerators capex');
  close(f.systemsCapex?.value, 0.2 * acc, 'systems capex');
  close(f.networkingCapex?.value, 0.13 * acc, 'networking capex');
  close(f.storageCapex?.value, 0.015 * acc, 'storage capex');
  const itCapex = acc * (1 + 0.2 + 0.13 + 0.015); // 4,340,309,791.6
  close(f.itCapex?.value, itCapex, 'IT capex');
  // IT load: 100,000 × 1,000 W × (1 + 80%) = 180 MW; × pue 1.2 = 216 MW.
  close(f.itLoad?.value, 180, 'IT load');
  close(f.facilityPower?.value, 216, 'facility power');
  // Frankfurt: 11.6M USD per MW of IT load.
  const facility = (180 * 11_600_000) / 1.0846; // 1,925,133,689.8
  close(f.facilityCapex?.value, facility, 'facility capex');
  const capex = itCapex + facility + 0; // no land cost: 6,265,443,481.4
  close(f.capex?.value, capex, 'capex');
  // 216 MW × 8,760 h × 80% = 1,513,728 MWh at 219 EUR/MWh (Eurostat, DE).
  close(f.energyPerYear?.value, 1_513_728, 'energy per year');
  close(f.energyCostPerYear?.value, 1_513_728 * 219, 'energy cost per year');
  close(f.staffCostPerYear?.value, 0, 'staff cost per year');
  const maintenance = 0.02 * (itCapex + facility);
  close(f.maintenancePerYear?.value, maintenance, 'maintenance per year');
  close(f.interestPerYear?.value, 0, 'interest per year');
  const opex = 1_513_728 * 219 + maintenance; // 456,815,301.6
  close(f.opexPerYear?.value, opex, 'opex per year');
  // floor((10 − 1) / 5) = 1 refresh.
  close(f.itRefreshes?.value, 1, 'IT refreshes');
  close(f.totalCost?.value, capex + itCapex * 1 + opex * 10, 'total cost'); // 15,173,906,289
  const perHour = (itCapex / 5 + facility / 15 + opex) / (100_000 * 8760 * 0.8); // ≈ €2.0737
  close(f.costPerAcceleratorHour?.value, perHour, 'cost per accelerator-hour');
  close(f.funding?.value, 1e9, 'funding');
  close(f.fundingGap?.value, 1e9 - capex, 'funding gap');
  close(f.euShare?.value, 1e9 / capex, 'EU share');
  // 1,513,728 MWh × (1 − 0%) × 381 g/kWh / 1000 = 576,730.4 t.
  close(f.emissionsPerYear?.value, (1_513_728 * 381) / 1000, 'emissions per year');
});

const FINLAND_USD = `apiVersion: gigafactory/v1
kind: Scenario
metadata:
  name: worked-two
currency: USD
horizonYears: 12
assumptions:
  usdPerEur: 1.1
  utilization: 70%
site:
  country: FI
  gridCapacity: 300 MW
  landCost: 50M EUR
  buildCostPerMW: 10M USD
hardware:
  accelerators:
    - model: amd-mi355x
      count: 40000
    - model: custom
      count: 10000
      unitPrice: 20k EUR
      power: 800 W
  hostOverhead: 50%
  lifetimeYears: 6
power:
  pue: 1.25
  renewableShare: 50%
operations:
  staff: 100
  costPerStaff: 100k EUR
  maintenance: 3%
funding:
  - name: Loan
    type: eib-loan
    amount: 1B EUR
    rate: 4%
    termYears: 5
  - name: Equity
    type: private-equity
    amount: 500M USD
constraints:
  fundingCovers: total
`;

test('worked example: USD reporting, two lines, a loan shorter than the horizon, funding covers total cost', () => {
  const f = figuresOf(FINLAND_USD).byId;
  // MI355X: 24,000 USD, 1,400 W; custom: 20,000 EUR = 22,000 USD, 800 W.
  const acc = 40_000 * 24_000 + 10_000 * 20_000 * 1.1; // 960M + 220M = 1,180,000,000 USD
  close(f.acceleratorsCapex?.value, acc, 'accelerators capex');
  const itCapex = acc * 1.345; // 1,587,100,000
  close(f.itCapex?.value, itCapex, 'IT capex');
  const itLoad = ((40_000 * 1400 + 10_000 * 800) * 1.5) / 1e6; // 96 MW
  close(f.itLoad?.value, itLoad, 'IT load');
  close(f.facilityPower?.value, itLoad * 1.25, 'facility power'); // 120 MW
  const facility = itLoad * 10_000_000; // 960,000,000 USD
  close(f.facilityCapex?.value, facility, 'facility capex');
  const land = 50_000_000 * 1.1; // 55,000,000 USD
  const capex = itCapex + facility + land; // 2,602,100,000
  close(f.capex?.value, capex, 'capex');
  const energy = 120 * 8760 * 0.7; // 735,840 MWh
  close(f.energyPerYear?.value, energy, 'energy per year');
  const energyCost = energy * 85 * 1.1; // Eurostat FI 85 EUR/MWh in USD
  close(f.energyCostPerYear?.value, energyCost, 'energy cost per year');
  const staff = 100 * 100_000 * 1.1; // 11,000,000 USD
  close(f.staffCostPerYear?.value, staff, 'staff cost per year');
  const maintenance = 0.03 * (itCapex + facility); // land is not maintained
  close(f.maintenancePerYear?.value, maintenance, 'maintenance per year');
  const interest = 1e9 * 1.1 * 0.04; // 44,000,000 USD, counted in the first year
  close(f.interestPerYear?.value, interest, 'interest per year');
  const opex = energyCost + staff + maintenance + interest;
  close(f.opexPerYear?.value, opex, 'opex per year');
  close(f.itRefreshes?.value, 1, 'IT refreshes'); // floor((12 − 1) / 6) = 1
  // The loan bears interest for min(5, 12) = 5 years.
  const total = capex + itCapex * 1 + (opex - interest) * 12 + 1e9 * 1.1 * 0.04 * 5;
  close(f.totalCost?.value, total, 'total cost');
  const perHour = (itCapex / 6 + facility / 15 + opex) / (50_000 * 8760 * 0.7);
  close(f.costPerAcceleratorHour?.value, perHour, 'cost per accelerator-hour');
  const funding = 1e9 * 1.1 + 500e6; // 1,600,000,000 USD
  close(f.funding?.value, funding, 'funding');
  close(f.fundingGap?.value, funding - total, 'funding gap against total cost');
  close(f.euShare?.value, 0, 'EU share');
  close(f.emissionsPerYear?.value, (energy * 0.5 * 79) / 1000, 'emissions per year'); // FI 79 g/kWh
});

test('partial documents: missing or invalid inputs leave only the figures that need them absent', () => {
  // pue invalid: facility power and everything downstream is absent; IT figures stay.
  const f = figuresOf(GERMANY.replace('pue: 1.2', 'pue: 0.9')).byId;
  assert.ok(f.itLoad && f.itCapex && f.facilityCapex && f.capex);
  for (const id of ['facilityPower', 'energyPerYear', 'energyCostPerYear', 'opexPerYear', 'totalCost', 'costPerAcceleratorHour', 'emissionsPerYear'] as const) {
    assert.equal(f[id], undefined, id);
  }
  // Unknown model without price or power: no sums over the lines.
  const g = figuresOf(GERMANY.replace('nvidia-b200', 'nvidia-b20')).byId;
  assert.equal(g.acceleratorsCapex, undefined);
  assert.equal(g.itLoad, undefined);
  // Unknown model that carries its own price and power: computed.
  const h = figuresOf(GERMANY.replace('count: 100000', 'count: 100000\n      unitPrice: 10k USD\n      power: 500 W').replace('nvidia-b200', 'acme-x'));
  close(h.byId.acceleratorsCapex?.value, (100_000 * 10_000) / 1.0846, 'accelerators capex');
  // A funding line of invalid type: funding counts it, EU and loan figures do not exist.
  const i = figuresOf(GERMANY.replace('type: eu-grant', 'type: grant')).byId;
  close(i.funding?.value, 1e9, 'funding');
  assert.equal(i.euShare, undefined);
  assert.equal(i.interestPerYear, undefined);
  assert.equal(i.totalCost, undefined);
  // An invalid exchange rate: every conversion, hence every money figure from USD prices, is absent.
  const j = figuresOf(GERMANY.replace('site:', 'assumptions:\n  usdPerEur: 0\nsite:')).byId;
  assert.equal(j.acceleratorsCapex, undefined);
  close(j.itLoad?.value, 180, 'IT load');
  // An invalid reporting currency: no money figure, but power and energy stay.
  const m = figuresOf(GERMANY.replace('site:', 'currency: GBP\nsite:')).byId;
  assert.equal(m.capex, undefined);
  assert.equal(m.funding, undefined);
  close(m.facilityPower?.value, 216, 'facility power');
  close(m.emissionsPerYear?.value, (1_513_728 * 381) / 1000, 'emissions per year');
  // Zero accelerators: no cost per accelerator-hour, no division by zero.
  const k = figuresOf(GERMANY.replace('count: 100000', 'count: 0')).byId;
  assert.equal(k.costPerAcceleratorHour, undefined);
  for (const f2 of [f, g, h.byId, i, j, k]) {
    for (const id of FIGURE_ORDER) {
      const v = f2[id]?.value;
      if (v !== undefined) assert.ok(Number.isFinite(v), `${id} is ${v}`);
    }
  }
});

test('loan term defaults to the horizon; yearly interest counts every loan', () => {
  const text = GERMANY.replace('funding:\n', 'funding:\n  - name: Bank\n    type: private-debt\n    amount: 2B EUR\n    rate: 5%\n');
  const f = figuresOf(text).byId;
  close(f.interestPerYear?.value, 2e9 * 0.05, 'interest per year');
  const running = f.opexPerYear!.value - f.interestPerYear!.value;
  close(f.totalCost?.value, f.capex!.value + f.itCapex!.value + running * 10 + 2e9 * 0.05 * 10, 'total cost');
});

test('every figure names its inputs and the source of each default', () => {
  const f = figuresOf(GERMANY);
  const price = f.byId.energyCostPerYear!.inputs.find((i) => i.label.startsWith('price'))!;
  assert.equal(price.origin, 'default');
  assert.match(price.source!.name, /Eurostat/);
  const unit = f.lines[0]!.unitPrice!.input;
  assert.equal(unit.origin, 'default');
  assert.equal(unit.source!.date, '2024-10');
  const count = f.lines[0]!.count!.input;
  assert.equal(count.origin, 'input');
  assert.ok(count.span);
});

const MODELS = ['nvidia-h100-sxm', 'nvidia-h200', 'nvidia-b200', 'nvidia-gb200', 'amd-mi300x', 'amd-mi355x'];

function fleet(lines: { model: string; count: number }[]): string {
  return `apiVersion: gigafactory/v1
kind: Scenario
metadata:
  name: prop
site:
  gridCapacity: 250 MW
hardware:
  accelerators:
${lines.map((l) => `    - model: ${l.model}\n      count: ${l.count}`).join('\n')}
power:
  pue: 1.3
funding:
  - name: Fund
    type: member-state
    amount: 1B EUR
`;
}

test('property: doubling every count doubles accelerators capex', () => {
  const line = fc.record({ model: fc.constantFrom(...MODELS), count: fc.integer({ min: 0, max: 1_000_000 }) });
  fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines) => {
    const one = figuresOf(fleet(lines)).byId.acceleratorsCapex!.value;
    const two = figuresOf(fleet(lines.map((l) => ({ ...l, count: l.count * 2 })))).byId.acceleratorsCapex!.value;
    return Math.abs(two - 2 * one) <= 1e-6 * Math.max(1, one);
  }), { numRuns: 60 });
});

test('property: writing every amount in the other currency at the scenario rate leaves the figures unchanged', () => {
  const arb = fc.record({
    rate: fc.double({ min: 0.5, max: 2, noNaN: true }),
    price: fc.integer({ min: 1000, max: 60000 }),
    count: fc.integer({ min: 1, max: 200000 }),
    land: fc.integer({ min: 0, max: 1e9 }),
    build: fc.integer({ min: 1e6, max: 2e7 }),
    perMWh: fc.integer({ min: 20, max: 400 }),
    staffCost: fc.integer({ min: 0, max: 300000 }),
    amount: fc.integer({ min: 1, max: 1e10 }),
    reporting: fc.constantFrom('EUR', 'USD'),
  });
  fc.assert(fc.property(arb, (a) => {
    const other = a.reporting === 'EUR' ? 'USD' : 'EUR';
    // Amounts written in the reporting currency, or converted at the scenario's own rate.
    const conv = (x: number) => (other === 'USD' ? x * a.rate : x / a.rate);
    const doc = (cur: string, f: (x: number) => number) => `apiVersion: gigafactory/v1
kind: Scenario
metadata:
  name: prop
currency: ${a.reporting}
assumptions:
  usdPerEur: ${a.rate}
site:
  gridCapacity: 900 MW
  gridIntensity: 300
  landCost: ${f(a.land)} ${cur}
  buildCostPerMW: ${f(a.build)} ${cur}
hardware:
  accelerators:
    - model: nvidia-b200
      count: ${a.count}
      unitPrice: ${f(a.price)} ${cur}
power:
  pue: 1.3
  price: ${f(a.perMWh)} ${cur}/MWh
operations:
  staff: 50
  costPerStaff: ${f(a.staffCost)} ${cur}
funding:
  - name: Loan
    type: eib-loan
    amount: ${f(a.amount)} ${cur}
    rate: 3%
`;
    const x = figuresOf(doc(a.reporting, (v) => v)).byId;
    const y = figuresOf(doc(other, conv)).byId;
    for (const id of FIGURE_ORDER) {
      const u = x[id]?.value;
      const v = y[id]?.value;
      assert.ok(u !== undefined && v !== undefined, `${id} missing`);
      assert.ok(Math.abs(u - v) <= 1e-9 * Math.max(1, Math.abs(u), Math.abs(v)) + 1e-6, `${id}: ${u} vs ${v}`);
    }
    return true;
  }), { numRuns: 60 });
});
