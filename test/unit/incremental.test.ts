/**
 * Incremental analysis equals analysis from scratch: for random edit
 * sequences on the examples and on generated scenarios (edits that keep the
 * file valid, and edits that break and repair it), every update of an
 * IncrementalAnalyzer gives the same problems, model, figures, hints and YAML
 * tree (node ranges, values, scalar types, line starts) as `analyze(text)`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { isCollection, isPair, isScalar, visit, type Document } from 'yaml';
import { analyze, type ScenarioAnalysis } from '../../server/src/scenario/analysis';
import { builtinCatalog } from '../../server/src/scenario/catalog';
import { IncrementalAnalyzer } from '../../server/src/scenario/incremental/analyzer';
import { diffText, patchDocument } from '../../server/src/scenario/incremental/patch';
import { ALL_HINTS, inlayHints } from '../../server/src/scenario/inlayHints';
import { moveLineSpans } from '../../server/src/scenario/model';
import { warmUpScenario } from '../../server/src/scenario/warmUp';
import { parseYaml } from '../../server/src/scenario/yamlDocument';
// @ts-expect-error: a plain ES module of the benchmark, without types
import { generateScenario } from '../../scripts/bench/generate.mjs';

const ROOT = join(__dirname, '..', '..');
const catalog = builtinCatalog();
const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.gigafactory.yaml')).sort();
const files: [string, string][] = [
  ...examples.map((f): [string, string] => [f, readFileSync(join(ROOT, 'examples', f), 'utf8')]),
  ['generated-300', (generateScenario as (lines: number, seed: number) => string)(300, 3)],
];

const json = (x: unknown) => JSON.stringify(x);

/** The YAML tree as text: each node's class, range, scalar type, value and source, in document order. */
function tree(doc: Document | undefined): string[] {
  if (!doc) return [];
  const out: string[] = [`doc ${json(doc.range)}`];
  visit(doc, {
    Node(_k, n) {
      const r = (n as { range?: unknown }).range;
      out.push(`${n.constructor.name} ${json(r)} ${isScalar(n) ? `${n.type} ${json(n.value)} ${json(n.source)}` : ''}`);
    },
  });
  return out;
}

function assertSame(inc: ScenarioAnalysis, text: string, step: string): void {
  const full = analyze(text, { catalog });
  assert.equal(inc.text, text);
  assert.equal(json(inc.problems), json(full.problems), `problems after ${step}`);
  assert.equal(json(inc.model), json(full.model), `model after ${step}`);
  assert.equal(json(inc.figures), json(full.figures), `figures after ${step}`);
  const all = { start: 0, end: text.length };
  const hints = (a: ScenarioAnalysis) => (a.model && a.figures ? inlayHints(a.model, a.figures, all, ALL_HINTS) : []);
  assert.equal(json(hints(inc)), json(hints(full)), `hints after ${step}`);
  assert.deepEqual(tree(inc.document), tree(full.document), `YAML tree after ${step}`);
  assert.deepEqual(inc.parsed.lineCounter.lineStarts, full.parsed.lineCounter.lineStarts, `line starts after ${step}`);
}

/** Offsets just after `: ` (inside values), where editors type most. */
function valueOffsets(text: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(': '); i >= 0; i = text.indexOf(': ', i + 1)) out.push(i + 2);
  return out;
}

type Edit = { kind: 'insert'; at: number; text: string } | { kind: 'delete'; at: number; length: number };

const CHARS = ['7', '0', 'a', 'M', ' ', '.', ',', '%', ':', '-', '#', '"', "'", '&', '*', '!', '[', '{', '|', '\n', '\n  ', '\n    - ', '\t'];

const edit = fc.oneof(
  // In a value, mostly: where typing happens.
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...CHARS), inValue: fc.constant(true) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...CHARS), inValue: fc.boolean() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 3 }), inValue: fc.boolean() }),
);

function apply(text: string, e: Edit & { inValue: boolean }): { text: string; undo: Edit & { inValue: boolean } } {
  const spots = valueOffsets(text);
  const at = e.inValue && spots.length ? spots[e.at % spots.length]! : e.at % (text.length + 1);
  if (e.kind === 'insert') return { text: text.slice(0, at) + e.text + text.slice(at), undo: { kind: 'delete', at, length: e.text.length, inValue: false } };
  const removed = text.slice(at, at + e.length);
  return { text: text.slice(0, at) + text.slice(at + e.length), undo: { kind: 'insert', at, text: removed, inValue: false } };
}

const position = (e: Edit & { inValue: boolean }, text: string) => (e.inValue ? e.at : e.at % (text.length + 1));

let incrementalUpdates = 0;

for (const [name, original] of files) {
  test(`random edit sequences on ${name} give the from-scratch analysis`, () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(edit, fc.boolean()), { minLength: 1, maxLength: 12 }), (steps) => {
        const analyzer = new IncrementalAnalyzer();
        let text = original;
        analyzer.update(text, { catalog });
        steps.forEach(([e, repair], i) => {
          const applied = apply(text, e);
          text = applied.text;
          assertSame(analyzer.update(text, { catalog }), text, `edit ${i + 1} (${e.kind} at ${position(e, text)})`);
          if (analyzer.stats.incremental) incrementalUpdates++;
          if (repair) {
            // Break, then repair: the inverse edit restores the previous text.
            const undo = applied.undo;
            text = undo.kind === 'insert' ? text.slice(0, undo.at) + undo.text + text.slice(undo.at) : text.slice(0, undo.at) + text.slice(undo.at + undo.length);
            assertSame(analyzer.update(text, { catalog }), text, `undo of edit ${i + 1}`);
            if (analyzer.stats.incremental) incrementalUpdates++;
          }
        });
      }),
      { seed: Number(process.env.FC_SEED ?? 20261126), numRuns: Number(process.env.FC_RUNS ?? 25) },
    );
  });
}

test('the fast path is taken: most edits above were re-parsed incrementally', () => {
  assert.ok(incrementalUpdates > 200, `only ${incrementalUpdates} incremental updates`);
});

test('a long generated scenario: edits all over the lists stay incremental and exact', () => {
  let text = (generateScenario as (lines: number, seed: number) => string)(3000, 11);
  const analyzer = new IncrementalAnalyzer();
  analyzer.update(text, { catalog });
  const spots = valueOffsets(text);
  for (let k = 0; k < 40; k++) {
    // Pairs of edits: insert a digit at the start of a value, then delete it again.
    const at = spots[Math.floor(((Math.floor(k / 2) + 0.5) * spots.length) / 20)]!;
    text = k % 2 === 0 ? text.slice(0, at) + '9' + text.slice(at) : text.slice(0, at) + text.slice(at + 1);
    const a = analyzer.update(text, { catalog });
    assert.ok(analyzer.stats.incremental, `edit ${k} at ${at} was not incremental: ${analyzer.stats.reason}`);
    if (k % 8 === 0 || k === 39) assertSame(a, text, `edit ${k}`);
  }
});

/** Patches `text` → `next` directly; undefined when the fast path declines. */
function patch(text: string, next: string) {
  const parsed = parseYaml(text);
  return patchDocument(parsed.document!, text, next, diffText(text, next), parsed.lineCounter);
}

const BASE = `apiVersion: gigafactory/v1
funding:
  - name: A
    type: eu-grant
    amount: 1B EUR
  - name: B
    type: private-equity
    amount: 2B EUR
kind: Scenario
`;

test('the fast path re-parses the smallest unit that holds the edit', () => {
  assert.deepEqual(patch(BASE, BASE.replace('1B EUR', '17B EUR'))?.path, ['funding', 0, 'amount']);
  assert.deepEqual(patch(BASE, BASE.replace('name: A', 'name: A2'))?.path, ['funding', 0]);
  assert.deepEqual(patch(BASE, BASE.replace('Scenario', 'Scenarios'))?.path, ['kind']);
});

test('the fast path declines whatever could read differently in context', () => {
  const declines = (next: string, why: string) => assert.equal(patch(BASE, next), undefined, why);
  declines(BASE.replace('amount: 1B EUR', 'amount: &x 1B EUR'), 'an anchor');
  declines(BASE.replace('amount: 1B EUR', 'amount: *x'), 'an alias');
  declines(BASE.replace('amount: 1B EUR', 'amount: !!str 1B EUR'), 'a tag');
  declines(BASE.replace('    type: eu-grant', '\ttype: eu-grant'), 'a tab');
  declines(BASE.replace('    amount: 1B EUR', '  amount: 1B EUR'), 'a line that leaves the item');
  declines(BASE.replace('    amount: 1B EUR', '    amount: 1B EUR\n  - name: C'), 'a new item');
  declines(BASE.replace('amount: 1B EUR', 'amount: "1B EUR'), 'an unclosed quote');
  declines(BASE.replace('amount: 1B EUR', 'amount: [1B EUR'), 'an unclosed flow sequence');
  declines(BASE.replace('name: A', 'name: B\n    name: A'), 'a duplicate key');
  declines(BASE.replace('kind: Scenario', 'kinds: Scenario'), 'a renamed key');
  declines(BASE.replace('kind: Scenario\n', 'kind: Scenario\n---\n'), 'a second document');
});

test('the analyzer declines units that fail the raw-text checks, and reports as from scratch', () => {
  const analyzer = new IncrementalAnalyzer();
  analyzer.update(BASE, { catalog });
  for (const next of [BASE.replace('1B EUR', `${'['.repeat(120)}1B EUR`), BASE.replace('1B EUR', '1B\u0007 EUR'), BASE.replace('1B EUR', '1B \ufffd')]) {
    const a = analyzer.update(next, { catalog });
    assert.equal(analyzer.stats.incremental, false);
    assertSame(a, next, JSON.stringify(next.slice(60, 90)));
    assertSame(analyzer.update(BASE, { catalog }), BASE, 'repair');
  }
});

test('a unit parsed alone has the ranges of the whole-file parse', () => {
  for (const [name, text] of files) {
    const spots = valueOffsets(text);
    for (const at of spots.filter((_, i) => i % 3 === 0)) {
      const next = text.slice(0, at) + 'x' + text.slice(at);
      const parsed = parseYaml(text);
      const p = patchDocument(parsed.document!, text, next, diffText(text, next), parsed.lineCounter);
      if (!p) continue;
      const full = parseYaml(next);
      assert.deepEqual(tree(parsed.document), tree(full.document), `${name}: edit at ${at}`);
      assert.deepEqual(parsed.lineCounter.lineStarts, full.lineCounter.lineStarts, `${name}: line starts`);
      // Every collection keeps its items in order and each node's range inside its parent's.
      visit(parsed.document!, {
        Node(_k, n) {
          if (!isCollection(n)) return;
          let last = -1;
          for (const item of n.items) {
            const node = isPair(item) ? item.key : item;
            const r = (node as { range?: number[] } | null)?.range;
            if (r) { assert.ok(r[0]! >= last); last = r[0]!; }
          }
        },
      });
    }
  }
});

test('moveLineSpans moves every span a list line references, each once', () => {
  /** Span-shaped objects reachable from `root` (as the analyzer's generic walk finds them), with how often each is reached. */
  const reachable = (root: unknown): Map<object, number> => {
    const seen = new Map<object, number>();
    const walk = (x: unknown, depth: number) => {
      if (x === null || typeof x !== 'object' || depth > 8) return;
      const o = x as Record<string, unknown>;
      if (typeof o.start === 'number' && typeof o.end === 'number' && !Array.isArray(x)) seen.set(x, (seen.get(x) ?? 0) + 1);
      for (const k in o) if (k !== 'entry' && k !== 'source') walk(o[k], depth + 1);
    };
    walk(root, 0);
    return seen;
  };
  // Valid lines, and lines with invalid fields (a bad quantity, a wrong type, a list where a value goes).
  const broken = files[0]![1].replace(/count: \d+/, 'count: many').replace(/unitPrice: [^\n]+/, 'unitPrice: 1,000 USD').replace(/amount: [^\n]+/, 'amount: [1, 2]').replace(/termYears: \d+/, 'termYears: 4.5');
  let moved = 0;
  for (const [name, text] of [...files, ['broken', broken] as [string, string], ['warm-up', warmUpScenario(120)] as [string, string]]) {
    const model = analyze(text, { catalog }).model!;
    for (const line of [...model.hardware.accelerators, ...model.funding]) {
      const spans = reachable(line);
      for (const times of spans.values()) assert.equal(times, 1, `${name}: a span reached twice in line ${line.index}`);
      const before = [...spans.keys()].map((s) => ({ ...(s as { start: number; end: number }) }));
      moveLineSpans(line, 1000);
      [...spans.keys()].forEach((s, k) => {
        const sp = s as { start: number; end: number };
        assert.deepEqual({ start: sp.start, end: sp.end }, { start: before[k]!.start + 1000, end: before[k]!.end + 1000 }, `${name}: line ${line.index}`);
      });
      moveLineSpans(line, -1000);
      moved += spans.size;
    }
  }
  assert.ok(moved > 1000);
});
