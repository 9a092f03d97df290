/**
 * Duplicate mapping keys, found in one pass. The `yaml` package's own check
 * (`uniqueKeys`) compares each new key with every earlier one: a mapping of
 * 40,000 keys (half a megabyte) took half a minute and blocked the server. This
 * walk compares a small mapping's keys with each other (a list item has a
 * handful: no allocation) and keeps one `Map` for a larger one, and uses no
 * recursion, so neither width nor depth can stall it.
 */
import { isCollection, isMap, isPair, isScalar, type Document, type Node, type ParsedNode } from 'yaml';

/** Mappings up to this many items compare keys pairwise instead of building a `Map`. */
const SMALL_MAP = 8;

/**
 * The range of every key that repeats an earlier key of the same mapping, as
 * the `yaml` package defines "the same": equal scalar values (`1` and `"1"`
 * differ; SameValueZero, but NaN never repeats), in order of their start.
 */
export function duplicateKeyRanges(doc: Document.Parsed): [number, number][] {
  const out: [number, number][] = [];
  // Only collections are pushed: they are visited in the same order as when every node was.
  const stack: unknown[] = [];
  if (isCollection(doc.contents)) stack.push(doc.contents);
  while (stack.length > 0) {
    const node = stack.pop() as { items: unknown[] };
    const items = node.items;
    const n = items.length;
    const map = isMap(node);
    const seen = map && n > SMALL_MAP ? new Map<unknown, true>() : undefined;
    for (let i = 0; i < n; i++) {
      const item = items[i];
      if (!isPair(item)) {
        if (isCollection(item)) stack.push(item);
        continue;
      }
      const key = item.key as Node | null;
      if (map && isScalar(key)) {
        const value = key.value;
        // `value === value`: NaN never repeats (a Map finds it, the old check then let it pass).
        if (value === value && (seen ? seen.has(value) : repeats(items, i, value))) {
          const r = (key as ParsedNode).range;
          if (r) out.push([r[0], r[1]]);
        } else if (seen) {
          seen.set(value, true);
        }
      }
      if (isCollection(key)) stack.push(key);
      if (isCollection(item.value)) stack.push(item.value);
    }
  }
  return out.length > 1 ? out.sort((a, b) => a[0] - b[0]) : out;
}

/** Whether a pair before `i` has a scalar key of the same value (`===`: +0 and -0 alike, as in a Map). */
function repeats(items: unknown[], i: number, value: unknown): boolean {
  for (let j = 0; j < i; j++) {
    const item = items[j];
    if (isPair(item) && isScalar(item.key) && item.key.value === value) return true;
  }
  return false;
}
