/**
 * The fast reader's composer (see index.ts): a port of the package's
 * compose/resolve-props.js, resolve-end.js, resolve-block-map.js,
 * resolve-block-seq.js, resolve-flow-collection.js, compose-scalar.js and
 * compose-node.js that turns the parser's items into nodes, and builds with
 * them the document's JS value and the ranges of repeated mapping keys. The
 * base of the reader's class (Composer <- Parser <- Lexer <- Reader).
 */
import { isScalar, type Document, type Pair, type ParsedNode, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { plainKey, setPlainKey } from '../plainToJS';
import { newMap, newPair, newScalar, newSeq, PLAIN_TYPE, QUOTE_DOUBLE_TYPE, QUOTE_SINGLE_TYPE } from './nodes';
import { COMMENT, decline, DONE, FLOW, Frame, type Item, MAPV, NEWLINE, PLAIN, SEQI, SPACE, SQUOTE, ST_MAP, type Tok } from './tokens';

// ---------------------------------------------------------------- props (resolve-props.js)

interface Props {
  found: Tok | null;
  spaceBefore: boolean;
  comment: string;
  hasNewline: boolean;
  end: number;
}

const keyProps: Props = { found: null, spaceBefore: false, comment: '', hasNewline: false, end: 0 };
const valueProps: Props = { found: null, spaceBefore: false, comment: '', hasNewline: false, end: 0 };

const SCALAR_KEY = Symbol.for('yaml.scalar');

interface TagLike {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  collection?: string;
  resolve: (value: string, onError: (msg: string) => void, options: unknown) => unknown;
}

const INTERN_MASK = 4095;

/** Mappings up to this many pairs compare keys pairwise instead of building a Map (as in duplicateKeys.ts). */
const SMALL_MAP = 8;

// ---------------------------------------------------------------- the composer

/** The reader's composer state and steps; the parser and the lexer extend it. */
export class Composer {
  readonly text: string;
  readonly n: number;
  // composer state
  doc!: Document.Parsed;
  schema!: { tags: TagLike[]; compat?: unknown; [SCALAR_KEY]: TagLike };
  options!: Record<string, unknown>;
  tagCache = new Map<string, TagLike>();
  internStr: (string | undefined)[] = new Array(INTERN_MASK + 1);
  internKeyTag: (TagLike | undefined)[] = new Array(INTERN_MASK + 1);
  internValueTag: (TagLike | undefined)[] = new Array(INTERN_MASK + 1);
  keyTagCache = new Map<string, TagLike>();
  tagError = false;
  onTagError = () => { this.tagError = true; };
  /** Ranges of repeated mapping keys, in the order their mappings were finished (see duplicateKeysOf). */
  duplicateKeys: [number, number][] = [];
  /**
   * The JS value is built alongside the nodes, as plainToJS.ts's plainValue
   * reads them (see plainOf); false when plainValue would decline.
   */
  plainOk = true;
  /** plainValue's `reaches`: an empty value was composed (the reader declines block scalars). */
  reaches = false;
  /** The JS value of the flow sequence composeFlow made last. */
  flowJs: unknown[] | null = null;
  /** The root mapping's JS value. */
  rootJs: unknown = undefined;

  constructor(text: string) {
    this.text = text;
    this.n = text.length;
  }

  // ------------------------------------------------------------ composer

  flushAll(frame: Frame): void {
    const items = frame.items;
    while (frame.flushed < items.length) {
      const item = items[frame.flushed]!;
      if (item !== DONE) this.composeItem(frame, item);
      items[frame.flushed++] = null;
    }
  }

  quotedValue(o: number, end: number, type: number): string {
    const value = this.text.slice(o + 1, end - 1);
    return type === SQUOTE && value.includes("''") ? value.replace(/''/g, "'") : value;
  }

  finish(frame: Frame): void {
    this.flushAll(frame);
    const node = this.nodeOf(frame);
    if (frame.commentEnd !== null && frame.commentEnd < frame.cOffset) decline();
    (node as unknown as ParsedNode).range = [frame.offset, frame.cOffset, frame.commentEnd ?? frame.cOffset];
    if (frame.st === ST_MAP) this.duplicateKeysOf((node as YAMLMap).items as Pair<Scalar>[]);
  }

  /**
   * Records the keys of a finished mapping that repeat an earlier key of it,
   * as duplicateKeys.ts's duplicateKeyRanges defines them (`===` on the
   * scalar values, NaN never repeats; the key's range[0] and range[1]). Done
   * here because the mapping is at hand: a separate walk over the finished
   * tree cost 30-40 ms of a cold open of a 50,000-line file. Every key is a scalar
   * (the reader declines any other key). A small mapping (a list item's
   * handful of keys) compares pairwise without allocating; a larger one keeps a Map.
   */
  duplicateKeysOf(items: Pair<Scalar>[]): void {
    const n = items.length;
    if (n < 2) return;
    const seen = n > SMALL_MAP ? new Map<unknown, true>() : undefined;
    for (let i = 0; i < n; i++) {
      const key = items[i]!.key;
      const value = key.value;
      if (value !== value) continue; // NaN
      let repeated = false;
      if (seen) {
        repeated = seen.has(value);
        if (!repeated) seen.set(value, true);
      } else {
        for (let j = 0; j < i && !repeated; j++) repeated = items[j]!.key.value === value;
      }
      if (repeated) {
        const r = (key as unknown as ParsedNode).range;
        this.duplicateKeys.push([r[0], r[1]]);
      }
    }
  }

  nodeOf(frame: Frame): YAMLMap | YAMLSeq {
    if (!frame.node) {
      if (frame.st === ST_MAP) {
        frame.node = newMap(this.doc.schema);
        frame.js = {};
      } else {
        frame.node = newSeq(this.doc.schema);
        frame.js = [];
      }
    }
    return frame.node;
  }

  /**
   * A key's string in its mapping's JS value, as plainToJS.ts's addPair makes
   * it (plainKey); a key whose value is an object (no tag of the core schema
   * gives one) makes plainValue decline.
   */
  keyOf(keyNode: Scalar): string {
    const v = keyNode.value;
    if (typeof v === 'object' && v !== null) this.plainOk = false;
    return plainKey(v);
  }

  /**
   * The JS value of a value node just composed from `value`: the collection's
   * (filled as its items are composed), the flow sequence's, or the scalar's.
   */
  jsOf(value: Tok | Frame, node: Scalar | YAMLMap | YAMLSeq): unknown {
    if (value instanceof Frame) return value.js;
    if (value.type === FLOW) return this.flowJs;
    return (node as Scalar).value;
  }

  composeItem(frame: Frame, item: Item): void {
    if (frame.st === ST_MAP) this.composeMapItem(frame, item);
    else this.composeSeqItem(frame, item);
  }

  /** One iteration of resolve-block-map.js. */
  composeMapItem(frame: Frame, item: Item): void {
    const map = this.nodeOf(frame) as YAMLMap;
    const kp = this.resolveProps(keyProps, item.start, -1, frame.cOffset, true);
    const key = item.key;
    if (key && key.indent !== frame.indent) decline(); // BAD_INDENT
    if (!item.sep) {
      if (key) decline();
      frame.commentEnd = kp.end;
      if (kp.comment) map.comment = map.comment ? map.comment + '\n' + kp.comment : kp.comment;
      return;
    }
    if (!key) return decline();
    const keyStart = kp.end;
    const keyNode = this.composeScalar(key, true);
    if (kp.spaceBefore) keyNode.spaceBefore = true;
    if (kp.comment) keyNode.commentBefore = kp.comment;
    const keyRange = (keyNode as unknown as ParsedNode).range;
    const vp = this.resolveProps(valueProps, item.sep, MAPV, keyRange[2], false);
    if (!vp.found) return decline(); // MISSING_CHAR
    const value = item.value;
    if (value instanceof Frame && value.st === ST_MAP && !vp.hasNewline) decline();
    if (this.options.strict && keyStart < vp.found.offset - 1024) decline();
    const valueNode = value ? this.composeNode(value, vp) : this.composeEmptyNode(vp.end, item.sep, vp);
    frame.cOffset = (valueNode as unknown as ParsedNode).range[2];
    map.items.push(newPair(keyNode, valueNode));
    setPlainKey(frame.js as Record<string, unknown>, this.keyOf(keyNode), value ? this.jsOf(value, valueNode) : null);
  }

  /** One iteration of resolve-block-seq.js. */
  composeSeqItem(frame: Frame, item: Item): void {
    const seq = this.nodeOf(frame) as YAMLSeq;
    const p = this.resolveProps(keyProps, item.start, SEQI, frame.cOffset, true);
    if (!p.found) {
      if (item.value) decline();
      frame.commentEnd = p.end;
      if (p.comment) seq.comment = p.comment;
      return;
    }
    if (!item.value) return decline();
    const node = this.composeNode(item.value, p);
    frame.cOffset = (node as unknown as ParsedNode).range[2];
    seq.items.push(node);
    (frame.js as unknown[]).push(this.jsOf(item.value, node));
  }

  composeNode(value: Tok | Frame, props: Props): Scalar | YAMLMap | YAMLSeq {
    let node: Scalar | YAMLMap | YAMLSeq;
    if (value instanceof Frame) node = this.nodeOf(value);
    else if (value.type === FLOW) node = this.composeFlow(value);
    else node = this.composeScalar(value, false);
    if (props.spaceBefore) node.spaceBefore = true;
    if (props.comment) node.commentBefore = props.comment;
    return node;
  }

  /** compose-node.js composeEmptyNode with util-empty-scalar-position.js. */
  composeEmptyNode(offset: number, before: Tok[], props: Props): Scalar {
    for (let i = before.length - 1; i >= 0; --i) {
      let st = before[i]!;
      if (st.type === SPACE || st.type === COMMENT || st.type === NEWLINE) {
        offset -= st.len;
        continue;
      }
      st = before[++i]!;
      while (st?.type === SPACE) {
        offset += st.len;
        st = before[++i]!;
      }
      break;
    }
    const node = this.resolveScalar('', PLAIN, false);
    (node as unknown as ParsedNode).range = [offset, offset, offset];
    // An empty value: plainValue's `reaches` (a null scalar with an empty range).
    this.reaches = true;
    if (props.spaceBefore) node.spaceBefore = true;
    if (props.comment) {
      node.comment = props.comment;
      (node as unknown as ParsedNode).range[2] = props.end;
    }
    return node;
  }

  /** compose-scalar.js for a single-line flow scalar token. */
  composeScalar(tok: Tok, atKey: boolean): Scalar {
    const text = this.text;
    const o = tok.offset;
    let value: string;
    if (tok.type === PLAIN) value = text.slice(o, o + tok.len);
    else value = this.quotedValue(o, o + tok.len, tok.type);
    const scalar = this.resolveScalar(value, tok.type, atKey);
    const valueEnd = o + tok.len;
    if (tok.end) {
      const re = this.resolveEnd(tok.end, valueEnd, this.options.strict as boolean);
      (scalar as unknown as ParsedNode).range = [o, valueEnd, re.offset];
      if (re.comment) scalar.comment = re.comment;
    } else (scalar as unknown as ParsedNode).range = [o, valueEnd, valueEnd];
    return scalar;
  }

  resolveScalar(value: string, type: number, atKey: boolean): Scalar {
    let tag: TagLike;
    if (type === PLAIN) {
      const cache = atKey ? this.keyTagCache : this.tagCache;
      let t = cache.get(value);
      if (!t) {
        t = this.findTag(value, atKey);
        cache.set(value, t);
      }
      tag = t;
    } else tag = this.schema[SCALAR_KEY];
    return this.makeScalar(value, tag, type);
  }

  /** compose-scalar.js findScalarTagByTest (the core schema has no compat list). */
  findTag(value: string, atKey: boolean): TagLike {
    const schema = this.schema;
    const tags = schema.tags;
    for (let i = 0; i < tags.length; i++) {
      const tg = tags[i]!;
      if ((tg.default === true || (atKey && tg.default === 'key')) && tg.test?.test(value)) return tg;
    }
    return schema[SCALAR_KEY];
  }

  /**
   * A plain scalar's node for text[p, end): the string and its tag come from a
   * small table of recent scalars when the same text was seen (keys and model
   * names repeat), which saves the slice and the tag tests.
   */
  plainScalar(p: number, end: number, atKey: boolean): Scalar {
    const text = this.text;
    const len = end - p;
    const h = (len * 31 + text.charCodeAt(p) * 7 + text.charCodeAt(end - 1) * 3 + text.charCodeAt(p + (len >> 1)) * 13) & INTERN_MASK;
    let value = this.internStr[h];
    if (value === undefined || value.length !== len || !text.startsWith(value, p)) {
      value = text.slice(p, end);
      this.internStr[h] = value;
      this.internKeyTag[h] = undefined;
      this.internValueTag[h] = undefined;
    }
    const tags = atKey ? this.internKeyTag : this.internValueTag;
    let tag = tags[h];
    if (tag === undefined) tag = tags[h] = this.findTag(value, atKey);
    return this.makeScalar(value, tag, PLAIN);
  }

  makeScalar(value: string, tag: TagLike, type: number): Scalar {
    const res = tag.resolve(value, this.onTagError, this.options);
    if (this.tagError) decline();
    const scalar = typeof res === 'object' && res !== null && isScalar(res) ? res : newScalar(res);
    scalar.source = value;
    scalar.type = type === PLAIN ? PLAIN_TYPE : type === SQUOTE ? QUOTE_SINGLE_TYPE : QUOTE_DOUBLE_TYPE;
    if (tag.format) scalar.format = tag.format;
    return scalar;
  }

  /** resolve-flow-collection.js for a flow sequence of plain scalars. */
  composeFlow(tok: Tok): YAMLSeq {
    const coll = newSeq(this.doc.schema);
    coll.flow = true;
    const js: unknown[] = (this.flowJs = []);
    const f = tok.flow!;
    for (let i = 0; i < f.length; i += 3) {
      const o = f[i]!;
      const len = f[i + 1]!;
      const value = this.text.slice(o, o + len);
      const scalar = this.resolveScalar(value, PLAIN, false);
      (scalar as unknown as ParsedNode).range = [o, o + len, o + len + f[i + 2]!];
      coll.items.push(scalar);
      js.push(scalar.value);
    }
    const cePos = tok.offset + tok.len;
    const ee = tok.end!;
    if (ee.length > 0) {
      const re = this.resolveEnd(ee, cePos, this.options.strict as boolean);
      if (re.comment) coll.comment = re.comment;
      (coll as unknown as ParsedNode).range = [tok.offset, cePos, re.offset];
    } else (coll as unknown as ParsedNode).range = [tok.offset, cePos, cePos];
    return coll;
  }

  /** resolve-props.js for space, comment, newline and one kind of indicator (-1: none expected). */
  resolveProps(out: Props, tokens: Tok[], indicator: number, offset: number, startOnNewline: boolean): Props {
    let spaceBefore = false;
    let atNewline = startOnNewline;
    let hasSpace = startOnNewline;
    let comment = '';
    let commentSep = '';
    let hasNewline = false;
    let found: Tok | null = null;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i]!;
      switch (token.type) {
        case SPACE:
          hasSpace = true;
          break;
        case COMMENT: {
          if (!hasSpace) decline();
          const cb = this.text.slice(token.offset + 1, token.offset + token.len) || ' ';
          if (!comment) comment = cb;
          else comment += commentSep + cb;
          commentSep = '';
          atNewline = false;
          break;
        }
        case NEWLINE:
          if (atNewline) {
            if (comment) comment += '\n';
            else if (!found || indicator !== SEQI) spaceBefore = true;
          } else commentSep += '\n';
          atNewline = true;
          hasNewline = true;
          hasSpace = true;
          break;
        default:
          if (token.type !== indicator || found) decline();
          found = token;
          atNewline = indicator === SEQI;
          hasSpace = false;
      }
    }
    const last = tokens[tokens.length - 1];
    out.found = found;
    out.spaceBefore = spaceBefore;
    out.comment = comment;
    out.hasNewline = hasNewline;
    out.end = last ? last.offset + last.len : offset;
    return out;
  }

  /** resolve-end.js */
  resolveEnd(end: Tok[], offset: number, reqSpace: boolean): { comment: string; offset: number } {
    let comment = '';
    let hasSpace = false;
    let sep = '';
    for (let i = 0; i < end.length; i++) {
      const token = end[i]!;
      switch (token.type) {
        case SPACE:
          hasSpace = true;
          break;
        case COMMENT: {
          if (reqSpace && !hasSpace) decline();
          const cb = this.text.slice(token.offset + 1, token.offset + token.len) || ' ';
          if (!comment) comment = cb;
          else comment += sep + cb;
          sep = '';
          break;
        }
        case NEWLINE:
          if (comment) sep += '\n';
          hasSpace = true;
          break;
        default:
          decline();
      }
      offset += token.len;
    }
    return { comment, offset };
  }
}
