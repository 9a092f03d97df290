import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { QUANTITY_FIELDS } from '../../server/src/scenario/fields';
import { canonicalText, parseQuantity, quickQuantity, type QuantityField } from '../../server/src/scenario/quantity';

const money: QuantityField = { name: 'amount', kind: 'money' };
const grid: QuantityField = { name: 'gridCapacity', kind: 'power', defaultPowerUnit: 'MW' };
const chip: QuantityField = { name: 'power', kind: 'power', defaultPowerUnit: 'W' };
const price: QuantityField = { name: 'price', kind: 'energyPrice' };
const carbon: QuantityField = { name: 'gridIntensity', kind: 'carbonIntensity' };
const pct: QuantityField = { name: 'utilization', kind: 'percent' };
const overhead: QuantityField = { name: 'hostOverhead', kind: 'percent', maxPercent: 200 };
const count: QuantityField = { name: 'count', kind: 'count' };

function ok(raw: unknown, field: QuantityField) {
  const r = parseQuantity(raw, field);
  assert.ok(r.ok, `expected ${JSON.stringify(raw)} to parse, got ${r.ok ? '' : r.error.message}`);
  return r.quantity;
}

function err(raw: unknown, field: QuantityField) {
  const r = parseQuantity(raw, field);
  assert.ok(!r.ok, `expected ${JSON.stringify(raw)} to fail`);
  return r.error;
}

describe('money', () => {
  const cases: [unknown, number, string | undefined][] = [
    ['40000 USD', 40000, 'USD'], ['35k USD', 35000, 'USD'], ['3.5B EUR', 3.5e9, 'EUR'], ['3.5 B EUR', 3.5e9, 'EUR'],
    ['3.5BEUR', 3.5e9, 'EUR'], ['€1.2B', 1.2e9, 'EUR'], ['1.2B €', 1.2e9, 'EUR'], ['USD 40k', 40000, 'USD'],
    ['$40k', 40000, 'USD'], ['1.5bn EUR', 1.5e9, 'EUR'], ['95K EUR', 95000, 'EUR'], ['12M', 12e6, undefined],
    [1200, 1200, undefined], ['1200', 1200, undefined], ['.5M EUR', 5e5, 'EUR'],
  ];
  for (const [raw, value, currency] of cases) {
    test(`${JSON.stringify(raw)} is ${value} ${currency ?? '(reporting currency)'}`, () => {
      const q = ok(raw, money);
      assert.equal(q.kind, 'money');
      if (q.kind === 'money') {
        assert.ok(Math.abs(q.value - value) < 1e-6 * value || q.value === value);
        assert.equal(q.currency, currency);
      }
    });
  }
  test('a power unit in a money field names both', () => {
    assert.match(err('250 MW', money).message, /amount takes an amount such as .*found "250 MW", which is a power unit/);
  });
  test('negative amounts are refused', () => assert.match(err('-5 EUR', money).message, /cannot be negative/));
  test('m is not a scale, with a fix to M', () => {
    const e = err('1.2m EUR', money);
    assert.match(e.message, /"m" is not a scale/);
    assert.equal(e.replacement, '1.2M EUR');
  });
  test('thousands separators get a fix', () => {
    const e = err('1,200,000 EUR', money);
    assert.equal(e.replacement, '1200000 EUR');
  });
  test('unknown scales are not guessed', () => assert.match(err('5 T EUR', money).message, /not a unit it knows/));
});

describe('power', () => {
  test('MW is the default unit of gridCapacity', () => assert.deepEqual(ok(250, grid), { kind: 'power', watts: 250e6, explicitUnit: false }));
  test('W is the default unit of accelerator power', () => assert.deepEqual(ok(700, chip), { kind: 'power', watts: 700, explicitUnit: false }));
  for (const [raw, watts] of [['250 MW', 250e6], ['250000 kW', 250e6], ['0.25 GW', 250e6], ['1.4k W', 1400], ['1.4kW', 1400], ['700W', 700]] as const) {
    test(`${raw} is ${watts} W`, () => assert.equal((ok(raw, grid) as { watts: number }).watts, watts));
  }
  test('a currency in a power field', () => {
    assert.equal(err('250 EUR', grid).message, 'gridCapacity takes a power such as "250 MW"; found "250 EUR", which is a currency. Units for gridCapacity: W, kW, MW or GW');
  });
  test('mW reads as the m error with a fix to MW', () => {
    const e = err('250 mW', grid);
    assert.match(e.message, /would read as milli/);
    assert.equal(e.replacement, '250 MW');
  });
  test('canonical text converts to the field unit', () => assert.equal(canonicalText(ok('250000 kW', grid), grid), '250 MW'));
});

describe('energy price and carbon intensity', () => {
  for (const [raw, perMWh, cur] of [['95 EUR/MWh', 95, 'EUR'], ['0.095 EUR/kWh', 95, 'EUR'], ['€95/MWh', 95, 'EUR'], ['100 $/MWh', 100, 'USD'], [80, 80, undefined]] as const) {
    test(`${raw}`, () => {
      const q = ok(raw, price);
      assert.equal(q.kind, 'energyPrice');
      if (q.kind === 'energyPrice') { assert.ok(Math.abs(q.perMWh - perMWh) < 1e-9); assert.equal(q.currency, cur); }
    });
  }
  test('a power in a price field', () => assert.match(err('95 MW', price).message, /price takes a price per energy/));
  test('carbon intensity with unit and bare', () => {
    assert.deepEqual(ok('381 g/kWh', carbon), { kind: 'carbonIntensity', gPerKWh: 381 });
    assert.deepEqual(ok(56, carbon), { kind: 'carbonIntensity', gPerKWh: 56 });
  });
  test('carbon intensity above 1,500 g/kWh is refused', () => assert.match(err(2000, carbon).message, /0–1500 g\/kWh/));
});

describe('percentages', () => {
  test('80% and 0.8 are the same', () => {
    assert.deepEqual(ok('80%', pct), { kind: 'percent', fraction: 0.8 });
    assert.deepEqual(ok(0.8, pct), { kind: 'percent', fraction: 0.8 });
    assert.deepEqual(ok('80 %', pct), { kind: 'percent', fraction: 0.8 });
  });
  test('80 in a percentage field is an error with a fix to 80%', () => {
    const e = err(80, pct);
    assert.match(e.message, /utilization is a fraction between 0 and 1 or a percentage; 80 would be 8000%/);
    assert.equal(e.replacement, '80%');
  });
  test('hostOverhead takes up to 200%', () => {
    assert.deepEqual(ok(1.5, overhead), { kind: 'percent', fraction: 1.5 });
    assert.equal(err(80, overhead).replacement, '80%');
    assert.match(err('250%', overhead).message, /within 0–200%/);
  });
  test('above 100% is out of range', () => assert.match(err('120%', pct).message, /within 0–100%/));
  test('a unit in a percentage field', () => assert.match(err('80 MW', pct).message, /which is a power unit/));
});

describe('counts', () => {
  test('a plain integer', () => assert.deepEqual(ok(100000, count), { kind: 'count', value: 100000 }));
  for (const raw of ['100,000', '100 000', '100k']) {
    test(`"${raw}" is an error with a fix to 100000`, () => {
      const e = err(raw, count);
      assert.match(e.message, /count is a plain whole number; write 100000/);
      assert.equal(e.replacement, '100000');
    });
  }
  test('fractions, negatives and unsafe integers are refused', () => {
    assert.match(err(1.5, count).message, /whole number/);
    assert.match(err(-3, count).message, /cannot be negative/);
    assert.match(err(2 ** 60, count).message, /too large/);
  });
  test('special floats are refused', () => {
    for (const v of [Infinity, NaN, -Infinity]) assert.ok(!parseQuantity(v, count).ok);
    for (const v of [Infinity, NaN]) assert.ok(!parseQuantity(v, money).ok);
  });
});

describe('signs', () => {
  test('a leading + is refused, as the schema pattern does, with a fix that drops it', () => {
    assert.equal(err('+5 MW', grid).replacement, '5 MW');
    assert.equal(err('+80%', pct).replacement, '80%');
  });
});

describe('unit names', () => {
  test("an object's inherited property names are no units", () => {
    for (const name of ['constructor', 'toString', 'valueOf', '__proto__', 'hasOwnProperty']) {
      assert.equal(err(`30 ${name}`, money).wrongUnit, true, name);
      assert.equal(err(`30 ${name}`, chip).wrongUnit, true, name);
      assert.ok(!parseQuantity(`30 EUR/${name}`, price).ok, name);
    }
  });
});

describe('the fast path for common forms', () => {
  const fields = Object.values(QUANTITY_FIELDS);
  /** Whether quickQuantity agrees with parseQuantity on `raw` in every field; counts the fields where it answered. */
  function agrees(raw: string): number {
    let answered = 0;
    for (const field of fields) {
      const quick = quickQuantity(raw, field);
      if (quick === undefined) continue;
      answered++;
      const general = parseQuantity(raw, field);
      assert.ok(general.ok, `${JSON.stringify(raw)} in ${field.name}: the general parser refuses it (${general.ok ? '' : general.error.message})`);
      // deepStrictEqual compares numbers with Object.is: the same double, -0 apart from 0.
      assert.deepStrictEqual(quick, general.quantity, `${JSON.stringify(raw)} in ${field.name}`);
    }
    return answered;
  }

  test('written forms built from numbers, scales, units and spaces read the same', () => {
    const pick = (xs: string[]) => fc.constantFrom(...xs);
    const number = fc.oneof(
      fc.stringMatching(/^[0-9]{1,7}$/),
      fc.stringMatching(/^[0-9]{1,4}\.[0-9]{1,6}$/),
      pick(['0', '00', '007', '.5', '1.', '1,000', '1 000', '9007199254740993', '1e3', '0.1', '0.30000000000000004', '123456789.123456789']),
    );
    const form = fc.tuple(
      pick(['', '', '', ' ', '+', '-', '€', '$', 'EUR ']),
      number,
      pick(['', '', ' ', '  ', '\t']),
      pick(['', '', '', 'k', 'K', 'M', 'B', 'bn', 'm', 'b', 'kk', 'G']),
      pick(['', '', ' ', '  ']),
      pick(['', 'EUR', 'USD', 'W', 'kW', 'MW', 'GW', 'mW', '%', 'EUR/MWh', 'g/kWh', 'eur', 'Eur', 'x', 'constructor', 'WW', 'k W']),
      pick(['', '', '', ' ', '%', '\n']),
    ).map((parts) => parts.join(''));
    // Well-formed values, as files hold them, most of the time.
    const clean = fc.oneof(
      fc.tuple(number, pick(['', ' ']), pick(['', 'k', 'K', 'M', 'B', 'bn']), pick(['', ' ']), pick(['', 'EUR', 'USD', 'W', 'kW', 'MW', 'GW'])).map((parts) => parts.join('')),
      number.map((n) => `${n}%`),
    );
    const written = fc.oneof({ arbitrary: clean, weight: 3 }, { arbitrary: form, weight: 2 });
    let answered = 0;
    let total = 0;
    fc.assert(fc.property(written, (raw) => {
      total++;
      answered += agrees(raw) > 0 ? 1 : 0;
    }), { numRuns: 20000, seed: 7 });
    // The fast path is exercised: a good share of these forms are ones it takes.
    assert.ok(answered > total / 5, `fast path answered ${answered} of ${total}`);
  });

  test('arbitrary short strings over the same characters read the same', () => {
    const chars = fc.constantFrom(...'0123456789. ,+-%€$kKMBbnmWGEURSDhgx/\t'.split(''));
    fc.assert(fc.property(fc.array(chars, { maxLength: 10 }).map((cs) => cs.join('')), (raw) => { agrees(raw); }), { numRuns: 20000, seed: 11 });
  });

  test('the forms scenario lists use are taken by the fast path', () => {
    for (const [raw, path] of [['36k USD', 'hardware.accelerators.*.unitPrice'], ['700 W', 'hardware.accelerators.*.power'], ['1.2B EUR', 'funding.*.amount'], ['4%', 'funding.*.rate'], ['250 MW', 'site.gridCapacity'], ['30k', 'funding.*.amount']] as const) {
      assert.notEqual(quickQuantity(raw, QUANTITY_FIELDS[path]!), undefined, raw);
      assert.equal(agrees(raw) > 0, true, raw);
    }
  });
});
