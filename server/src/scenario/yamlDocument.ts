/**
 * YAML parsing with exact source ranges. Wraps the `yaml` package: every node
 * keeps its offsets, and every parser problem becomes a {@link Problem} with
 * the parser's own range.
 */
import {
  Document, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, visit,
  type DocumentOptions, type EmptyStream, type Node, type Pair, type ParseOptions, type ParsedNode, type SchemaOptions, type Scalar, type YAMLMap, type YAMLSeq,
} from 'yaml';
import { duplicateKeyRanges } from './duplicateKeys';
import { parseBlockSubsetWithKeys } from './fastYaml';
import type { PlainValue } from './plainToJS';
import { MAX_ENTRIES, structureBeyond, structureProblem } from './preScan';
import type { Problem, Span } from './types';

/** Limits that protect the server from hostile input. */
export interface ParseLimits {
  /** Most alias expansions allowed when reading values (billion-laughs guard). */
  maxAliasCount: number;
  /** Largest text, in UTF-16 code units, that is parsed at all. */
  maxFileSize: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxAliasCount: 100, maxFileSize: 5 * 1024 * 1024 };

/** A parsed scenario file. */
export interface ParsedYaml {
  readonly text: string;
  readonly lineCounter: LineCounter;
  /** The scenario: the file's first document (undefined for an empty file). */
  readonly document: Document.Parsed | undefined;
  /** Problems of the YAML layer (syntax, duplicate keys, extra documents, tags). */
  readonly problems: Problem[];
  /**
   * Offset of the first error that may change how the rest of the file reads.
   * Schema and check diagnostics at or below its line are withheld.
   */
  readonly firstSyntaxErrorOffset: number | undefined;
  /**
   * The document's JS value when the fast reader built it while composing
   * (fastYaml/): exactly `plainValue(document)` (plainToJS.ts) for the
   * document as parsed, so the caller needs no walk over the tree. Absent when
   * the package parsed the text or plainValue would decline; it describes the
   * document as parsed, not as later patched (incremental/patch.ts).
   */
  readonly plain?: PlainValue;
}

/**
 * Parser error codes after which the document still reads as written: they are
 * reported, but they do not cut off the checks below them.
 */
const NON_STRUCTURAL_ERRORS = new Set(['DUPLICATE_KEY', 'BAD_ALIAS', 'TAG_RESOLVE_FAILED']);

/**
 * The options of every parse, whole file or one re-parsed unit (incremental/patch.ts):
 * both must read YAML the same way.
 */
export const PARSE_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  // No CST is kept: nothing reads it, and at 50,000 lines it held a third of the heap.
  keepSourceTokens: false,
  prettyErrors: false,
  // Duplicate keys are found by duplicateKeyRanges: the package's own check is quadratic in a mapping's size.
  uniqueKeys: false,
  strict: true,
  // Custom tags are never resolved to anything but their text: no code runs, nothing loads.
  customTags: [],
  intAsBigInt: false,
};

/** Parses `text` and collects every YAML-level problem with its exact range. */
export function parseYaml(text: string, _limits: ParseLimits = DEFAULT_PARSE_LIMITS): ParsedYaml {
  const lineCounter = new LineCounter();
  // More entries than the parser reads in a few seconds: refused before parsing (see preScan.ts).
  const beyond = structureBeyond(text, Infinity, MAX_ENTRIES);
  if (beyond) return { text, lineCounter, document: undefined, problems: [structureProblem(text, beyond)], firstSyntaxErrorOffset: undefined };
  // The block subset that scenario files use is read by the fast reader (same tree); anything else by the package.
  const fast = parseBlockSubsetWithKeys(text);
  if (fast) fillLineStarts(lineCounter, text);
  const docs = (fast ? [fast.doc] : parseAllDocuments(text, { ...PARSE_OPTIONS, lineCounter })) as Document.Parsed[] | EmptyStream;
  const list: Document.Parsed[] = 'empty' in docs ? [] : docs;
  const problems: Problem[] = [];
  let firstSyntaxErrorOffset: number | undefined;
  const seen = new Set<string>();
  const push = (p: Problem) => {
    const key = `${p.span.start}:${p.span.end}:${p.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push(p);
  };

  if ('empty' in docs) {
    // An EmptyStream still carries stream-level errors.
    for (const e of docs.errors) {
      push(yamlProblem(e.pos, e.message, e.code, 'error', text));
      firstSyntaxErrorOffset = minDefined(firstSyntaxErrorOffset, e.pos[0]);
    }
  }

  list.forEach((doc, i) => {
    for (const e of doc.errors) {
      // The parser marks a duplicate key by its first character; report the whole key.
      const pos = e.code === 'DUPLICATE_KEY' ? (keyRangeAt(doc, e.pos[0]) ?? e.pos) : e.pos;
      push(yamlProblem(pos, e.message, e.code, 'error', text));
      if (!NON_STRUCTURAL_ERRORS.has(e.code)) firstSyntaxErrorOffset = minDefined(firstSyntaxErrorOffset, e.pos[0]);
    }
    for (const w of doc.warnings) push(yamlProblem(w.pos, w.message, w.code, 'warning', text));
    // The fast reader found its document's repeated keys while composing it: no second walk over the tree.
    for (const range of fast ? fast.duplicateKeys : duplicateKeyRanges(doc)) push(yamlProblem(range, '', 'DUPLICATE_KEY', 'error', text));
    if (i > 0 && doc.contents !== null) {
      const start = doc.range[0];
      push({
        span: lineSpanAt(text, start),
        severity: 'error',
        code: 'multiple-documents',
        message: `A scenario file holds one YAML document; this is document ${i + 1}, which is not checked. Move it to its own *.gigafactory.yaml file.`,
      });
    }
  });

  const parsed: ParsedYaml = { text, lineCounter, document: list[0], problems, firstSyntaxErrorOffset };
  return fast?.plain ? { ...parsed, plain: fast.plain } : parsed;
}

/** What the package's lexer records in a LineCounter: 0, then the offset after every line feed. */
function fillLineStarts(lineCounter: LineCounter, text: string): void {
  const starts = lineCounter.lineStarts;
  starts.push(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
}

/** The range of the mapping key that starts at `offset`, found by walking the tree. */
function keyRangeAt(doc: Document.Parsed, offset: number): [number, number] | undefined {
  let found: [number, number] | undefined;
  visit(doc, {
    Pair(_, pair) {
      const r = (pair.key as ParsedNode | null)?.range;
      if (r && r[0] === offset) { found = [r[0], r[1]]; return visit.BREAK; }
      return undefined;
    },
  });
  return found;
}

function minDefined(a: number | undefined, b: number): number {
  return a === undefined ? b : Math.min(a, b);
}

function yamlProblem(pos: [number, number], message: string, code: string, severity: 'error' | 'warning', text: string): Problem {
  let [start, end] = pos;
  if (end <= start) end = Math.min(text.length, start + 1);
  return { span: { start, end }, severity, code: `yaml-${code.toLowerCase().replace(/_/g, '-')}`, message: plainYamlMessage(code, message) };
}

/** The `yaml` package's messages, made plain where they are cryptic. */
function plainYamlMessage(code: string, message: string): string {
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  switch (code) {
    case 'DUPLICATE_KEY': return 'This key appears twice in the same mapping; YAML keeps only one of them. Remove or rename one.';
    case 'TAB_AS_INDENT': return 'Tabs cannot indent YAML; use spaces.';
    case 'TAG_RESOLVE_FAILED': return `${first} The tag is ignored and the value read as plain text; scenario files need no tags.`;
    default: return first.endsWith('.') ? first : `${first}.`;
  }
}

/** The span from `offset` to the end of its line. */
export function lineSpanAt(text: string, offset: number): Span {
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  if (end > offset && text[end - 1] === '\r') end--;
  return { start: offset, end: Math.max(end, Math.min(text.length, offset + 1)) };
}

/** Source span of a node's value (without trailing comments). */
export function nodeSpan(node: Node | null | undefined): Span | undefined {
  const r = (node as ParsedNode | null | undefined)?.range;
  if (!r) return undefined;
  return { start: r[0], end: r[1] };
}

/** Follows an alias to the node it names; other nodes are returned as they are. */
export function resolveNode(doc: Document, node: unknown): Node | null {
  if (isAlias(node)) {
    const target = node.resolve(doc);
    return target ?? null;
  }
  return (node as Node | null) ?? null;
}

/** A key/value pair of a mapping, with both nodes (the value may be null). */
export interface Entry {
  key: string;
  keyNode: Scalar;
  value: Node | null;
  pair: Pair;
}

/** Entries of a mapping with scalar keys, in source order; aliases resolved. */
export function entries(doc: Document, map: unknown): Entry[] {
  const m = resolveNode(doc, map);
  if (!isMap(m)) return [];
  const out: Entry[] = [];
  for (const pair of (m as YAMLMap).items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    out.push({ key: String(pair.key.value), keyNode: pair.key as Scalar, value: resolveNode(doc, pair.value), pair: pair as Pair });
  }
  return out;
}

/** The entry for `key` in a mapping, if any. */
export function entry(doc: Document, map: unknown, key: string): Entry | undefined {
  return entries(doc, map).find((e) => e.key === key);
}

/** Items of a sequence; aliases resolved. */
export function items(doc: Document, seq: unknown): (Node | null)[] {
  const s = resolveNode(doc, seq);
  if (!isSeq(s)) return [];
  return (s as YAMLSeq).items.map((n) => resolveNode(doc, n));
}

/**
 * Offset just after the `:` of a mapping pair, read from the text: the
 * indicator follows the key after spaces (or, for an explicit `? key`, after
 * line breaks and comments). Without the text, the offset after the key plus one.
 */
export function colonEnd(keyNode: Scalar, text?: string): number | undefined {
  const end = (keyNode as ParsedNode).range?.[1];
  if (end === undefined) return undefined;
  if (text === undefined) return end + 1;
  for (let i = end; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 58 /* : */) return i + 1;
    if (c === 35 /* # */) { const nl = text.indexOf('\n', i); if (nl < 0) break; i = nl; continue; }
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
  }
  return end + 1;
}

export { isMap, isPair, isScalar, isSeq, isAlias };
