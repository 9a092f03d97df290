import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_ENTRIES, MAX_NESTING_DEPTH, nestingBeyond, structureBeyond } from '../../server/src/scenario/preScan';
import * as before from './reference/preScanBefore';
// @ts-expect-error: a JavaScript module without types
import { generateScenario } from '../../scripts/bench/generate.mjs';

/** A small deterministic random generator (mulberry32). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  'a', 'key', 'model', ':', ': ', ':', '- ', '-', '? ', '?', ' ', ' ', '  ', '\t', '#', ' #', '"', "'", "''", '\\', '\\"',
  '[', ']', '{', '}', ',', ', ', '|', '>', '|-', '&x ', '!t ', '*a', '\r', '---', '...', 'x:y', '30k USD', '%', '\ufeff',
];

/** Text of `lines` random lines: an indent, then random tokens. */
function randomText(rnd: () => number, lines: number, maxIndent: number): string {
  const out: string[] = [];
  for (let l = 0; l < lines; l++) {
    let line = ' '.repeat(Math.floor(rnd() * rnd() * (maxIndent + 1)));
    const n = Math.floor(rnd() * 7);
    for (let k = 0; k < n; k++) line += TOKENS[Math.floor(rnd() * TOKENS.length)];
    out.push(line);
  }
  return out.join(rnd() < 0.2 ? '\r\n' : '\n') + (rnd() < 0.5 ? '\n' : '');
}

/** Both passes agree for the default limits (memoised, with the native proof) and for small ones (the pass alone). */
function assertSame(text: string): void {
  const label = JSON.stringify(text.length > 300 ? text.slice(0, 300) + '…' : text);
  assert.deepEqual(structureBeyond(text), before.structureBeyond(text), label);
  assert.deepEqual(structureBeyond(text, Infinity, MAX_ENTRIES), before.structureBeyond(text, Infinity, MAX_ENTRIES), label);
  assert.deepEqual(nestingBeyond(text), before.nestingBeyond(text), label);
  for (const [depth, entries] of [[3, Infinity], [6, 40], [Infinity, 10], [1, 1], [MAX_NESTING_DEPTH, 25]] as const) {
    assert.deepEqual(structureBeyond(text, depth, entries), before.structureBeyond(text, depth, entries), `${label} ${depth} ${entries}`);
  }
}

describe('pre-scan fast paths give the results of the character-by-character pass', () => {
  test('random texts of YAML indicators', () => {
    const rnd = random(7);
    for (let i = 0; i < 4000; i++) assertSame(randomText(rnd, 1 + Math.floor(rnd() * 30), i % 3 === 0 ? 60 : 8));
  });

  test('generated scenarios', () => {
    for (const lines of [10, 300, 5000, 50000]) assertSame(generateScenario(lines));
  });

  test('staircases at the edge of the nesting limit', () => {
    for (const step of ['- a:', 'a:', '- ', '- - ', '? a:', ': a:']) {
      for (let top = 45; top <= 55; top++) {
        const lines: string[] = [];
        for (let d = 0; d <= top; d++) lines.push(' '.repeat(d) + step);
        assertSame(lines.join('\n'));
        assertSame(lines.join('\r\n') + '\n');
        assertSame('\ufeff' + lines.join('\n'));
        assertSame(lines.join('\n') + '\n' + ' '.repeat(top + 1) + '[[[[');
      }
    }
  });

  test('line counts at the edge of the entry limit', () => {
    for (const n of [MAX_ENTRIES - 1, MAX_ENTRIES, MAX_ENTRIES + 1]) {
      assertSame('a: 1\n'.repeat(n));
      assertSame('a: 1\n'.repeat(n - 1) + 'a: 1');
    }
    assertSame('x'.repeat(MAX_ENTRIES) + '\n');
  });
});
