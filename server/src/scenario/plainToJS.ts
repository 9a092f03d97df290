/**
 * The JS value of a parsed document, as `doc.toJS({ maxAliasCount })` gives
 * it, read directly for documents without anchors, aliases, tags or merge
 * keys: one tight walk instead of the package's generic one (which goes
 * through `toJS`, `toJSON`, `addPairToJSMap` and a context object for every
 * node: 50–90 ms on a 50,000-line file when the process is cold).
 *
 * Why the value is exactly the package's (yaml 2, `keep` mode, as
 * `Document#toJS` without `json` runs it; nodes/toJS.js, Scalar.js,
 * YAMLMap.js, YAMLSeq.js, Pair.js, addPairToJSMap.js):
 *
 * - a Scalar gives its `value` as it is (bigints too: `keep` is set);
 * - a YAMLSeq gives a new array of its items' values, pushed in order; a Pair
 *   item gives an object with that one pair;
 * - a YAMLMap gives a new plain object; each pair's key becomes `''` when the
 *   key's value is null, `String(value)` otherwise, and the value is set with
 *   `Object.defineProperty` when the key is already `in` the object (a
 *   duplicate key, or an inherited name such as `__proto__` or `toString`),
 *   else by assignment: the very same statements as addPairToJSMap;
 * - no anchor means no alias bookkeeping (`ctx.anchors`, `onCreate`); no
 *   alias means `maxAliasCount` never applies.
 *
 * Everything else declines (undefined), and the caller asks the package:
 * aliases, anchors, explicit tags, node classes other than exactly Scalar,
 * YAMLMap, YAMLSeq and Pair (`!!set`, `!!omap`), keys that are not scalars
 * (the package stringifies those with a warning), keys with their own
 * `addToJSMap`, and schemas with the `<<` merge key on (the core schema has it
 * off unless `merge: true`).
 */
import { Pair, Scalar, YAMLMap, YAMLSeq, type Document } from 'yaml';

export interface PlainValue {
  value: unknown;
  /**
   * Whether the tree holds a node whose text reaches beyond its own lines: a
   * block scalar (`|`, `>`) or an empty value (a null scalar with an empty
   * range). With no alias, anchor or tag (the walk declines those), this is
   * exactly incremental/patch.ts's `hasLinks(doc)`.
   */
  reaches: boolean;
}

const MERGE_TAG = 'tag:yaml.org,2002:merge';

/** Marks a value the walk declines; never part of a result. */
const NO: unique symbol = Symbol('not plain');

/** Set by the walk when a node's text reaches beyond it (see {@link PlainValue.reaches}). */
let reaches = false;

/** The document's JS value read directly, or undefined when the package must read it. */
export function plainValue(doc: Document): PlainValue | undefined {
  const tags = (doc.schema as { tags?: readonly { tag?: string; default?: unknown }[] } | undefined)?.tags;
  if (!tags) return undefined;
  for (let i = 0; i < tags.length; i++) if (tags[i]!.tag === MERGE_TAG && tags[i]!.default) return undefined;
  reaches = false;
  const value = convert(doc.contents);
  const r = reaches;
  reaches = false;
  return value === NO ? undefined : { value, reaches: r };
}

/** `doc.toJS({ maxAliasCount })`, read directly when the document allows it. */
export function documentValue(doc: Document, maxAliasCount: number): unknown {
  const plain = plainValue(doc);
  return plain ? plain.value : doc.toJS({ maxAliasCount });
}

function convert(n: unknown): unknown {
  if (n === null || n === undefined) return n;
  if (typeof n !== 'object') return NO;
  const c = n.constructor;
  if (c === Scalar) return scalar(n as Scalar);
  if (c === YAMLMap) {
    const m = n as YAMLMap;
    if (m.anchor || m.tag) return NO;
    const out: Record<string, unknown> = {};
    const items = m.items as unknown[];
    for (let i = 0; i < items.length; i++) {
      const p = items[i];
      if (p === null || typeof p !== 'object' || p.constructor !== Pair || !addPair(out, p as Pair)) return NO;
    }
    return out;
  }
  if (c === YAMLSeq) {
    const s = n as YAMLSeq;
    if (s.anchor || s.tag) return NO;
    const out: unknown[] = [];
    const items = s.items as unknown[];
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      let v: unknown;
      if (item !== null && typeof item === 'object' && item.constructor === Pair) {
        const o: Record<string, unknown> = {};
        v = addPair(o, item as Pair) ? o : NO;
      } else v = convert(item);
      if (v === NO) return NO;
      out.push(v);
    }
    return out;
  }
  return NO;
}

function scalar(s: Scalar): unknown {
  if (s.anchor || s.tag || (s as { addToJSMap?: unknown }).addToJSMap !== undefined) return NO;
  const type = s.type;
  if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') reaches = true;
  else if (s.value === null) {
    const r = s.range;
    if (r && r[0] === r[1]) reaches = true;
  }
  return s.value;
}

/** addPairToJSMap for a plain object and a scalar (or null) key; false to decline. */
function addPair(map: Record<string, unknown>, pair: Pair): boolean {
  const key = pair.key as unknown;
  let jsKey: unknown;
  if (key === null || key === undefined) jsKey = key;
  else if (typeof key === 'object' && key.constructor === Scalar) {
    jsKey = scalar(key as Scalar);
    if (jsKey === NO) return false;
  } else return false;
  let stringKey: string;
  if (jsKey === null) stringKey = '';
  else if (typeof jsKey !== 'object') stringKey = String(jsKey);
  else return false;
  const value = convert(pair.value);
  if (value === NO) return false;
  setPlainKey(map, stringKey, value);
  return true;
}

/**
 * addPairToJSMap's store of one pair in a plain object: defined when the key
 * is already `in` the object (a duplicate key: the later value, at the first
 * one's place; or an inherited name such as `__proto__`), else assigned.
 * Shared with the fast reader (fastYaml/), which builds the same value while it composes.
 */
export function setPlainKey(map: Record<string, unknown>, stringKey: string, value: unknown): void {
  if (stringKey in map) Object.defineProperty(map, stringKey, { value, writable: true, enumerable: true, configurable: true });
  else map[stringKey] = value;
}

/** A scalar key's JS value as a plain object's key: `''` for null, else `String(value)` (addPairToJSMap). */
export function plainKey(value: unknown): string {
  return value === null ? '' : String(value);
}
