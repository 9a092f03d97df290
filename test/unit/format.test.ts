import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { formatFixed, formatInteger, formatNumber } from '../../server/src/scenario/format';

const intl = (x: number, min: number, max: number) => new Intl.NumberFormat('en-US', { minimumFractionDigits: min, maximumFractionDigits: max }).format(x);

test('formatFixed writes what Intl.NumberFormat en-US writes, on the cases that decide rounding and signs', () => {
  const cases = [
    0, -0, 1, -1, 0.5, 1.5, 2.5, -2.5, 1.005, 1.0005, 0.125, 0.135, 0.05, 0.15, 0.25, 0.95, 9.995, 99.95, 999.5, 999999.5,
    0.0004, -0.0004, 0.00049, 1e-7, 1.5e-7, 123456789.123456789, 1e21, 1.2345e21, 9.999e22, 2 ** 53, 2 ** 53 + 2, Number.MAX_VALUE,
    Number.MIN_VALUE, 0.1 + 0.2, 216, 231.4, 32269.955, 8363381181.4, NaN, Infinity, -Infinity,
  ];
  for (const x of cases) for (const [min, max] of [[0, 0], [0, 2], [0, 4], [1, 1], [2, 2], [3, 3], [0, 6], [2, 20]]) {
    assert.equal(formatFixed(x, min!, max!), intl(x, min!, max!), `${x} with ${min}–${max} digits`);
  }
});

test('formatFixed writes what Intl.NumberFormat en-US writes, on generated numbers', () => {
  const digits = fc.integer({ min: 0, max: 12 }).chain((min) => fc.tuple(fc.constant(min), fc.integer({ min, max: 14 })));
  const numbers = fc.oneof(
    fc.double({ noNaN: false }),
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    fc.integer({ min: -1e9, max: 1e9 }).chain((n) => fc.integer({ min: 0, max: 8 }).map((d) => n / 10 ** d)),
    // Exactly half a unit in some decimal place: where the rounding direction shows.
    fc.integer({ min: 0, max: 1e7 }).chain((n) => fc.integer({ min: 1, max: 6 }).map((d) => (n + 0.5) / 10 ** d)),
  );
  fc.assert(fc.property(numbers, digits, (x, [min, max]) => {
    assert.equal(formatFixed(x, min, max), intl(x, min, max), `${x} with ${min}–${max} digits`);
  }), { numRuns: 30000, seed: 5 });
});

test('integers and numbers keep their thousands separators', () => {
  assert.equal(formatInteger(100000), '100,000');
  assert.equal(formatInteger(-1234567.6), '-1,234,568');
  assert.equal(formatNumber(1234.56789), '1,234.5679');
  assert.equal(formatNumber(-0.00001), '0');
});
