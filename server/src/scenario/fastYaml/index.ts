/**
 * A fast reader for the block-YAML subset that scenario files use, giving
 * exactly the node tree the `yaml` package (v2) gives for the same text, or
 * declining (undefined) so that the caller parses with the package.
 *
 * Accepted: a block mapping at the root; nested block mappings and block
 * sequences (items `- value` or `- key: value` with deeper entries); single-line
 * plain, single-quoted and double-quoted (without backslashes) scalars as keys
 * and values; single-line flow sequences of plain scalars as mapping values;
 * empty values; full-line and trailing comments; blank lines.
 *
 * Declined: anything else — tabs, CR, BOM, control characters, directives,
 * document markers, anchors, aliases, tags, block scalars, flow mappings,
 * multi-line scalars, explicit keys, empty sequence items, nested `- -`,
 * sequences at their parent key's indentation, unusual indentation, and every
 * text for which the package would report an error or a warning.
 *
 * Why the tree is the same: the reader runs in the package's own steps. A
 * line lexer produces the package's lexical tokens (space, comment, newline,
 * `:` and `-` indicators, scalars) for the subset; a port of the package's CST
 * parser (parse/parser.js: blockMap, blockSequence, lineEnd, pop) places every
 * space, comment and newline token where the package places it (scalar ends,
 * item starts, separators, document end); and a port of the composer
 * (compose/resolve-props.js, resolve-end.js, resolve-block-map.js,
 * resolve-block-seq.js, resolve-flow-collection.js, compose-scalar.js,
 * compose-node.js, compose-doc.js, composer.js) turns them into nodes with the
 * same ranges, comments, spaceBefore flags and scalar resolution (the
 * document schema's own tags). Wherever the package would report an error, the
 * port declines instead. Items are composed as soon as the parser can no
 * longer change them, so no CST for the whole file is kept. The two most
 * common lines — `key: value` after a finished pair of the same mapping, and
 * `- key: value` starting the next mapping item of a sequence — are composed
 * directly, without tokens, in exactly the way the token path composes them
 * (see simpleLine, simpleSeqLine); their preconditions keep every case in
 * which a later line could still change the item on the token path.
 */
import { Document, isCollection, isPair, type ParsedNode, type YAMLMap } from 'yaml';
import type { PlainValue } from '../plainToJS';
import { PARSE_OPTIONS } from '../yamlDocument';
import { Lexer } from './lexer';
import { DECLINE, decline, DocFrame, ST_MAP } from './tokens';

// The reader is one class in four files, each step extending the one it
// calls: Composer (composer.ts) <- Parser (parser.ts) <- Lexer (lexer.ts) <-
// Reader (here: the stream and the document). The node factories are in
// nodes.ts, the tokens, items and frames in tokens.ts.

/** The package's Directives class (not exported), for a document made as the composer makes it. */
let DirectivesClass: (new (opts: { version: string }) => unknown) | undefined;

const MERGE_TAG = 'tag:yaml.org,2002:merge';

// ---------------------------------------------------------------- the reader

class Reader extends Lexer {
  run(): Document.Parsed {
    const text = this.text;
    const n = this.n;
    const prelude: string[] = [];
    let pos = 0;
    // Stream level: blank and comment lines before the document (composer prelude).
    for (;;) {
      if (pos >= n) decline(); // no document
      let i = pos;
      while (text.charCodeAt(i) === 32) i++;
      const c = text.charCodeAt(i);
      if (i >= n) { pos = n; continue; }
      if (c === 10) { prelude.push('\n'); pos = i + 1; continue; }
      if (c === 35) {
        let e = text.indexOf('\n', i);
        if (e < 0) e = n;
        prelude.push(text.slice(i, e));
        if (e < n) prelude.push('\n');
        pos = e + 1;
        continue;
      }
      if (i !== pos) decline(); // indented first content line
      break;
    }

    const doc = new Document(undefined, Object.assign({ _directives: this.directives() }, PARSE_OPTIONS)) as unknown as Document.Parsed;
    this.doc = doc;
    this.schema = doc.schema as unknown as Reader['schema'];
    this.options = doc.options as unknown as Record<string, unknown>;
    if (this.schema.compat || this.options.uniqueKeys !== false || this.options.stringKeys || this.options.keepSourceTokens) decline();
    // plainValue declines every document when the schema has the `<<` merge key on.
    for (const t of this.schema.tags as { tag?: string; default?: unknown }[]) if (t.tag === MERGE_TAG && t.default) this.plainOk = false;
    const docFrame = new DocFrame(pos);
    this.stack.push(docFrame);

    while (pos < n) pos = this.line(pos);
    // parser.end(): pop everything.
    while (this.stack.length > 0) this.pop();

    // compose-doc.js
    const root = docFrame.value;
    if (!root || root.st !== ST_MAP) decline();
    const contents = root.node as YAMLMap;
    this.rootJs = root.js;
    const contentEnd = (contents as unknown as ParsedNode).range[2];
    let comment = '';
    let endOffset = contentEnd;
    if (docFrame.end) {
      const re = this.resolveEnd(docFrame.end, contentEnd, false);
      comment = re.comment;
      endOffset = re.offset;
    }
    (doc as { contents: unknown }).contents = contents;
    if (comment) doc.comment = comment;
    doc.range = [docFrame.offset, contentEnd, endOffset];
    // composer.js decorate(doc, false) with the prelude
    this.decorate(doc, prelude);
    doc.errors = [];
    doc.warnings = [];
    return doc;
  }

  directives(): unknown {
    if (!DirectivesClass) DirectivesClass = (new Document().directives as unknown as { constructor: typeof DirectivesClass }).constructor;
    return new DirectivesClass!({ version: '1.2' });
  }

  decorate(doc: Document.Parsed, prelude: string[]): void {
    let comment = '';
    let atComment = false;
    let afterEmptyLine = false;
    for (let i = 0; i < prelude.length; ++i) {
      const source = prelude[i]!;
      if (source[0] === '#') {
        comment += (comment === '' ? '' : afterEmptyLine ? '\n\n' : '\n') + (source.substring(1) || ' ');
        atComment = true;
        afterEmptyLine = false;
      } else {
        if (!atComment) afterEmptyLine = true;
        atComment = false;
      }
    }
    if (!comment) return;
    const dc = doc.contents;
    if (afterEmptyLine || doc.directives.docStart || !dc) {
      doc.commentBefore = comment;
    } else if (isCollection(dc) && !dc.flow && dc.items.length > 0) {
      let it: unknown = dc.items[0];
      if (isPair(it)) it = it.key;
      const node = it as { commentBefore?: string | null };
      const cb = node.commentBefore;
      node.commentBefore = cb ? `${comment}\n${cb}` : comment;
    } else {
      decline();
    }
  }
}

/** Characters the subset never contains: tabs, CR, other controls, BOM, Unicode line breaks. */
// eslint-disable-next-line no-control-regex
const OUTSIDE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\ufeff\u2028\u2029]/;

/**
 * Parses `text` when it lies within the block subset, giving the same
 * document as `parseAllDocuments(text, PARSE_OPTIONS)[0]` (without CST
 * tokens); undefined when it does not, or when the package would report any
 * error or warning.
 */
export function parseBlockSubset(text: string): Document.Parsed | undefined {
  return parseBlockSubsetWithKeys(text)?.doc;
}

/** What the fast reader gives for a text it accepts. */
export interface FastParse {
  doc: Document.Parsed;
  /** The ranges of the document's repeated mapping keys, by start (see parseBlockSubsetWithKeys). */
  duplicateKeys: [number, number][];
  /**
   * The document's JS value, built while the nodes were composed: exactly
   * what plainToJS.ts's `plainValue(doc)` gives for the document as composed
   * (same keys in the same order, same values, same objects' shapes), so no
   * second walk over the tree is needed; undefined where plainValue declines.
   */
  plain: PlainValue | undefined;
}

/**
 * parseBlockSubset, with the ranges of the document's repeated mapping keys:
 * the same list, in the same order (by start), as `duplicateKeyRanges(doc)`,
 * found while the mappings were composed instead of by a second walk.
 */
export function parseBlockSubsetWithKeys(text: string): FastParse | undefined {
  if (OUTSIDE.test(text)) return undefined;
  try {
    const reader = new Reader(text);
    const doc = reader.run();
    const duplicateKeys = reader.duplicateKeys;
    if (duplicateKeys.length > 1) duplicateKeys.sort((a, b) => a[0] - b[0]);
    const plain = reader.plainOk ? { value: reader.rootJs, reaches: reader.reaches } : undefined;
    return { doc, duplicateKeys, plain };
  } catch (e) {
    // Declined; or nesting deep enough to exhaust the stack, which the package reports as an error.
    if (e === DECLINE || e instanceof RangeError) return undefined;
    throw e;
  }
}
