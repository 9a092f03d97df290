/**
 * Memory across versions: after incremental updates, the analyzer keeps no
 * version's whole text alive but the current one (and the first, which the
 * nodes read from it share). V8 makes a slice of 13 or more characters a
 * view into its parent string, so a re-parsed unit's long scalars kept that
 * version's whole text (patch.ts `detached`). Counted in a heap snapshot.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHeapSnapshot } from 'node:v8';
import { builtinCatalog } from '../../server/src/scenario/catalog';
import { IncrementalAnalyzer } from '../../server/src/scenario/incremental/analyzer';
import { detached } from '../../server/src/scenario/incremental/patch';
// @ts-expect-error: a plain ES module of the benchmark, without types
import { generateScenario } from '../../scripts/bench/generate.mjs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Strings in the heap at least `minLength` bytes long whose text starts with `prefix` (each once, however many refer to it). */
async function largeStrings(prefix: string, minLength: number): Promise<number> {
  const chunks: Buffer[] = [];
  for await (const chunk of getHeapSnapshot()) chunks.push(chunk as Buffer);
  const snap = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const [type, name, size] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const types = snap.snapshot.meta.node_types[0];
  let count = 0;
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    if (types[snap.nodes[i + type]!] !== 'string' || snap.nodes[i + size]! < minLength) continue;
    if (snap.strings[snap.nodes[i + name]!]!.startsWith(prefix)) count++;
  }
  return count;
}

test('edits in list items with long plain scalars keep only the current and the first text', async () => {
  // Funding lines with long plain names: the re-parsed unit is a pair or an item holding one.
  const first = (generateScenario as (lines: number, seed: number) => string)(2000, 3).replace(/name: "Funding line (\d+)"/g, 'name: Funding line number $1');
  const prefix = first.slice(0, 60);
  const catalog = builtinCatalog();
  const analyzer = new IncrementalAnalyzer();
  analyzer.update(first, { catalog });
  let text = first;
  const at = [...first.matchAll(/name: Funding line number \d+/g)].map((m) => m.index! + 'name: Funding line number'.length);
  assert.ok(at.length >= 12);
  for (let k = 0; k < 12; k++) {
    const i = at[Math.floor((k * at.length) / 12)]! + k; // earlier insertions moved it by k
    text = `${text.slice(0, i)}x${text.slice(i)}`;
    analyzer.update(text, { catalog });
    assert.equal(analyzer.stats.incremental, true, `edit ${k + 1} is incremental (${analyzer.stats.reason})`);
  }
  assert.match(analyzer.current!.text, /name: Funding line numberx \d+/);
  assert.equal(await largeStrings(prefix, first.length), 2);
});

test('detached copies the text', () => {
  const long = 'a long enough string to be sliced by V8';
  assert.equal(detached(long.slice(2, 30)), long.slice(2, 30));
  assert.equal(detached(''), '');
  assert.equal(detached('€ and ünïcödé beyond Latin-1 ✓'), '€ and ünïcödé beyond Latin-1 ✓');
});
