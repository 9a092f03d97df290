/**
 * plainValue (plainToJS.ts) gives exactly `doc.toJS()`: the same values, the
 * same object shapes (prototype, own keys in order, property descriptors), on
 * the examples, the broken examples, generated scenarios, hand-picked corner
 * cases (inherited names such as `__proto__`, duplicate keys, null and
 * numeric keys, `<<`, flow pairs) and random mutations of all of them; its
 * `reaches` equals hasLinks(doc) whenever it reads a value; and it declines
 * exactly the documents it must leave to the package.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments, parseDocument, type Document } from 'yaml';
import { hasLinks } from '../../server/src/scenario/incremental/patch';
import { documentValue, plainValue } from '../../server/src/scenario/plainToJS';
import { parseYaml, PARSE_OPTIONS } from '../../server/src/scenario/yamlDocument';
// @ts-expect-error: a plain ES module of the benchmark, without types
import { generateScenario } from '../../scripts/bench/generate.mjs';

const ROOT = join(__dirname, '..', '..');
const read = (dir: string) => readdirSync(join(ROOT, dir)).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => readFileSync(join(ROOT, dir, f), 'utf8'));
const generate = generateScenario as (lines: number, seed?: number) => string;
const corpus = [...read('examples'), ...read('examples/broken'), generate(400, 7), generate(120, 1)];

/** Whether two JS values are the same: primitives by Object.is, objects by prototype, own keys in order and descriptors. */
function same(a: unknown, b: unknown, path = '$'): void {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    assert.ok(Object.is(a, b), `${path}: ${String(a)} vs ${String(b)}`);
    return;
  }
  assert.equal(Object.getPrototypeOf(a), Object.getPrototypeOf(b), `${path}: prototype`);
  assert.equal(Array.isArray(a), Array.isArray(b), `${path}: array`);
  const ka = Reflect.ownKeys(a);
  const kb = Reflect.ownKeys(b);
  assert.deepEqual(ka, kb, `${path}: keys`);
  for (const k of ka) {
    const da: PropertyDescriptor = Object.getOwnPropertyDescriptor(a, k)!;
    const db: PropertyDescriptor = Object.getOwnPropertyDescriptor(b, k)!;
    assert.equal(da.enumerable, db.enumerable, `${path}.${String(k)}: enumerable`);
    assert.equal(da.writable, db.writable, `${path}.${String(k)}: writable`);
    assert.equal(da.configurable, db.configurable, `${path}.${String(k)}: configurable`);
    same(da.value, db.value, `${path}.${String(k)}`);
  }
}

/** Every document the two parse routes give for `text`: the server's (fast reader or package) and the package's own. */
function documents(text: string): Document[] {
  const out: Document[] = [];
  const parsed = parseYaml(text);
  if (parsed.document) out.push(parsed.document);
  const all = parseAllDocuments(text, PARSE_OPTIONS);
  if (!('empty' in all)) out.push(...all);
  return out;
}

let plainCount = 0;
let declined = 0;

function check(doc: Document): void {
  let expected: unknown;
  let threw = false;
  try {
    expected = doc.toJS({ maxAliasCount: 100 });
  } catch {
    threw = true;
  }
  const plain = plainValue(doc);
  if (!plain) {
    declined++;
    // documentValue falls back to the package: same value, same exception.
    if (threw) assert.throws(() => documentValue(doc, 100));
    else same(documentValue(doc, 100), expected);
    return;
  }
  plainCount++;
  assert.ok(!threw, 'a plain document converts without an error');
  same(plain.value, expected);
  same(documentValue(doc, 100), expected);
  assert.equal(plain.reaches, hasLinks(doc as Document.Parsed), 'reaches equals hasLinks');
}

test('plainValue equals doc.toJS on the examples and generated scenarios, and reads them directly', () => {
  for (const text of corpus) for (const doc of documents(text)) check(doc);
  assert.ok(plainCount >= corpus.length, `read directly: ${plainCount}`);
});

test('corner cases: inherited names, duplicates, null and numeric keys, merge keys, flow pairs, empty values', () => {
  const cases = [
    '__proto__: 1\nb: 2\n',
    '__proto__:\n  polluted: true\n',
    'a: 1\n__proto__: [1]\n__proto__: {x: 1}\n',
    'toString: x\nconstructor: y\nhasOwnProperty: z\nvalueOf: 1\n',
    'a: 1\nb: 2\na: 3\n',
    '1: a\n"1": b\n1.0: c\n0x10: d\n0o7: e\n.inf: f\n-.inf: g\n.nan: h\n1e3: i\n',
    'null: a\n~: b\n"": c\n: d\ntrue: e\nfalse: f\n',
    '<<: {a: 1}\nb: 2\n',
    '<<: 1\n',
    '- [a: 1, b, c: ]\n- {x: 1, y: [2, 3]}\n- []\n- {}\n',
    'a:\nb: ~\nc: null\nd: ""\n',
    'a: |\n  text\nb: >-\n  folded\n',
    'a: 123456789012345678901234567890\nb: -0\nc: 0.0\nd: 1_000\n',
    '- a\n- - b\n  - c\n-\n- ~\n',
    '"quoted key": \'single\'\n"x\\ty": "esc\\u0041"\n',
    '? complex\n: value\n',
    'plain\n',
    '42\n',
    '[1, 2, {a: b}]\n',
  ];
  for (const text of cases) for (const doc of documents(text)) check(doc);
  // Direct reads of an inherited name make an own property, as the package does.
  const v = plainValue(parseDocument('__proto__: 1\n', PARSE_OPTIONS))!.value as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
  assert.deepEqual(Object.keys(v), ['__proto__']);
});

test('declines anchors, aliases, tags, collection keys and the merge key', () => {
  for (const text of ['a: &x 1\nb: *x\n', 'a: &x {k: 1}\n', 'a: !!str 1\n', 'a: !custom x\n', '? [a, b]\n: c\n', '? {a: 1}\n: c\n', '--- !!map\na: 1\n', 'a: !!set {x, y}\n', 'a: !!omap [x: 1]\n']) {
    const doc = parseDocument(text, PARSE_OPTIONS);
    assert.equal(plainValue(doc), undefined, text);
    check(doc);
  }
  const merged = parseDocument('base: {a: 1}\nx:\n  <<: {a: 2}\n  b: 3\n', { ...PARSE_OPTIONS, merge: true });
  assert.equal(plainValue(merged), undefined, 'merge keys on');
  check(merged);
});

/** Inserts that change how YAML reads: indicators, quotes, names with meaning to JS objects, numbers of every form. */
const PIECES = [
  ':', ': ', '- ', '#', ' #', '&a ', '*a', '!!str ', '!t ', '|', '>', "'", '"', '[', ']', '{', '}', ',', '? ', '<<: ', '\n', '\n  ', '\n- ', ' ',
  '__proto__', 'toString', 'constructor', '0x1F', '1e400', '-0', '.nan', '~', 'null', 'true', '1_000', '12345678901234567890', '\t', 'a: 1', 'x',
];

test('random mutations: the direct read equals the package, or declines', () => {
  plainCount = 0;
  declined = 0;
  const bases = [...read('examples'), ...read('examples/broken'), generate(150, 5)];
  fc.assert(
    fc.property(
      fc.nat(bases.length - 1),
      fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...PIECES), fc.nat(3)), { minLength: 1, maxLength: 6 }),
      (b, edits) => {
        let text = bases[b]!;
        for (const [at, piece, del] of edits) {
          const i = Math.floor(at * text.length);
          text = text.slice(0, i) + piece + text.slice(i + del);
        }
        for (const doc of documents(text)) check(doc);
      },
    ),
    { seed: Number(process.env.FC_SEED ?? 20261126), numRuns: Number(process.env.FC_RUNS ?? 300) },
  );
  assert.ok(plainCount > declined, `read directly ${plainCount}, declined ${declined}`);
});
