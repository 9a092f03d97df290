/**
 * The incremental schema check (incremental/schema.ts) equals the whole-schema
 * validation: for random edit sequences on every example (broken ones too)
 * and a generated scenario — edits that put schema errors into list items
 * (wrong enum, negative or fractional number, unknown key, missing key,
 * loan-only keys, `custom` without its price) mixed with typing anywhere —
 * the assembled ajv error list equals the generated whole-schema validator's
 * exactly (same errors, same order), and so do the problems. Unchanged
 * subtrees are shared between versions, as the incremental analyzer shares
 * them, so items keep their cached errors; the analyzer's own problems are
 * compared with `analyze(text)` as well.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { analyze } from '../../server/src/scenario/analysis';
import { builtinCatalog } from '../../server/src/scenario/catalog';
import { IncrementalAnalyzer } from '../../server/src/scenario/incremental/analyzer';
import { IncrementalSchema } from '../../server/src/scenario/incremental/schema';
import { validateSchema, type AjvError } from '../../server/src/scenario/schemaValidation';
import { parseYaml } from '../../server/src/scenario/yamlDocument';
import validateScenario from '../../server/src/generated/validateScenario.js';
// @ts-expect-error: a plain ES module of the benchmark, without types
import { generateScenario } from '../../scripts/bench/generate.mjs';

const ROOT = join(__dirname, '..', '..');
const catalog = builtinCatalog();
const read = (dir: string) =>
  readdirSync(join(ROOT, dir)).filter((f) => f.endsWith('.gigafactory.yaml')).sort().map((f): [string, string] => [`${dir}/${f}`, readFileSync(join(ROOT, dir, f), 'utf8')]);
const files: [string, string][] = [
  ...read('examples'),
  ...read('examples/broken'),
  ['generated-300', (generateScenario as (lines: number, seed: number) => string)(300, 5)],
];

/** The whole-schema validator's errors, in its order. */
function fullErrors(value: unknown): AjvError[] {
  return validateScenario(value) ? [] : ((validateScenario.errors ?? []) as AjvError[]);
}

/**
 * `next` with every subtree that equals the one at the same place in `prev`
 * replaced by `prev`'s object, and the containers above a change copied: the
 * sharing the incremental analyzer keeps between versions (it keeps less:
 * everything but the edited path).
 */
function share(prev: unknown, next: unknown): unknown {
  if (isDeepStrictEqual(prev, next)) return prev;
  if (Array.isArray(prev) && Array.isArray(next) && prev.length === next.length) return next.map((x, i) => share(prev[i], x));
  if (isObject(prev) && isObject(next)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(next)) out[k] = k in prev ? share(prev[k], next[k]) : next[k];
    return out;
  }
  return next;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/** Lines `indent key: value` (or `indent- key: value`), for the edits below. */
function pairLines(text: string, keys: string): RegExpMatchArray[] {
  return [...text.matchAll(new RegExp(`^( +)(- )?(${keys}):( *)([^\\n#]*)`, 'gm'))];
}

/** `text` with the value of one matched line set to `value`. */
function setValue(text: string, m: RegExpMatchArray, value: string): string {
  const at = m.index! + m[1]!.length + (m[2] ?? '').length + m[3]!.length + 1 + m[4]!.length;
  return text.slice(0, at) + value + text.slice(at + m[5]!.trimEnd().length);
}

type SchemaEdit = (text: string, pick: number) => string | undefined;

function onLine(keys: string, f: (text: string, m: RegExpMatchArray, pick: number) => string | undefined): SchemaEdit {
  return (text, pick) => {
    const lines = pairLines(text, keys);
    return lines.length ? f(text, lines[pick % lines.length]!, pick) : undefined;
  };
}

const pickOf = <T>(list: readonly T[], pick: number): T => list[Math.floor(pick / 7) % list.length]!;

/** Edits that put a schema error into a list item (or take one out again). */
const SCHEMA_EDITS: Record<string, SchemaEdit> = {
  'wrong enum': onLine('type', (t, m, p) => setValue(t, m, pickOf(['grant', 'eu_grant', 'loan', 'EIB-loan', '7'], p))),
  'other funding type': onLine('type', (t, m, p) => setValue(t, m, pickOf(['eib-loan', 'eu-grant', 'private-debt', 'other'], p))),
  'negative number': onLine('count|termYears|staff', (t, m, p) => setValue(t, m, pickOf(['-3', '-1', '0'], p))),
  'not a whole number': onLine('count|termYears', (t, m, p) => setValue(t, m, pickOf(['2.5', 'many', '[1]', '{}', '""'], p))),
  'empty or odd text': onLine('name|model', (t, m, p) => setValue(t, m, pickOf(['""', '12', 'custom', 'nvidia-h100', '[a]'], p))),
  'unknown key': (text, pick) => {
    const items = [...text.matchAll(/^( +)- [A-Za-z]+:[^\n]*\n/gm)];
    if (!items.length) return undefined;
    const m = items[pick % items.length]!;
    const at = m.index! + m[0].length;
    return text.slice(0, at) + `${m[1]}  ${pickOf(['colour: red', 'modle: x', 'amont: 5', 'rates: 3%'], pick)}\n` + text.slice(at);
  },
  'missing key': (text, pick) => {
    const lines = [...text.matchAll(/^ +(count|amount|name|type|model|rate|unitPrice|power|termYears):[^\n]*\n/gm)];
    if (!lines.length) return undefined;
    const m = lines[pick % lines.length]!;
    return text.slice(0, m.index!) + text.slice(m.index! + m[0].length);
  },
  'loan-only key': (text, pick) => {
    const lines = [...text.matchAll(/^( +)(amount:[^\n]*\n)/gm)];
    if (!lines.length) return undefined;
    const m = lines[pick % lines.length]!;
    const at = m.index! + m[0].length;
    return text.slice(0, at) + `${m[1]}${pickOf(['rate: 4%', 'termYears: 10', 'termYears: -1'], pick)}\n` + text.slice(at);
  },
};

const CHARS = ['7', '-', 'a', ' ', '.', ':', '#', '"', '[', '\n', '\n  ', '\n    - '];

const edit = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constantFrom(...Object.keys(SCHEMA_EDITS)), pick: fc.nat() }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('type'), pick: fc.nat(), text: fc.constantFrom(...CHARS) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('delete'), pick: fc.nat(), length: fc.integer({ min: 1, max: 4 }) }), weight: 1 },
);

type Edit = { kind: string; pick: number; text?: string; length?: number };

/** Offsets just after `: ` (inside values), where editors type most. */
function valueOffsets(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(': '); i >= 0; i = text.indexOf(': ', i + 1)) out.push(i + 2);
  return out;
}

function apply(text: string, e: Edit): string {
  if (e.kind === 'type' || e.kind === 'delete') {
    const spots = valueOffsets(text);
    const at = spots.length && e.pick % 2 === 0 ? spots[(e.pick >> 1) % spots.length]! : e.pick % (text.length + 1);
    return e.kind === 'type' ? text.slice(0, at) + e.text! + text.slice(at) : text.slice(0, at) + text.slice(at + e.length!);
  }
  return SCHEMA_EDITS[e.kind]!(text, e.pick) ?? text;
}

const runs = { seed: Number(process.env.FC_SEED ?? 20261127), numRuns: Number(process.env.FC_RUNS ?? 12), errorWithCause: true };
let itemErrorsSeen = 0;
let cachedItemsSeen = 0;
let incrementalUpdates = 0;

for (const [name, original] of files) {
  test(`schema errors assembled per item equal the whole-schema ones: ${name}`, () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => {
        const schema = new IncrementalSchema();
        const analyzer = new IncrementalAnalyzer();
        let text = original;
        let value: unknown;
        const steps = [{ kind: 'open', pick: 0 } as Edit, ...edits];
        steps.forEach((e, i) => {
          if (i > 0) text = apply(text, e);
          const where = `step ${i} (${e.kind} ${e.pick})`;
          const parsed = parseYaml(text);
          const doc = parsed.document;
          let fresh: unknown;
          try {
            fresh = doc && doc.contents !== null ? doc.toJS() : undefined;
          } catch {
            fresh = undefined;
          }
          if (doc && fresh !== undefined) {
            value = share(value, fresh);
            const want = fullErrors(fresh);
            const got = schema.errors(value);
            assert.deepEqual(got, want, `ajv errors after ${where}`);
            assert.deepEqual(schema.validate(doc, value, text), validateSchema(doc, fresh, text), `problems after ${where}`);
            if (want.some((x) => /^\/(hardware\/accelerators|funding)\/\d/.test(x.instancePath))) itemErrorsSeen++;
            if (i > 0 && schema.itemsValidated < countItems(fresh)) cachedItemsSeen++;
          }
          // The analyzer, with the check wired in, reports what analyze(text) does.
          const inc = analyzer.update(text, { catalog });
          if (analyzer.stats.incremental) incrementalUpdates++;
          assert.equal(JSON.stringify(inc.problems), JSON.stringify(analyze(text, { catalog }).problems), `analyzer problems after ${where}`);
        });
      }),
      runs,
    );
  });
}

function countItems(value: unknown): number {
  const v = value as { hardware?: { accelerators?: unknown }; funding?: unknown } | null;
  const n = (x: unknown) => (Array.isArray(x) ? x.length : 0);
  return isObject(v) ? n(isObject(v.hardware) ? v.hardware.accelerators : undefined) + n(v.funding) : 0;
}

test('the random edits above reached list items, cached items and the fast path', () => {
  assert.ok(itemErrorsSeen > 200, `only ${itemErrorsSeen} versions with errors inside list items`);
  assert.ok(cachedItemsSeen > 200, `only ${cachedItemsSeen} versions that reused cached items`);
  assert.ok(incrementalUpdates > 100, `only ${incrementalUpdates} incremental analyzer updates`);
});

const BASE = {
  apiVersion: 'gigafactory/v2',
  hardware: { hostOverhead: 'x', accelerators: [{ model: 'custom', count: -1, foo: 1 }, {}, { model: 'a', count: 1 }], lifetimeYears: 0 },
  funding: [{ name: '', type: 'eu-grant', amount: 1, rate: 2 }, { type: 'eib-loan' }],
  kinds: 1,
};

test('errors before, between and after the lists keep the whole-schema order', () => {
  const schema = new IncrementalSchema();
  const want = fullErrors(BASE);
  assert.ok(want.length > 15);
  assert.deepEqual(schema.errors(BASE), want);
  assert.equal(schema.itemsValidated, 5);
});

test('only the items that are other values are validated again', () => {
  const schema = new IncrementalSchema();
  schema.errors(BASE);
  const accelerators = BASE.hardware.accelerators.slice();
  accelerators[1] = { model: 'b', count: 2 };
  const next = { ...BASE, hardware: { ...BASE.hardware, accelerators } };
  assert.deepEqual(schema.errors(next), fullErrors(next));
  assert.equal(schema.itemsValidated, 1);
  assert.deepEqual(schema.errors(next), fullErrors(next));
  assert.equal(schema.itemsValidated, 0);
  // A list that is no list any more, then one again: nothing stale comes back.
  const gone = { ...next, funding: 'none' };
  assert.deepEqual(schema.errors(gone), fullErrors(gone));
  assert.deepEqual(schema.errors(next), fullErrors(next));
  assert.equal(schema.itemsValidated, 2);
});
