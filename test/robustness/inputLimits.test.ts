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
import { MAX_ENTRIES, structureBeyond } from '../../server/src/scenario/preScan';
import { repairsFor } from '../../server/src/scenario/quickFixes';
import { IncrementalAnalyzer } from '../../server/src/scenario/incremental/analyzer';
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

const show = (ps: readonly { code: string; message: string }[]) => ps.map((p) => `${p.code}: ${p.message}`).join('\n');

describe('wide mappings', () => {
  // The yaml package's duplicate-key check compared every key with every earlier
  // one (40,000 keys took 20-30 s, a 5 MB file of keys most of an hour), and the
  // schema layer scanned the mapping once per unknown key (minutes).
  test('a mapping of 40,000 unknown keys is read in linear time, each key reported', () => {
    const keys = Array.from({ length: 40000 }, (_, i) => `k${i}: ${i}`).join('\n');
    const ps = timed(`${VALID_SCENARIO}${keys}\n`, 10000);
    assert.equal(ps.filter((p) => p.code === 'schema-unknown-key').length, 1000, show(ps.slice(0, 5)));
    assert.match(ps[1000]!.message, /^39,000 more problems from here on are not listed/);
  });

  test('a list of 40,000 wrong items is read in linear time, each item reported', () => {
    const list = Array.from({ length: 40000 }, (_, i) => `    - ${i}`).join('\n');
    const text = VALID_SCENARIO.replace(/^metadata:\n/m, `metadata:\n  tags:\n${list}\n`);
    const ps = timed(text, 10000);
    assert.equal(ps.filter((p) => p.code === 'schema-type').length, 1000, show(ps.slice(0, 5)));
    assert.equal(ps[1000]!.code, 'limit-problems');
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

describe('many problems', () => {
  // 130,000 problems went through `push(...list)`, which overflows the stack
  // past about 120,000 arguments: analyze threw instead of answering.
  test('130,000 unknown keys: no stack overflow, the first 1,000 problems and a count of the rest', () => {
    const keys = Array.from({ length: 130_000 }, (_, i) => `k${i}: 1`).join('\n');
    const ps = timed(`${VALID_SCENARIO}${keys}\n`, 30000);
    assert.equal(ps.length, 1001);
    assert.equal(ps[1000]!.code, 'limit-problems');
    assert.equal(ps[1000]!.severity, 'error');
    assert.match(ps[1000]!.message, /^129,000 more problems/);
  });
});

describe('incremental re-parse of a wide pair', () => {
  // The re-parse of one pair used the yaml package's quadratic duplicate-key
  // check: an edit on the first line of a 40,000-key pair took 30-60 s.
  const keys = Array.from({ length: 40000 }, (_, i) => `  k${i}: ${i}`).join('\n');
  const big = `${VALID_SCENARIO}extra:\n${keys}\n`;
  for (const [what, edited] of [
    ['a comment on its key line', big.replace('extra:\n', 'extra: # note\n')],
    ['a renamed key', big.replace('extra:\n', 'extrb:\n')],
    ['a duplicate key inside it', big.replace('  k20000: 20000', '  k20000: 20000\n  k1: 1')],
  ] as const) {
    test(`${what}: in linear time, and as a fresh analysis`, () => {
      const inc = new IncrementalAnalyzer();
      inc.update(big, { catalog });
      const started = performance.now();
      const a = inc.update(edited, { catalog });
      const took = performance.now() - started;
      assert.ok(took < 10000, `took ${Math.round(took)} ms`);
      const key = (ps: readonly { code: string; span: object; message: string }[]) => JSON.stringify(ps.map((p) => [p.code, p.span, p.message]));
      assert.equal(key(a.problems), key(analyze(edited, { catalog }).problems));
    });
  }
});

describe('quick fixes on a large file', () => {
  // Each problem's node was found by walking the whole tree: the code actions
  // for a whole 20,000-line file took 7 s, for 100,000 lines minutes.
  test('repairs for the 1,000 problems of a 100,000-line file are found in linear time', () => {
    const a = analyze(`${VALID_SCENARIO}${'k: 1\n'.repeat(100_000)}`, { catalog });
    assert.equal(a.problems.length, 1001);
    const started = performance.now();
    const repairs = a.problems.flatMap((p) => repairsFor(a, p));
    const took = performance.now() - started;
    assert.ok(took < 5000, `took ${Math.round(took)} ms`);
    assert.ok(repairs.some((r) => /Remove the second `k`/.test(r.title)), repairs.slice(0, 3).map((r) => r.title).join('\n'));
  });
});

describe('entries', () => {
  // A megabyte of bare commas is a million parse errors: 18-20 s in the yaml package.
  test('a megabyte of bare commas is refused at once, naming the limit', () => {
    const text = VALID_SCENARIO.replace('name: test-base', `name: test-base\n  tags: [${','.repeat(1024 * 1024)}]`);
    const ps = timed(text, 2000);
    assert.deepEqual(ps.map((p) => p.code), ['limit-entries']);
    assert.match(ps[0]!.message, /more than 200,000 lines and list or mapping items/);
  });

  test('the limit counts lines and flow items, not characters of text', () => {
    const lines = (n: number) => 'a: 1\n'.repeat(n);
    assert.equal(structureBeyond(lines(MAX_ENTRIES), Infinity), undefined);
    assert.equal(structureBeyond(lines(MAX_ENTRIES + 1), Infinity)?.limit, 'entries');
    assert.equal(structureBeyond(`a: [${'x,'.repeat(MAX_ENTRIES)}]`, Infinity)?.limit, 'entries');
    assert.equal(structureBeyond(`a: "${'x,'.repeat(MAX_ENTRIES)}"\nb: ${'x,'.repeat(MAX_ENTRIES)}`, Infinity), undefined, 'commas in text are not items');
  });
});

describe('nesting depth', () => {
  const deep = {
    'flow lists': (n: number) => `metadata: ${'['.repeat(n)}${']'.repeat(n)}\n`,
    'flow mappings': (n: number) => `metadata: ${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`,
    'unclosed flow lists': (n: number) => `metadata: ${'['.repeat(n)}\n`,
    'compact block lists': (n: number) => `metadata:\n  ${'- '.repeat(n)}x\n`,
    'block mappings': (n: number) => `metadata:\n${Array.from({ length: n }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} 1\n`,
    'list items holding mappings': (n: number) => `metadata:\n${Array.from({ length: n }, (_, i) => `${' '.repeat(2 * i + 1)}- k:`).join('\n')} 1\n`,
  };
  // Without the limit: "Maximum call stack size exceeded" from the yaml package
  // near 900 levels, and 5-10 s of parsing for a million open brackets.
  for (const [shape, make] of Object.entries(deep)) {
    for (const n of shape.startsWith('block') || shape.startsWith('list') ? [101, 1000] : [101, 1000, 10_000, 1_000_000]) {
      test(`${n.toLocaleString('en')} levels of ${shape}: one diagnostic naming the limit, at once`, () => {
        const text = `apiVersion: gigafactory/v1\nkind: Scenario\n${make(n)}`;
        const ps = timed(text, 2000);
        assert.equal(ps.length, 1, show(ps));
        assert.equal(ps[0]!.code, 'limit-nesting');
        assert.match(ps[0]!.message, /more than 100 levels/);
        assert.ok(ps[0]!.span.start > text.indexOf('metadata'), 'the diagnostic points into the nesting');
      });
    }
  }

  test('a scenario nested 60 levels deep in an unknown key is still checked as usual', () => {
    const ps = timed(`${VALID_SCENARIO}extra: ${'['.repeat(60)}${']'.repeat(60)}\n`, 2000);
    assert.deepEqual(ps.map((p) => p.code), ['schema-unknown-key']);
  });

  test('brackets in quotes, comments, plain text and block scalars are not nesting', () => {
    const text = VALID_SCENARIO.replace(/^metadata:\n/m, [
      'metadata:',
      `  description: "${'['.repeat(300)}"`,
      `  title: plain ${'{'.repeat(300)}`,
      `  # ${'['.repeat(300)}`,
      '  summary: |',
      ...Array.from({ length: 300 }, (_, i) => `    ${' '.repeat(i)}- k${i}: [`),
      '',
    ].join('\n'));
    const ps = timed(text, 2000);
    assert.ok(!ps.some((p) => p.code === 'limit-nesting'), show(ps));
  });
});

describe('characters', () => {
  test('a NUL marks a binary file: one diagnostic, nothing parsed', () => {
    const garbage = Array.from({ length: 200_000 }, (_, i) => String.fromCharCode((i * 7919 + 13) % 256)).join('');
    const ps = timed(garbage, 2000);
    assert.deepEqual(ps.map((p) => p.code), ['binary-file']);
    assert.equal(ps[0]!.span.start, garbage.indexOf('\0'));
  });

  test('a NUL inside an otherwise valid scenario is reported where it is', () => {
    const text = VALID_SCENARIO.replace('kind: Scenario', 'kind: Scen\0ario');
    const ps = timed(text, 2000);
    assert.deepEqual(ps.map((p) => p.code), ['binary-file']);
    assert.equal(ps[0]!.span.start, text.indexOf('\0'));
  });

  test('other control characters are one error with a count; the rest is still checked', () => {
    const text = VALID_SCENARIO.replace('kind: Scenario', 'kind: Scenario\u0007\u0007').replace('apiVersion: gigafactory/v1', 'apiVersion: gigafactory/v1\u001b');
    const ps = timed(text, 2000);
    const bad = ps.find((p) => p.code === 'forbidden-character')!;
    assert.ok(bad, show(ps));
    assert.equal(bad.span.start, text.indexOf('\u001b'));
    assert.match(bad.message, /U\+001B.*3 such characters/);
    assert.ok(ps.some((p) => p.code === 'schema-const'), 'the schema still runs (kind is now wrong)');
  });

  test('lone surrogates count as forbidden characters; pairs do not', () => {
    assert.ok(timed(`${VALID_SCENARIO}# \ud800 alone\n`, 2000).some((p) => p.code === 'forbidden-character'));
    assert.deepEqual(timed(`${VALID_SCENARIO}# 😀 paired\n`, 2000), []);
  });

  test('bytes that were not UTF-8 (decoded as U+FFFD) get a warning on the first one', () => {
    const text = VALID_SCENARIO.replace('name: test-base', 'name: test-base # caf\ufffd');
    const bytes = Buffer.from([0x23, 0x20, 0xff, 0xfe, 0xc3, 0x28, 0x0a]).toString('utf8') + VALID_SCENARIO;
    for (const t of [text, bytes]) {
      const ps = timed(t, 2000);
      assert.equal(ps.length, 1, show(ps));
      assert.equal(ps[0]!.code, 'not-utf8');
      assert.equal(ps[0]!.severity, 'warning');
      assert.equal(ps[0]!.span.start, t.indexOf('\ufffd'));
    }
  });
});

describe('line endings', () => {
  const lines = VALID_SCENARIO.trimEnd().split('\n');

  test('mixed LF and CRLF line endings read as written', () => {
    assert.deepEqual(timed(lines.map((l, i) => l + (i % 2 ? '\r\n' : '\n')).join(''), 2000), []);
  });

  test('a lone CR (old Mac line end) is named where it is, since the reader runs the lines together', () => {
    const text = lines.map((l, i) => l + (i === 3 || i === 5 ? '\r' : '\n')).join('');
    const ps = timed(text, 2000);
    const cr = ps.find((p) => p.code === 'lone-cr');
    assert.ok(cr, show(ps));
    assert.equal(cr.span.start, text.indexOf('\r'));
    assert.match(cr.message, /2 such line ends/);
  });

  test('a file of CR line ends is not just "empty"', () => {
    const ps = timed(`# comment\r${lines.join('\r')}\r`, 2000);
    assert.ok(ps.some((p) => p.code === 'lone-cr'), show(ps));
  });
});

describe('numbers JavaScript cannot hold', () => {
  const count = (value: string) => analyze(VALID_SCENARIO.replace(/count: \d+/, `count: ${value}`), { catalog }).problems;

  test('each is quoted as written: 1e400 (not Infinity), 9007199254740993 (not ...992), .nan', () => {
    assert.match(count('1e400')[0]!.message, /found 1e400, beyond any number$/);
    assert.match(count('9007199254740993')[0]!.message, /too large to count exactly; found 9007199254740993$/);
    assert.match(count('99999999999999999999999')[0]!.message, /found 99999999999999999999999$/);
    assert.match(count('.nan')[0]!.message, /found \.nan$/);
    assert.match(count('-.inf')[0]!.message, /found -\.inf$/);
  });

  test('numbers held exactly keep their message', () => {
    assert.match(count('-5')[0]!.message, /cannot be negative; found -5$/);
    assert.match(count('2.5')[0]!.message, /found 2\.5$/);
  });
});
