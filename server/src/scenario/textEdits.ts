/**
 * Minimal text edits on a scenario file, for quick fixes and refactors: insert
 * a key into a block mapping, remove a pair, replace a value. Positions come
 * from the parser's node ranges; the text is consulted only for what lies
 * around a node on its own line (indentation, line ends), so comments, key
 * order, quoting and indentation elsewhere stay exactly as they were.
 */
import { isMap, isPair, isScalar, isSeq, type Document, type Node, type ParsedNode, type YAMLMap } from 'yaml';
import type { Span, TextEditSpan } from './types';
import { nodeSpan } from './yamlDocument';

/** A path of keys and list indexes from the root of the document. */
export type NodePath = (string | number)[];

/** The line ending the file uses (CRLF when its first line ends so). */
export function eolOf(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

/** Offset of the start of the line holding `offset`. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the line end (`\n`) of the line holding `offset`, or the end of the text. */
export function afterLineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** Offset of the end of the line's content (before `\r\n` or `\n`). */
export function lineContentEnd(text: string, offset: number): number {
  let nl = text.indexOf('\n', offset);
  if (nl < 0) nl = text.length;
  return nl > offset && text[nl - 1] === '\r' ? nl - 1 : nl;
}

/** Column of `offset` within its line. */
export function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** Whether only spaces precede `offset` on its line (a key that starts its line, not one after `- `). */
export function startsLine(text: string, offset: number): boolean {
  return /^[ ]*$/.test(text.slice(lineStart(text, offset), offset));
}

/**
 * The indentation step of the file: the column of the first nested key under
 * a top-level section, 2 when the file has none.
 */
export function indentUnit(doc: Document, text: string): number {
  const root = doc.contents;
  if (!isMap(root)) return 2;
  for (const pair of root.items) {
    const v = pair.value as Node | null;
    if (isMap(v) && v.items[0] && startsLine(text, keyStart(v.items[0].key))) {
      const col = columnOf(text, keyStart(v.items[0].key));
      if (col > 0) return col;
    }
    if (isSeq(v) && v.items[0]) {
      const r = (v as ParsedNode).range;
      if (r) {
        const col = columnOf(text, r[0]);
        if (col > 0) return col;
      }
    }
  }
  return 2;
}

function keyStart(key: unknown): number {
  return (key as ParsedNode | null)?.range?.[0] ?? -1;
}

/** What a key/value line to insert holds: a scalar value, or nested keys, or list items. */
export interface NewEntry {
  key: string;
  /** Text of a scalar value as it should appear (already quoted when needed); '' leaves it to fill. */
  value?: string;
  /** A trailing comment, without `#`. */
  comment?: string;
  children?: NewEntry[];
  items?: NewEntry[][];
}

/** Renders entries as block YAML lines at `indent` (columns), each line ending with `eol`. */
export function renderEntries(entries: NewEntry[], indent: number, unit: number, eol: string): string {
  let out = '';
  const pad = (n: number) => ' '.repeat(n);
  for (const e of entries) {
    out += renderEntry(e, pad(indent), indent, unit, eol);
  }
  return out;
}

function renderEntry(e: NewEntry, lead: string, indent: number, unit: number, eol: string): string {
  const comment = e.comment ? `  # ${e.comment}` : '';
  if (e.children) return `${lead}${e.key}:${comment}${eol}${renderEntries(e.children, indent + unit, unit, eol)}`;
  if (e.items) return `${lead}${e.key}:${comment}${eol}${renderItems(e.items, indent + unit, unit, eol)}`;
  const value = e.value === undefined || e.value === '' ? '' : ` ${e.value}`;
  // `rate: ` keeps its space, so the cursor lands where the value goes.
  return `${lead}${e.key}:${e.value === '' ? ' ' : value}${comment}${eol}`;
}

/** Renders block list items, their dashes at `indent`. */
export function renderItems(items: NewEntry[][], indent: number, unit: number, eol: string): string {
  let out = '';
  for (const item of items) {
    item.forEach((child, i) => {
      const itemLead = i === 0 ? `${' '.repeat(indent)}- ` : ' '.repeat(indent + 2);
      out += renderEntry(child, itemLead, indent + 2, unit, eol);
    });
  }
  return out;
}

/**
 * The edit that writes block content on the lines below a key whose value is
 * empty (`power:`), one indentation step deeper; `render` gets that indentation.
 */
export function insertBelowKey(doc: Document, text: string, keyNode: Node, render: (indent: number, unit: number, eol: string) => string): TextEditSpan | undefined {
  const keySpan = nodeSpan(keyNode);
  if (!keySpan) return undefined;
  const eol = eolOf(text);
  const unit = indentUnit(doc, text);
  const at = lineContentEnd(text, keySpan.end);
  const body = render(columnOf(text, keySpan.start) + unit, unit, eol);
  return { span: { start: at, end: at }, text: eol + body.slice(0, -eol.length) };
}

/**
 * The edit that inserts `entries` into the block mapping `map`, keeping the
 * schema's key order where the mapping follows it: before the first existing
 * key that comes later in `order`, else after the mapping's last line.
 * `map` null means the key at `ownerKey` has an empty value: the entries go on
 * the lines below it, one indentation step deeper. Returns undefined for flow
 * mappings (`{...}`), which get no insertion.
 */
export function insertIntoMapping(
  doc: Document, text: string, map: YAMLMap | null, ownerKey: Node | undefined, entries: NewEntry[], order: readonly string[],
): TextEditSpan | undefined {
  const eol = eolOf(text);
  const unit = indentUnit(doc, text);
  if (map === null || map.items.length === 0) {
    if ((map && (map as { flow?: boolean }).flow) || !ownerKey) return undefined;
    return insertBelowKey(doc, text, ownerKey, (indent) => renderEntries(entries, indent, unit, eol));
  }
  if ((map as { flow?: boolean }).flow) return undefined;
  const first = map.items[0]!;
  const firstStart = keyStart(first.key);
  const col = columnOf(text, firstStart);
  const rank = (k: string) => { const i = order.indexOf(k); return i < 0 ? Infinity : i; };
  const newRank = rank(entries[0]!.key);
  const pairs = map.items.filter((p) => isPair(p) && isScalar(p.key));
  if (Number.isFinite(newRank)) {
    // After the nearest key that the schema puts before the new one, else before the nearest that comes after.
    let before: (typeof pairs)[number] | undefined;
    let after: (typeof pairs)[number] | undefined;
    for (const pair of pairs) {
      const r = rank(String((pair.key as { value: unknown }).value));
      if (!Number.isFinite(r)) continue;
      if (r < newRank && (!before || r > rank(String((before.key as { value: unknown }).value)))) before = pair;
      if (r > newRank && (!after || r < rank(String((after.key as { value: unknown }).value)))) after = pair;
    }
    if (before && before !== pairs[pairs.length - 1]) {
      const valueEnd = (before.value as ParsedNode | null)?.range?.[2] ?? keyStart(before.key);
      const at = text[valueEnd - 1] === '\n' ? valueEnd : afterLineEnd(text, valueEnd);
      return { span: { start: at, end: at }, text: renderEntries(entries, col, unit, eol) };
    }
    if (!before && after && startsLine(text, keyStart(after.key))) {
      const at = lineStart(text, keyStart(after.key));
      return { span: { start: at, end: at }, text: renderEntries(entries, col, unit, eol) };
    }
  }
  const end = (map as ParsedNode).range?.[2] ?? text.length;
  const body = renderEntries(entries, col, unit, eol);
  if (end > 0 && text[end - 1] === '\n') return { span: { start: end, end }, text: body };
  // The mapping ends the file without a line end.
  const at = afterLineEnd(text, end);
  if (at === text.length && text[at - 1] !== '\n') return { span: { start: at, end: at }, text: eol + body.slice(0, -eol.length) };
  return { span: { start: at, end: at }, text: body };
}

/**
 * The edit that removes one pair of a block mapping: its whole line or lines,
 * with the line end and any comment on them. The first key of a list item
 * (`- rate: 2%`) keeps the dash: the text up to the next key goes instead.
 */
export function removePair(text: string, map: YAMLMap, key: string | Node): TextEditSpan | undefined {
  const idx = map.items.findIndex((p) => (typeof key === 'string' ? isScalar(p.key) && String(p.key.value) === key : p.key === key));
  if (idx < 0) return undefined;
  const pair = map.items[idx]!;
  const start = keyStart(pair.key);
  const valueEnd = (pair.value as ParsedNode | null)?.range?.[1] ?? nodeSpan(pair.key as Node)!.end;
  if (startsLine(text, start)) {
    const from = lineStart(text, start);
    // A block value ends after its own line end; a scalar ends on its line.
    const to = text[valueEnd - 1] === '\n' ? valueEnd : afterLineEnd(text, valueEnd);
    return { span: { start: from, end: to }, text: '' };
  }
  const next = map.items[idx + 1];
  if (!next) return undefined;
  return { span: { start, end: keyStart(next.key) }, text: '' };
}

/** Replaces a scalar value keeping its quote style (the text decides: `"`, `'` or plain). */
export function replaceScalar(text: string, span: Span, value: string): TextEditSpan {
  const q = text[span.start];
  if (q === '"') return { span, text: JSON.stringify(value) };
  if (q === "'") return { span, text: `'${value.replace(/'/g, "''")}'` };
  return { span, text: value };
}

/** A node with its path from the root. */
export interface PathNode {
  node: Node | null;
  path: NodePath;
  /** The key node when the node is a mapping value. */
  keyNode?: Node;
  /** The mapping that holds the pair. */
  parent?: YAMLMap;
}

/** Every node of the document with its path, depth first, in source order. */
export function walk(doc: Document): PathNode[] {
  const out: PathNode[] = [];
  const visit = (node: Node | null, path: NodePath, keyNode?: Node, parent?: YAMLMap) => {
    const entry: PathNode = { node, path };
    if (keyNode) entry.keyNode = keyNode;
    if (parent) entry.parent = parent;
    out.push(entry);
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        visit(pair.value as Node | null, [...path, String(pair.key.value)], pair.key as Node, node);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item as Node | null, [...path, i]));
    }
  };
  visit(doc.contents as Node | null, []);
  return out;
}

/**
 * The nodes that {@link walk} lists, in its order, but only those that can
 * have `span` as their own or their key's range: subtrees whose range does not
 * contain `span` are skipped. Finding a problem's node walked the whole tree,
 * once per problem: a thousand problems in a 100,000-line file took minutes.
 */
function* along(doc: Document, span: Span): Generator<PathNode> {
  const contains = (n: unknown) => {
    const s = nodeSpan(n as Node | null);
    return s !== undefined && s.start <= span.start && span.end <= s.end;
  };
  function* visit(node: Node | null, path: NodePath, keyNode?: Node, parent?: YAMLMap): Generator<PathNode> {
    const entry: PathNode = { node, path };
    if (keyNode) entry.keyNode = keyNode;
    if (parent) entry.parent = parent;
    yield entry;
    if (!contains(node)) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        if (contains(pair.key) || contains(pair.value)) yield* visit(pair.value as Node | null, [...path, String(pair.key.value)], pair.key as Node, node);
      }
    } else if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) if (contains(node.items[i])) yield* visit(node.items[i] as Node | null, [...path, i]);
    }
  }
  yield* visit(doc.contents as Node | null, []);
}

function first(entries: Iterable<PathNode>, test: (e: PathNode) => boolean): PathNode | undefined {
  for (const e of entries) if (test(e)) return e;
  return undefined;
}

/** The node whose range starts at `span.start` and ends at `span.end`, with its path. */
export function nodeAtSpan(doc: Document, span: Span, want?: (n: Node | null) => boolean): PathNode | undefined {
  return first(along(doc, span), (e) => {
    const s = nodeSpan(e.node);
    return s !== undefined && s.start === span.start && s.end === span.end && (!want || want(e.node));
  });
}

/** The pair whose key has exactly `span`, with the value's path. */
export function pairAtKeySpan(doc: Document, span: Span): PathNode | undefined {
  return first(along(doc, span), (e) => {
    const s = nodeSpan(e.keyNode);
    return s !== undefined && s.start === span.start && s.end === span.end;
  });
}

/** The node at a path, if the document has it. */
export function nodeAtPath(doc: Document, path: NodePath): PathNode | undefined {
  const key = JSON.stringify(path);
  return walk(doc).find((e) => JSON.stringify(e.path) === key);
}
