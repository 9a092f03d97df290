/**
 * Re-parses only the part of a YAML document that an edit touched.
 *
 * The unit of re-parsing is a block-sequence item (`- model: ...` with its
 * more-indented lines) or a block-mapping pair whose key starts its line (`pue:
 * 1.2`, or `power:` with its nested lines). For block YAML, such a unit reads
 * the same on its own as inside the document when (1) everything before its
 * first content character on the first line is indentation (and the `- `
 * indicator), (2) every other content line is indented deeper than that
 * column, and (3) the unit holds no anchors, aliases, tags or directives: then
 * nothing outside the unit can change how it reads, and nothing inside it can
 * change how the rest reads. The unit is parsed with the `yaml` package itself,
 * with the same options, so its scalars, types and errors are the package's own;
 * its nodes are moved to absolute offsets and spliced into the previous
 * document, and every offset after the edit is shifted.
 *
 * Whenever a condition does not hold, or the unit parses with any error or
 * warning, {@link patchDocument} returns undefined and the caller parses the
 * whole text: the fast path never produces a result the full parse would not.
 */
import {
  isAlias, isCollection, isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument,
  type Document, type Node, type Pair, type YAMLMap, type YAMLSeq,
} from 'yaml';
import { duplicateKeyRanges } from '../duplicateKeys';
import { PARSE_OPTIONS } from '../yamlDocument';

/** The changed region: old text [start, oldEnd) became new text [start, newEnd). */
export interface TextChange {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** The smallest change that turns `a` into `b` (common prefix and suffix). */
export function diffText(a: string, b: string): TextChange {
  const max = Math.min(a.length, b.length);
  // Whole blocks first: comparing slices runs natively, about ten times faster
  // than comparing a megabyte character by character.
  const BLOCK = 2048;
  let start = 0;
  while (start + BLOCK <= max && a.slice(start, start + BLOCK) === b.slice(start, start + BLOCK)) start += BLOCK;
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let tail = 0;
  const maxTail = max - start;
  while (tail + BLOCK <= maxTail && a.slice(a.length - tail - BLOCK, a.length - tail) === b.slice(b.length - tail - BLOCK, b.length - tail)) tail += BLOCK;
  while (tail < maxTail && a.charCodeAt(a.length - 1 - tail) === b.charCodeAt(b.length - 1 - tail)) tail++;
  return { start, oldEnd: a.length - tail, newEnd: b.length - tail };
}

/** One step from the root to the re-parsed unit, for patching the JS value. */
export type PathStep = string | number;

/** What a successful patch changed. */
export interface Patch {
  /** Collections that hold the replaced unit, outermost first (their contents changed). */
  ancestors: Node[];
  /** JS path of the replaced value (the item, or the pair's value). */
  path: PathStep[];
  /** The new node at `path` (a sequence item or a pair's value). */
  value: Node | null;
  /** The document the unit was parsed in, for `toJS`. */
  unitDoc: Document.Parsed;
  /** Offsets at or after this (old text) moved by `delta`. */
  threshold: number;
  delta: number;
}

interface Unit {
  kind: 'item' | 'pair';
  parent: YAMLSeq | YAMLMap;
  index: number;
  /** Line start of the unit's first line. */
  start: number;
  /** First content offset: the item's value or the pair's key. */
  contentStart: number;
  /** End of the unit: the line start after its last content line. */
  end: number;
  /** Column that deeper lines must exceed: the `-` or the key. */
  column: number;
  ancestors: Node[];
  path: PathStep[];
  /** Each ancestor with the index of the child on the way to the unit. */
  trail: { coll: YAMLMap | YAMLSeq; index: number }[];
}

const rangeOf = (n: unknown): [number, number, number] | undefined => (isNode(n) ? (n as Node & { range?: [number, number, number] }).range ?? undefined : undefined);

/**
 * Splices a re-parsed unit into `doc` (mutated in place: the previous result
 * that holds it is consumed) and updates `lineCounter`. Returns undefined when
 * the edit cannot be handled exactly this way; `doc` is then unchanged.
 */
export function patchDocument(
  doc: Document.Parsed, oldText: string, newText: string, change: TextChange, lineCounter: LineCounter,
  accept: (chunk: string, depth: number) => boolean = () => true,
): Patch | undefined {
  if (change.start === change.oldEnd && change.start === change.newEnd) return undefined;
  const unit = findUnit(doc, oldText, change);
  if (!unit) return undefined;
  const delta = change.newEnd - change.oldEnd;
  const newEnd = unit.end + delta;
  const chunk = detached(newText.slice(unit.start, newEnd));
  if (!chunkShapeOk(chunk, unit.column)) return undefined;
  // The first line keeps its indentation (and `- `): the parent collection's
  // column is set by its first child, so a unit may not move its own.
  const prefixLength = unit.contentStart - unit.start;
  if (chunk.slice(0, prefixLength) !== oldText.slice(unit.start, unit.contentStart) || /[\s#]/.test(chunk.charAt(prefixLength))) return undefined;
  // The caller's checks of the raw text (characters, nesting), before the unit is parsed.
  if (!accept(chunk, unit.ancestors.length)) return undefined;

  const unitDoc = parseDocument(chunk, PARSE_OPTIONS) as Document.Parsed;
  if (unitDoc.errors.length || unitDoc.warnings.length || duplicateKeyRanges(unitDoc).length) return undefined;
  const root = unitDoc.contents;
  let replacement: Node | Pair;
  let value: Node | null;
  if (unit.kind === 'item') {
    if (!isSeq(root) || root.items.length !== 1) return undefined;
    replacement = root.items[0] as Node;
    value = replacement;
    if (!isNode(value) || !rangeOf(value) || rangeOf(value)![2] !== chunk.length) return undefined;
  } else {
    if (!isMap(root) || root.items.length !== 1) return undefined;
    const pair = root.items[0]!;
    const old = (unit.parent as YAMLMap).items[unit.index] as Pair;
    if (!isScalar(pair.key) || !isScalar(old.key) || pair.key.value !== old.key.value || pair.key.type !== old.key.type) return undefined;
    const end = rangeOf(pair.value)?.[2] ?? rangeOf(pair.key)![2];
    if (end !== chunk.length) return undefined;
    replacement = pair;
    value = (pair.value as Node | null) ?? null;
  }
  if (!plainTree(replacement)) return undefined;

  // Commit: from here on the document is changed.
  const threshold = unit.end;
  const removed = (unit.parent.items as unknown[])[unit.index];
  // A collection whose last child is the unit ends its value where the unit's value ends.
  const oldValueEnd = valueEnd(removed);
  const endsWithUnit: [number[], number][] = [];
  if (oldValueEnd !== undefined && oldValueEnd < threshold) {
    for (const r of [doc.range as number[], ...unit.ancestors.map(rangeOf)]) {
      if (r) for (let k = 0; k < 3; k++) if (r[k] === oldValueEnd) endsWithUnit.push([r, k]);
    }
  }

  shiftDocument(doc, threshold, delta, unit);
  shiftTree(replacement, 0, unit.start);
  (unit.parent.items as unknown[])[unit.index] = replacement;
  const newValueEnd = valueEnd(replacement);
  if (newValueEnd !== undefined) for (const [r, k] of endsWithUnit) r[k] = newValueEnd;
  // The items on the way down to the unit hold new nodes now: their part of each flat list is read again.
  for (const { coll, index } of unit.trail) {
    const flat = flatLists.get(coll);
    if (flat) replaceSegment(flat, coll, index);
  }
  patchLineStarts(lineCounter, unit.start, unit.end, chunk, delta);
  return { ancestors: unit.ancestors, path: unit.path, value, unitDoc, threshold, delta };
}

/**
 * A copy of `s` that shares no memory with the string it was cut from. V8
 * makes a slice of 13 or more characters a view into its parent string, and
 * slices of slices views into the first parent: the re-parsed unit's
 * scalars, which the document, the model and the figures keep, would keep
 * this version's whole text alive until the unit is parsed again (measured:
 * each edited list item of a 50,000-line file kept a 1.1 MB text).
 */
export function detached(s: string): string {
  // Slicing a concatenation first flattens it into a new string; the slice is a view into that copy.
  return (' ' + s).slice(1);
}

/** Where a sequence item's or a pair's value ends (range[1]), or undefined. */
function valueEnd(n: unknown): number | undefined {
  if (isPair(n)) return rangeOf(n.value)?.[1] ?? rangeOf(n.key)?.[1];
  return rangeOf(n)?.[1];
}

/**
 * The deepest block item or line-start pair whose content holds the whole
 * change, with its next sibling (or parent's end) untouched.
 */
function findUnit(doc: Document.Parsed, text: string, change: TextChange): Unit | undefined {
  let best: Unit | undefined;
  const ancestors: Node[] = [];
  const path: PathStep[] = [];
  const trail: { coll: YAMLMap | YAMLSeq; index: number }[] = [];
  let node: unknown = doc.contents;
  const { start, oldEnd } = change;
  for (let depth = 0; depth < 64 && isCollection(node); depth++) {
    const coll = node as YAMLMap | YAMLSeq;
    ancestors.push(coll);
    const items = coll.items as unknown[];
    const i = findChild(items, start, isMap(coll));
    if (i < 0) break;
    const child = items[i];
    trail.push({ coll, index: i });
    let content: number | undefined;
    let end: number | undefined;
    let next: unknown;
    if (isMap(coll)) {
      const pair = child as Pair;
      content = rangeOf(pair.key)?.[0];
      end = rangeOf(pair.value)?.[2] ?? rangeOf(pair.key)?.[2];
      next = pair.value;
      if (!isScalar(pair.key)) break;
      path.push(String(pair.key.value));
    } else {
      const r = rangeOf(child);
      content = r?.[0];
      end = r?.[2];
      next = child;
      path.push(i);
    }
    if (content === undefined || end === undefined || start < content || oldEnd > end - 1) break;
    if (text.charCodeAt(end - 1) !== 10) break;
    const lineStart = text.lastIndexOf('\n', content - 1) + 1;
    const prefix = text.slice(lineStart, content);
    const m = isMap(coll) ? /^ *$/.exec(prefix) : /^( *)- +$/.exec(prefix);
    if (m) {
      const column = isMap(coll) ? prefix.length : m[1]!.length;
      best = { kind: isMap(coll) ? 'pair' : 'item', parent: coll, index: i, start: lineStart, contentStart: content, end, column, ancestors: [...ancestors], path: [...path], trail: [...trail] };
    }
    node = next;
  }
  return best;
}

/** Index of the child whose start is the last at or before `offset` (binary search). */
function findChild(items: unknown[], offset: number, map: boolean): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  const startOf = (x: unknown) => (map ? rangeOf((x as Pair).key)?.[0] : rangeOf(x)?.[0]);
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = startOf(items[mid]);
    if (s === undefined) return -1;
    if (s <= offset) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}

/**
 * Lines after the first must be blank, comments, or indented deeper than the
 * unit's column; no tabs, carriage returns or byte-order marks anywhere.
 */
function chunkShapeOk(chunk: string, column: number): boolean {
  if (/[\t\r\uFEFF]/.test(chunk)) return false;
  let i = chunk.indexOf('\n') + 1;
  while (i > 0 && i < chunk.length) {
    let j = i;
    while (chunk.charCodeAt(j) === 32) j++;
    const c = chunk.charCodeAt(j);
    if (c !== 10 && c !== 35 /* # */ && j - i <= column) return false;
    i = chunk.indexOf('\n', i) + 1;
  }
  return true;
}

/** No aliases, anchors or explicit tags: nothing that links to the rest of the document. */
function plainTree(n: unknown): boolean {
  if (n === null || n === undefined) return true;
  if (isPair(n)) return plainTree(n.key) && plainTree(n.value);
  if (isAlias(n)) return false;
  if (!isNode(n)) return false;
  if ((n as { anchor?: string }).anchor || (n as { tag?: string }).tag) return false;
  if (isCollection(n)) return (n.items as unknown[]).every(plainTree);
  // An empty value's range, and a block scalar's trailing lines, reach into the
  // text after it, which the unit cannot see: parse those in context.
  if (isScalar(n)) {
    const r = rangeOf(n);
    if (n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED') return false;
    if (n.value === null && r && r[0] === r[1]) return false;
  }
  return true;
}

/** Whether a parsed document contains any alias, anchor or explicit tag. */
export function hasLinks(doc: Document.Parsed): boolean {
  return !plainTree(doc.contents);
}

/** Shifts every offset at or after `threshold` by `delta` in the document, skipping the replaced unit. */
function shiftDocument(doc: Document.Parsed, threshold: number, delta: number, unit: Unit): void {
  const r = doc.range as number[];
  for (let k = 0; k < 3; k++) if (r[k]! >= threshold) r[k]! += delta;
  const old = (unit.parent.items as unknown[])[unit.index];
  shiftTree(doc.contents, threshold, delta, old);
}

/** Adds `delta` to every node range value at or after `threshold`; prunes subtrees that end before it. */
export function shiftTree(n: unknown, threshold: number, delta: number, skip?: unknown): void {
  if (n === skip || n === null || n === undefined) return;
  if (isPair(n)) {
    shiftTree(n.key, threshold, delta, skip);
    shiftTree(n.value, threshold, delta, skip);
    return;
  }
  const r = rangeOf(n);
  if (r) {
    if (r[2] < threshold) return;
    if (r[0] >= threshold) r[0] += delta;
    if (r[1] >= threshold) r[1] += delta;
    r[2] += delta;
  }
  if (isCollection(n)) {
    const items = n.items as unknown[];
    if (items.length <= LONG) {
      for (const item of items) shiftTree(item, threshold, delta, skip);
      return;
    }
    // Items before the last one that starts before the threshold end before it
    // (a range that ends exactly at the threshold moves: it ends where the unit ends).
    const from = Math.max(0, findChild(items, threshold - 1, isMap(n)));
    shiftTree(items[from], threshold, delta, skip);
    // Every item after it lies wholly after the threshold: move them from the collection's flat list.
    shiftItemsFrom(n, from + 1, delta);
  }
}

/** Collections longer than this are shifted from flat lists. */
const LONG = 8;

/**
 * The range arrays under a long collection's items, in item order, with where
 * each item's part starts. After an edit, all items after it move by the same
 * amount: one loop over this list, instead of a walk over each item's tree,
 * costs a tenth. A long collection inside an item is not flattened into its
 * parent's list (an edit inside it would make the parent's part stale, and
 * reading that part again would walk the whole nested collection): its own
 * range is listed, and the collection itself under `nested`, moved from its
 * own list. After a patch, the parts of the items on its way down are read
 * again ({@link replaceSegment}); a collection replaced whole gets a new list
 * when it first needs one.
 */
interface FlatList {
  ranges: number[][];
  /** starts[i]: index in `ranges` of item i's first range. */
  starts: number[];
  /** Long collections inside the items, with the index of the item that holds each. */
  nested: { item: number; coll: YAMLMap | YAMLSeq }[];
}

const flatLists = new WeakMap<object, FlatList>();

function flatOf(coll: YAMLMap | YAMLSeq): FlatList {
  let flat = flatLists.get(coll);
  if (flat) return flat;
  const items = coll.items as unknown[];
  flat = { ranges: [], starts: new Array(items.length), nested: [] };
  for (let i = 0; i < items.length; i++) {
    flat.starts[i] = flat.ranges.length;
    collectRanges(items[i], flat.ranges, flat.nested, i);
  }
  flatLists.set(coll, flat);
  return flat;
}

/** Moves items `from`.. of a long collection, with everything under them, by `delta`. */
function shiftItemsFrom(coll: YAMLMap | YAMLSeq, from: number, delta: number): void {
  const flat = flatOf(coll);
  const ranges = flat.ranges;
  for (let i = from < flat.starts.length ? flat.starts[from]! : ranges.length; i < ranges.length; i++) {
    const r = ranges[i]!;
    r[0] += delta; r[1] += delta; r[2] += delta;
  }
  for (const { item, coll: inner } of flat.nested) if (item >= from) shiftItemsFrom(inner, 0, delta);
}

/** The range arrays under `n` into `out`; long collections below the top go to `nested` instead of being walked. */
function collectRanges(n: unknown, out: number[][], nested: FlatList['nested'], item: number): void {
  if (n === null || n === undefined) return;
  if (isPair(n)) {
    collectRanges(n.key, out, nested, item);
    collectRanges(n.value, out, nested, item);
    return;
  }
  const r = rangeOf(n);
  if (r) out.push(r);
  if (!isCollection(n)) return;
  const items = n.items as unknown[];
  if (items.length > LONG) { nested.push({ item, coll: n as YAMLMap | YAMLSeq }); return; }
  for (const x of items) collectRanges(x, out, nested, item);
}

/** Puts item `index`'s current ranges (and long collections) in place of those listed for it. */
function replaceSegment(flat: FlatList, coll: YAMLMap | YAMLSeq, index: number): void {
  const fresh: number[][] = [];
  const nested: FlatList['nested'] = [];
  collectRanges((coll.items as unknown[])[index], fresh, nested, index);
  const from = flat.starts[index]!;
  const to = index + 1 < flat.starts.length ? flat.starts[index + 1]! : flat.ranges.length;
  flat.ranges.splice(from, to - from, ...fresh);
  const d = fresh.length - (to - from);
  if (d !== 0) for (let i = index + 1; i < flat.starts.length; i++) flat.starts[i]! += d;
  if (nested.length > 0 || flat.nested.some((x) => x.item === index)) {
    flat.nested = [...flat.nested.filter((x) => x.item !== index), ...nested].sort((x, y) => x.item - y.item);
  }
}

/**
 * Replaces the line starts inside [start, end) with those of the new chunk and
 * shifts the rest; in place when the chunk has as many lines as before (most
 * edits), so no array of every line start is copied per keystroke.
 */
function patchLineStarts(lc: LineCounter, start: number, end: number, chunk: string, delta: number): void {
  const old = lc.lineStarts;
  let lo = 0;
  let hi = old.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (old[mid]! <= start) lo = mid + 1; else hi = mid; }
  const inner: number[] = [];
  for (let i = chunk.indexOf('\n'); i >= 0 && i < chunk.length - 1; i = chunk.indexOf('\n', i + 1)) inner.push(start + i + 1);
  let k = lo;
  while (k < old.length && old[k]! < end) k++;
  if (k - lo === inner.length) {
    for (let j = 0; j < inner.length; j++) old[lo + j] = inner[j]!;
    for (; k < old.length; k++) old[k]! += delta;
    return;
  }
  const out = old.slice(0, lo);
  for (const x of inner) out.push(x);
  for (; k < old.length; k++) out.push(old[k]! + delta);
  lc.lineStarts = out;
}
