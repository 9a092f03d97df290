/**
 * The fast block-subset reader (server/src/scenario/fastYaml/) against the `yaml` package: for
 * the examples, generated scenarios, random character edits of them and
 * random documents assembled from scenario-like lines, whenever the reader
 * returns a document it equals the package's first document field by field
 * (every own property of every node: range, value, type, source, format,
 * minFractionDigits, flow, comment, commentBefore, spaceBefore, …; the
 * document's range, comments and directives; toJS), and the package reports
 * no error, no warning and a single document for that text; and the JS value
 * the reader builds while composing is plainToJS.ts's plainValue of its
 * document and the package's toJS, to the keys' order, the properties'
 * attributes and the objects' prototypes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { isCollection, isMap, isNode, isPair, isScalar, isSeq, Pair, parseAllDocuments, Scalar, visit, YAMLMap, YAMLSeq, type Document } from 'yaml';
import { duplicateKeyRanges } from '../../server/src/scenario/duplicateKeys';
import { parseBlockSubset, parseBlockSubsetWithKeys } from '../../server/src/scenario/fastYaml';
import { plainValue } from '../../server/src/scenario/plainToJS';
import { PARSE_OPTIONS, parseYaml } from '../../server/src/scenario/yamlDocument';
// @ts-expect-error: a plain ES module of the benchmark, without types
import { generateScenario, rng as benchRng } from '../../scripts/bench/generate.mjs';

const ROOT = join(__dirname, '..', '..');
const gen = generateScenario as (lines: number, seed?: number) => string;
const rng = benchRng as (seed: number) => () => number;
const examples: [string, string][] = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.gigafactory.yaml'))
  .sort()
  .map((f) => [f, readFileSync(join(ROOT, 'examples', f), 'utf8')]);
const generated: [string, string][] = [[`generated-40`, gen(40, 1)], [`generated-300`, gen(300, 3)], [`generated-2000`, gen(2000, 5)]];
const SEED = Number(process.env.FC_SEED ?? 20261127);
const RUNS = Number(process.env.FC_RUNS ?? 300);

const NODE_TYPE = Symbol.for('yaml.node.type');
const CLASSES = [Scalar, Pair, YAMLMap, YAMLSeq] as const;

/**
 * Every own enumerable field of a node tree, with the node's class (its
 * `constructor`, and which of the package's node classes it is an instance
 * of), its node type as the package reads it (`node[NODE_TYPE]`, through the
 * prototype chain: the fast reader's nodes inherit it, see fastYaml/nodes.ts) and
 * what the package's type guards say; CST tokens left out.
 */
function norm(x: unknown): unknown {
  if (x === null || typeof x !== 'object') return x;
  if (Array.isArray(x)) return x.map(norm);
  const o = x as Record<string | symbol, unknown>;
  const out: Record<string, unknown> = {
    class: (x as object).constructor,
    instanceOf: CLASSES.filter((c) => x instanceof c).map((c) => c.name),
    nodeType: o[NODE_TYPE],
    guards: [isScalar(x), isPair(x), isMap(x), isSeq(x), isNode(x), isCollection(x)],
  };
  for (const k of Object.keys(x)) if (k !== 'srcToken') out[k] = norm(o[k]);
  if (isCollection(x)) out.schema = (x as { schema?: unknown }).schema === undefined ? 'none' : 'own';
  return out;
}

/** What visit() sees: each visited node's type and the path length. */
function visited(doc: Document.Parsed): string[] {
  const seen: string[] = [];
  visit(doc, (key, node, path) => {
    seen.push(`${String(key)}:${isScalar(node) ? 'S' : isPair(node) ? 'P' : isMap(node) ? 'M' : isSeq(node) ? 'Q' : '?'}:${path.length}`);
  });
  return seen;
}

function docShape(doc: Document.Parsed): unknown {
  const options = { ...doc.options } as Record<string, unknown>;
  delete options._directives;
  delete options.lineCounter;
  return {
    range: doc.range,
    comment: doc.comment,
    commentBefore: doc.commentBefore,
    contents: norm(doc.contents),
    directives: { docStart: doc.directives.docStart, docEnd: doc.directives.docEnd, yaml: doc.directives.yaml, tags: doc.directives.tags },
    options,
    schema: { name: doc.schema.name, tags: doc.schema.tags.length },
    errors: doc.errors.length,
    warnings: doc.warnings.length,
  };
}

/**
 * A JS value's every detail: each object's prototype, own keys in order (with
 * symbols and non-enumerable ones) and their attributes; primitives by type
 * and value (`-0` apart from `0`).
 */
function jsShape(x: unknown): unknown {
  if (x === null || typeof x !== 'object') return [typeof x, Object.is(x, -0) ? '-0' : String(x)];
  const proto = Object.getPrototypeOf(x);
  const d = Object.getOwnPropertyDescriptors(x) as Record<string | symbol, PropertyDescriptor>;
  return {
    proto: proto === Object.prototype ? 'Object' : proto === Array.prototype ? 'Array' : String(proto),
    own: Reflect.ownKeys(x).map((k) => [String(k), typeof k, d[k]!.enumerable, d[k]!.writable, d[k]!.configurable, 'value' in d[k]! ? jsShape(d[k]!.value) : 'accessor']),
  };
}

/**
 * The JS value the fast reader built while composing (parseBlockSubsetWithKeys,
 * and parseYaml's `plain`) against plainValue of its document and the
 * package's toJS of the package's document. Returns whether the reader took the text.
 */
function checkValue(text: string, label: string, pkg?: Document.Parsed): boolean {
  const fast = parseBlockSubsetWithKeys(text);
  if (!fast) return false;
  const walked = plainValue(fast.doc);
  assert.ok(walked, `${label}: plainValue declines the fast reader's document`);
  assert.ok(fast.plain, `${label}: the fast reader built no value`);
  assert.deepStrictEqual(fast.plain.value, walked.value, `${label}: the built value differs from plainValue\n${JSON.stringify(text)}`);
  assert.equal(fast.plain.reaches, walked.reaches, `${label}: reaches differs from plainValue's`);
  assert.deepStrictEqual(jsShape(fast.plain.value), jsShape(walked.value), `${label}: the built value's shape differs from plainValue's\n${JSON.stringify(text)}`);
  const pkgDoc = pkg ?? (parseAllDocuments(text, PARSE_OPTIONS)[0] as Document.Parsed);
  const toJS = pkgDoc.toJS();
  assert.deepStrictEqual(fast.plain.value, toJS, `${label}: the built value differs from the package's toJS`);
  assert.deepStrictEqual(jsShape(fast.plain.value), jsShape(toJS), `${label}: the built value's shape differs from the package's toJS`);
  const parsed = parseYaml(text);
  assert.deepStrictEqual(parsed.plain?.value, walked.value, `${label}: parseYaml's plain value differs`);
  assert.equal(parsed.plain?.reaches, walked.reaches, `${label}: parseYaml's reaches differs`);
  return true;
}

/** Checks one text; returns whether the fast reader took it. */
function check(text: string, label = ''): boolean {
  const fast = parseBlockSubset(text);
  if (!fast) return false;
  const docs = parseAllDocuments(text, PARSE_OPTIONS);
  assert.ok(Array.isArray(docs) && docs.length === 1, `${label}: the package reads ${Array.isArray(docs) ? docs.length : 0} documents\n${text}`);
  const pkg = docs[0]!;
  assert.deepEqual(pkg.errors.map((e) => e.code), [], `${label}: the package reports errors\n${text}`);
  assert.deepEqual(pkg.warnings.map((e) => e.code), [], `${label}: the package reports warnings\n${text}`);
  assert.deepEqual(docShape(fast), docShape(pkg), `${label}: trees differ\n${JSON.stringify(text)}`);
  assert.deepEqual(fast.toJS(), pkg.toJS(), `${label}: toJS differs`);
  assert.equal(String(fast), String(pkg), `${label}: toString differs`);
  assert.deepEqual(visited(fast), visited(pkg), `${label}: visit differs`);
  assert.deepEqual(parseBlockSubsetWithKeys(text)!.duplicateKeys, duplicateKeyRanges(pkg), `${label}: duplicate keys differ`);
  checkValue(text, label, pkg);
  // Clones (the package's clone copies the prototype and the own properties) equal too, and still print the same.
  const fastClone = fast.clone() as Document.Parsed;
  assert.deepEqual(norm(fastClone.contents), norm(pkg.clone().contents), `${label}: clones differ`);
  assert.deepEqual(fastClone.toJS(), pkg.toJS(), `${label}: toJS of the clone differs`);
  assert.equal(String(fastClone), String(pkg), `${label}: toString of the clone differs`);
  return true;
}

test('the fast reader takes every example and generated scenario, and equals the package', () => {
  for (const [name, text] of [...examples, ...generated]) assert.ok(check(text, name), `${name} was declined`);
});

test('parseYaml gives the same document and line starts with the fast path', () => {
  for (const [name, text] of [...examples, ...generated]) {
    const parsed = parseYaml(text);
    const lineStarts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    assert.deepEqual(parsed.lineCounter.lineStarts, lineStarts, name);
    assert.deepEqual(docShape(parsed.document!), docShape(parseAllDocuments(text, PARSE_OPTIONS)[0] as Document.Parsed), name);
  }
});

test('the fast reader declines constructs outside the subset', () => {
  const declined = [
    'a: &x 1\nb: *x\n', // anchors, aliases
    'a: !!str 1\n', // tags
    'a: |\n  text\n', // block scalars
    'a: >\n  text\n',
    '%YAML 1.2\n---\na: 1\n', // directives, document markers
    '---\na: 1\n',
    'a: 1\n...\n',
    'a: 1\n---\nb: 2\n',
    'a: {b: 1}\n', // flow mappings
    'a: [1, [2]]\n', // nested flow
    'a: [1,\n  2]\n', // multi-line flow
    '? a\n: 1\n', // explicit keys
    'a:\tb\n', // tabs
    'a: 1\r\nb: 2\r\n', // CR
    '\ufeffa: 1\n', // BOM
    'a: b\n  c\n', // multi-line plain
    'a: "b\n  c"\n', // multi-line quoted
    'a: "b\\n"\n', // escapes
    '- a\n- b\n', // a root sequence
    'a\n', // a root scalar
    '',
    '# only a comment\n',
    'a:\n  -\n', // empty item
    'a:\n  - - b\n', // nested sequence
    'a: b: c\n', // errors
    'a: 1\n  b: 2\n',
    'a: 1\na: 2\n', // duplicate keys are reported by duplicateKeyRanges, but the tree is the same: not declined on purpose
  ];
  for (const text of declined.slice(0, -1)) assert.equal(parseBlockSubset(text), undefined, JSON.stringify(text));
  // Duplicate keys: the package (uniqueKeys: false) reads them without error, so the fast path may take them.
  check('a: 1\na: 2\n', 'duplicate');
});

test('comment and blank-line placement equals the package', () => {
  const cases = [
    '# head\n\n# more\na: 1\n',
    '# head\na: 1\n',
    '\n# head\na: 1 # tail\n\n# between\n\nb:\n  # inner\n\n  c: 2\n    # deeper\n  # same\n# out\nd: 3\n',
    'a:\n  b: 1\n  # trailing at b\n',
    'a:\n  b: 1\n # less than b\nc: 2\n',
    'a:\n  - x: 1\n    # in item\n  - y: 2\n\n  # before item\n  - z\n# end\n\n',
    'a:   # on key\n\n  # before value\n  b: 1\n',
    'a:\n# comment after empty value\n\nb: 1\n',
    'a:\n  # indented after empty value\n\nb: 1\n',
    'a:\n  b:\n# x\n\nc: 1\n',
    'a:\nb:\n',
    'a:   \n',
    'a: 1\n  # indented\n\n  # again\nb: 2\n',
    'a: [x, y]   # flow\n  # attached\nb: [ ]\n',
    "a: 'it''s' # q\nb: \"q\"\n",
    'a: 1\n\n\n',
    'a: 1\n#\n#x\n',
    'a:\n- b\n- c: 1\n  d: 2\ne: 3\n', // a sequence at its key's indentation
    'a: 1',
    'a: 1\n   ',
    'k: -1\nf: 1.50\ne: 1e3\nh: 0x1F\no: 0o17\nn: ~\nt: true\ns: .inf\nm: .nan\nnull: x\ntrue: y\n1: z\n',
  ];
  for (const text of cases) check(text, JSON.stringify(text));
});

const CHARS = ['0', '7', 'a', 'Z', ' ', '  ', '"', "'", '#', ' #', ':', ': ', '-', '- ', '\n', '\n  ', '\n    ', '[', ']', ',', '.', '&', '*', '!', '|', '>', '?', '\t', '\r', '%', '@', '~'];

function applyEdits(text: string, edits: { at: number; ins: string | null; del: number }[]): string {
  for (const e of edits) {
    const at = text.length === 0 ? 0 : e.at % (text.length + 1);
    text = e.ins !== null ? text.slice(0, at) + e.ins + text.slice(at) : text.slice(0, at) + text.slice(at + e.del);
  }
  return text;
}

const editArb = fc.record({
  at: fc.nat(),
  ins: fc.option(fc.constantFrom(...CHARS), { nil: null, freq: 3 }),
  del: fc.integer({ min: 1, max: 4 }),
});

test('random edits of examples and generated scenarios: equal to the package whenever taken', () => {
  const bases = [...examples, generated[0]!, generated[1]!];
  let taken = 0;
  let total = 0;
  fc.assert(
    fc.property(fc.nat({ max: bases.length - 1 }), fc.array(editArb, { minLength: 1, maxLength: 6 }), (b, edits) => {
      const text = applyEdits(bases[b]![1], edits);
      total++;
      if (check(text, `edit of ${bases[b]![0]}`)) taken++;
    }),
    { seed: SEED, numRuns: RUNS * 3 },
  );
  // The edits must leave many files in the subset, or the test checks little.
  assert.ok(taken > total / 4, `only ${taken} of ${total} edited files were taken`);
});

const VALUES = [
  'value', 'nvidia-h100', '100', '1.50', '-5', '1e3', '0x1F', '0o17', '~', 'null', 'true', 'False', '.inf', '.NaN', '80%', '150M EUR',
  '"Line 1"', '""', "'it''s'", "''", '[a, b, 1]', '[]', '[ x ,y ]', 'a#b', 'a b  c', 'x:y', '-x', '€80M', 'k2: bad',
];
const KEYS = ['name', 'count', 'a b', '"quoted"', "'single'", '1', 'true', 'null', 'x-y', 'k:x'];

/** A random scenario-like document: nested maps and sequences, comments and blank lines anywhere. */
function randomDoc(seed: number): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const lines: string[] = [];
  const gap = () => {
    while (r() < 0.3) {
      const kind = r();
      if (kind < 0.35) lines.push(' '.repeat(r() < 0.7 ? 0 : Math.floor(r() * 6)));
      else lines.push(' '.repeat(Math.floor(r() * 10)) + pick(['# c', '#', '#x', '# two  words ', '# - a: 1']));
    }
  };
  const trail = () => (r() < 0.2 ? ' '.repeat(1 + Math.floor(r() * 3)) + pick(['# t', '#', '#: x']) : r() < 0.05 ? '  ' : '');
  const map = (indent: number, first: string | null, depth: number) => {
    const n = 1 + Math.floor(r() * 4);
    for (let i = 0; i < n; i++) {
      const lead = i === 0 && first !== null ? first : ' '.repeat(indent);
      if (i > 0 || first === null) gap();
      const key = pick(KEYS);
      const kind = depth > 3 ? 0 : r();
      if (kind < 0.6) lines.push(`${lead}${key}: ${pick(VALUES)}${trail()}`);
      else if (kind < 0.7) lines.push(`${lead}${key}:${trail()}`);
      else if (kind < 0.85) {
        lines.push(`${lead}${key}:${trail()}`);
        gap();
        map(indent + 1 + Math.floor(r() * 3), null, depth + 1);
      } else {
        lines.push(`${lead}${key}:${trail()}`);
        gap();
        seq(indent + Math.floor(r() * 4), depth + 1);
      }
    }
  };
  const seq = (indent: number, depth: number) => {
    const n = 1 + Math.floor(r() * 3);
    for (let i = 0; i < n; i++) {
      if (i > 0) gap();
      const dash = ' '.repeat(indent) + '-' + ' '.repeat(1 + (r() < 0.2 ? Math.floor(r() * 3) : 0));
      if (r() < 0.3 || depth > 3) lines.push(`${dash}${pick(VALUES)}${trail()}`);
      else map(dash.length, dash, depth + 1);
    }
  };
  gap();
  map(0, null, 0);
  gap();
  // A few random character edits on top, so near-misses of the subset are checked too.
  let text = lines.join('\n') + (r() < 0.8 ? '\n' : '');
  const edits = r() < 0.5 ? 0 : 1 + Math.floor(r() * 2);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(r() * (text.length + 1));
    text = r() < 0.5 ? text.slice(0, at) + pick(CHARS) + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
  }
  return text;
}

test('random scenario-like documents: equal to the package whenever taken', () => {
  let taken = 0;
  let total = 0;
  fc.assert(
    fc.property(fc.integer(), (seed) => {
      const text = randomDoc(seed);
      total++;
      if (check(text, `random document ${seed}`)) taken++;
    }),
    { seed: SEED, numRuns: RUNS * 20 },
  );
  assert.ok(taken > total / 4, `only ${taken} of ${total} documents were taken`);
});

/**
 * The repeated keys the fast reader finds while composing (parseYaml reports
 * them instead of walking the tree again) against duplicateKeyRanges on the
 * same document and on the package's: equal whenever the reader takes the
 * text. Returns how many repeated keys there were, or -1 when declined.
 */
function checkKeys(text: string, label: string): number {
  const fast = parseBlockSubsetWithKeys(text);
  if (!fast) return -1;
  const expected = duplicateKeyRanges(fast.doc);
  assert.deepEqual(fast.duplicateKeys, expected, `${label}: duplicate keys differ\n${JSON.stringify(text)}`);
  checkValue(text, label);
  assert.deepEqual(duplicateKeyRanges(parseAllDocuments(text, PARSE_OPTIONS)[0] as Document.Parsed), expected, `${label}: the package's tree has other duplicates`);
  const reported = parseYaml(text).problems.filter((p) => p.code === 'yaml-duplicate-key').map((p) => [p.span.start, p.span.end]);
  assert.deepEqual(reported, expected, `${label}: parseYaml reports other duplicate keys`);
  return expected.length;
}

/** Keys that equal, or only look like, each other: `1` and `1.0` are the same number, `"1"` a string, `-0` is `0`, `.nan` never repeats. */
const DUP_KEYS = ['1', '"1"', "'1'", '1.0', '0x1', '0', '-0', '+0', 'count', '"count"', 'null', '~', 'true', 'TRUE', '"true"', '.nan', '.NaN', 'name', 'x'];

test('repeated keys found by the fast reader: fixed cases', () => {
  const cases: [string, number][] = [
    ['a: 1\na: 2\n', 1],
    ['1: x\n"1": y\n', 0],
    ['1: x\n1.0: y\n0x1: z\n', 2],
    ['0: a\n-0: b\n+0: c\n', 2],
    ['.nan: a\n.nan: b\n', 0],
    ['null: a\n~: b\n"null": c\n', 1],
    ['list:\n  - count: 1\n    name: a\n    count: 2\n  - count: 3\n    count: 4\n    count: 5\ncount: 6\nlist: 7\n', 4],
    [Array.from({ length: 12 }, (_, i) => `k${i % 5}: ${i}\n`).join(''), 7], // more than 8 pairs: the Map
    [Array.from({ length: 9 }, (_, i) => `${DUP_KEYS[i]}: ${i}\n`).join('') + '1.0: y\n"1": z\n.nan: n\n', 7], // 1.0, 0x1 repeat 1; '1' repeats "1"; -0, +0 repeat 0
  ];
  for (const [text, n] of cases) assert.equal(checkKeys(text, JSON.stringify(text)), n, JSON.stringify(text));
  for (const [name, text] of [...examples, ...generated]) assert.equal(checkKeys(text, name), 0, name);
});

/** The indentation of the keys on a line: the line's own, or after its `- `. */
function keyIndent(line: string): number {
  const m = /^( *)(- +)?/.exec(line)!;
  return m[1]!.length + (m[2]?.length ?? 0);
}

/** A mutation of a scenario's lines that tends to repeat keys. */
const mutationArb = fc.record({
  kind: fc.constantFrom('dup-line', 'dup-key-line', 'insert-key', 'wide-map'),
  at: fc.nat(),
  key: fc.constantFrom(...DUP_KEYS),
  width: fc.integer({ min: 2, max: 24 }),
});

function mutate(text: string, muts: { kind: string; at: number; key: string; width: number }[]): string {
  const lines = text.split('\n');
  for (const m of muts) {
    const i = m.at % lines.length;
    const line = lines[i]!;
    const ind = ' '.repeat(keyIndent(line));
    switch (m.kind) {
      case 'dup-line': // the same line again (inside a list item: its key twice; a `- ` line: another item)
        lines.splice(i + 1, 0, line);
        break;
      case 'dup-key-line': // the line's `key: value` again, as the next pair of its mapping
        lines.splice(i + 1, 0, ind + line.slice(ind.length));
        break;
      case 'insert-key': // a look-alike key next to the line's key
        lines.splice(i + 1, 0, `${ind}${m.key}: v`);
        break;
      default: // a wide mapping of look-alike keys (past the pairwise limit when width > 8)
        for (let k = 0; k < m.width; k++) lines.splice(i + 1 + k, 0, `${ind}${DUP_KEYS[(k * 7 + m.at) % DUP_KEYS.length]}: ${k}`);
    }
  }
  return lines.join('\n');
}

test('random mutations that repeat keys: the fast reader finds the same repeated keys as duplicateKeyRanges', () => {
  const bases = [...examples, generated[0]!, generated[1]!];
  let taken = 0;
  let total = 0;
  let withDuplicates = 0;
  fc.assert(
    fc.property(fc.nat({ max: bases.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 5 }), (b, muts) => {
      const text = mutate(bases[b]![1], muts);
      total++;
      const n = checkKeys(text, `mutation of ${bases[b]![0]}`);
      if (n >= 0) taken++;
      if (n > 0) withDuplicates++;
    }),
    { seed: SEED, numRuns: RUNS * 2 },
  );
  assert.ok(taken > total / 2, `only ${taken} of ${total} mutated files were taken`);
  assert.ok(withDuplicates > total / 4, `only ${withDuplicates} of ${total} mutated files had repeated keys`);
});

test('the value built while composing: inherited names, repeated and non-string keys, empty values, flow sequences', () => {
  const cases: [string, boolean][] = [
    ['__proto__: 1\ntoString: x\nconstructor: [a, b]\nhasOwnProperty:\n  valueOf: 2\n', false],
    ['a: 1\nb: 2\na: 3\n__proto__: x\n__proto__: y\n', false],
    ['1: x\n1.0: y\n"1": z\n0x1: w\n-0: a\n0: b\nnull: n\n~: t\n"": e\ntrue: t\n.nan: q\n.inf: i\n', false],
    ['a:\nb: -0\nc: 1.50\nd: "q"\ne: \'it\'\'s\'\nf: []\ng: [1, x, null, 2.0]\n', true],
    ['list:\n  - name: a\n    x:\n  - 1\n  - 2\n  - k: [v]\n    k: w\nm:\n  n:\n    o: p\n', true],
    ['k: v # c\n# c\nl:\n  # c\n  - a # c\n\n  - b\n', false],
    [Array.from({ length: 12 }, (_, i) => `k${i % 5}: ${i}\n`).join(''), false],
  ];
  for (const [text, reaches] of cases) {
    assert.ok(checkValue(text, JSON.stringify(text)), `${JSON.stringify(text)} was declined`);
    assert.equal(parseBlockSubsetWithKeys(text)!.plain!.reaches, reaches, JSON.stringify(text));
  }
  const inherited = parseBlockSubsetWithKeys('__proto__: 1\n')!.plain!.value as Record<string, unknown>;
  assert.ok(Object.hasOwn(inherited, '__proto__') && Object.getPrototypeOf(inherited) === Object.prototype);
  for (const [name, text] of [...examples, ...generated]) assert.ok(checkValue(text, name), `${name} was declined`);
});
