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
    const items = node.items as (Node | null)[];
    // Items sit in the text in list order, one after another: only the last one starting at or before the offset can hold it.
    const i = lastStartingAtOrBefore(items, offset);
    if (i === undefined) {
      for (let k = 0; k < items.length; k++) {
        const found = inItem(items[k]!, k, path, offset);
        if (found !== null) return found;
      }
      return undefined;
    }
    if (i < 0) return undefined;
    const found = inItem(items[i]!, i, path, offset);
    return found === null ? undefined : found;
  }
  return undefined;
}

/** The location within list item `i`; null when the item does not hold the offset. */
function inItem(item: Node | null, i: number, path: PathSegment[], offset: number): Location | undefined | null {
  if (isScalar(item) && inside(item, offset, true)) return { path: [...path, i], on: 'value', span: span(item)! };
  if ((isMap(item) || isSeq(item)) && inside(item, offset, false)) return visit(item, [...path, i], offset);
  return null;
}

/**
 * The index of the last item whose range starts at or before `offset` (−1:
 * none), by binary search over the items' starts, which increase in a
 * parsed sequence; undefined for a short list, or when an item read has no
 * range or the answer's neighbours overlap it (then every item is looked at).
 */
function lastStartingAtOrBefore(items: readonly (Node | null)[], offset: number): number | undefined {
  const n = items.length;
  if (n < 16) return undefined;
  let lo = 0;
  let hi = n - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const r = (items[mid] as ParsedNode | null)?.range;
    if (!r) return undefined;
    if (r[0] <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // The answer rests on its neighbours ending before the next item starts (as a parsed sequence's items do); else look at every item.
  for (const k of [found - 1, found]) {
    if (k < 0 || k + 1 >= n) continue;
    const a = (items[k] as ParsedNode | null)?.range;
    const b = (items[k + 1] as ParsedNode | null)?.range;
    if (!a || !b || !(a[1] < b[0])) return undefined;
  }
  return found;
}

function span(node: unknown): Span | undefined {
  const r = range(node);
  return r ? { start: r[0], end: r[1] } : undefined;
}

/** `['funding', 1, 'amount']` → `funding.*.amount`. */
export function pathKey(path: readonly PathSegment[]): string {
  return path.map((p) => (typeof p === 'number' ? '*' : p)).join('.');
}
