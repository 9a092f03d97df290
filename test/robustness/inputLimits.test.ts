/**
 * Hostile input at the library level: each case that once stalled or crashed
 * the analysis, with the diagnostic it must now get and a time bound far
 * below what it used to take. The same inputs go over the protocol in
 * hostileInput.test.ts; these are the quick, exact regression tests.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze } from '../../server/src/scenario/analysis';
import { builtinCatalog } from '../../server/src/scenario/catalog';
import { markedSpans, VALID_SCENARIO } from '../helpers/markers';

const catalog = builtinCatalog();

/** Analyses `text` and asserts it took at most `ms` milliseconds (generous: the machine may be busy). */
function timed(text: string, ms: number) {
  const started = performance.now();
  const a = analyze(text, { catalog });
  const took = performance.now() - started;
  assert.ok(took < ms, `analysis took ${Math.round(took)} ms, bound ${ms} ms`);
  return a.problems;
}

const show = (ps: { code: string; message: string }[]) => ps.map((p) => `${p.code}: ${p.message}`).join('\n');

describe('wide mappings', () => {
  // The yaml package's duplicate-key check compared every key with every earlier
  // one (40,000 keys took 20-30 s, a 5 MB file of keys most of an hour), and the
  // schema layer scanned the mapping once per unknown key (minutes).
  test('a mapping of 40,000 unknown keys is read in linear time, each key reported', () => {
    const keys = Array.from({ length: 40000 }, (_, i) => `k${i}: ${i}`).join('\n');
    const ps = timed(`${VALID_SCENARIO}${keys}\n`, 10000);
    assert.ok(ps.length > 0 && ps.every((p) => p.code === 'schema-unknown-key'), show(ps.slice(0, 5)));
  });

  test('a list of 40,000 wrong items is read in linear time, each item reported', () => {
    const list = Array.from({ length: 40000 }, (_, i) => `    - ${i}`).join('\n');
    const text = VALID_SCENARIO.replace(/^metadata:\n/m, `metadata:\n  tags:\n${list}\n`);
    const ps = timed(text, 10000);
    assert.equal(ps.filter((p) => p.code === 'schema-type').length, 40000, show(ps.slice(0, 5)));
  });

  test('a flow mapping of 40,000 keys is read in linear time', () => {
    const keys = Array.from({ length: 40000 }, (_, i) => `k${i}: ${i}`).join(', ');
    const ps = timed(`${VALID_SCENARIO}extra: {${keys}}\n`, 10000);
    assert.ok(ps.some((p) => p.code === 'schema-unknown-key'), show(ps.slice(0, 5)));
  });

  test('duplicate keys are still found, on the later key, at any depth and in flow style', () => {
    const { text, spans } = markedSpans(
      `${VALID_SCENARIO}extra:\n  a: 1\n  b: {x: 1, y: 2, ⟦x⟧: 3}\n  ⟦a⟧: 2\n  list:\n    - k: 1\n      ⟦k⟧: 2\n  "1": string key\n  1: number key is another key\n`,
    );
    const dups = analyze(text, { catalog }).problems.filter((p) => p.code === 'yaml-duplicate-key');
    assert.deepEqual(dups.map((p) => p.span), spans);
    assert.match(dups[0]!.message, /appears twice/);
  });
});
