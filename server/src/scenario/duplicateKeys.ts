/**
 * Duplicate mapping keys, found in one pass. The `yaml` package's own check
 * (`uniqueKeys`) compares each new key with every earlier one: a mapping of
 * 40,000 keys (half a megabyte) took half a minute and blocked the server. This
 * walk keeps one `Map` per mapping instead, and no recursion, so neither width
 * nor depth can stall it.
 */
import { isCollection, isMap, isPair, isScalar, type Document, type Node, type ParsedNode } from 'yaml';

/**
 * The range of every key that repeats an earlier key of the same mapping, as
 * the `yaml` package defines "the same": equal scalar values (`1` and `"1"` differ).
 */
export function duplicateKeyRanges(doc: Document.Parsed): [number, number][] {
  const out: [number, number][] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isCollection(node)) continue;
    const seen = isMap(node) ? new Map<unknown, true>() : undefined;
    for (const item of node.items) {
      if (isPair(item)) {
        const key = item.key as Node | null;
        if (seen && isScalar(key)) {
          const value = key.value;
          if (seen.has(value) && !Number.isNaN(value)) {
            const r = (key as ParsedNode).range;
            if (r) out.push([r[0], r[1]]);
          } else {
            seen.set(value, true);
          }
        }
        stack.push(item.key, item.value);
      } else {
        stack.push(item);
      }
    }
  }
  return out.sort((a, b) => a[0] - b[0]);
}
