/**
 * What sits at a text offset: the path of keys and list indexes from the root
 * to the key or value under the cursor, found by walking the YAML nodes by
 * their source ranges (never by searching the text).
 */
import { isMap, isPair, isScalar, isSeq, type Document, type Node, type ParsedNode } from 'yaml';
import type { Span } from './types';

export type PathSegment = string | number;

export interface Location {
  /** Keys and list indexes from the root, e.g. `['hardware', 'accelerators', 0, 'count']`. */
  path: PathSegment[];
  /** On the key of a pair, or on a scalar value. */
  on: 'key' | 'value';
  /** The span of the key or value under the cursor. */
  span: Span;
}

function range(node: unknown): [number, number] | undefined {
  const r = (node as ParsedNode | null | undefined)?.range;
  return r ? [r[0], r[1]] : undefined;
}

/** Scalars include their end (the cursor right after a word); collections do not. */
function inside(node: unknown, offset: number, inclusiveEnd: boolean): boolean {
  const r = range(node);
  if (!r) return false;
  return offset >= r[0] && (inclusiveEnd ? offset <= r[1] : offset < r[1]);
}

/** The key or scalar value at `offset`, or undefined between nodes. */
export function locate(doc: Document, offset: number): Location | undefined {
  return visit(doc.contents as Node | null, [], offset);
}

function visit(node: Node | null, path: PathSegment[], offset: number): Location | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const here = [...path, key];
      if (inside(pair.key, offset, true)) return { path: here, on: 'key', span: span(pair.key)! };
      const value = pair.value as Node | null;
      if (isScalar(value) && inside(value, offset, true)) return { path: here, on: 'value', span: span(value)! };
      if ((isMap(value) || isSeq(value)) && inside(value, offset, false)) return visit(value, here, offset);
    }
    return undefined;
  }
  if (isSeq(node)) {
    for (let i = 0; i < node.items.length; i++) {
      const item = node.items[i] as Node | null;
      if (isScalar(item) && inside(item, offset, true)) return { path: [...path, i], on: 'value', span: span(item)! };
      if ((isMap(item) || isSeq(item)) && inside(item, offset, false)) return visit(item, [...path, i], offset);
    }
  }
  return undefined;
}

function span(node: unknown): Span | undefined {
  const r = range(node);
  return r ? { start: r[0], end: r[1] } : undefined;
}

/** `['funding', 1, 'amount']` → `funding.*.amount`. */
export function pathKey(path: readonly PathSegment[]): string {
  return path.map((p) => (typeof p === 'number' ? '*' : p)).join('.');
}
