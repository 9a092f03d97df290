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
import { Document, isCollection, isPair, isScalar, Pair, Scalar, YAMLMap, YAMLSeq, type ParsedNode } from 'yaml';
import { plainKey, setPlainKey, type PlainValue } from './plainToJS';
import { PARSE_OPTIONS } from './yamlDocument';

// ---------------------------------------------------------------- tokens

const SPACE = 0;
const COMMENT = 1;
const NEWLINE = 2;
const MAPV = 3; // `:` map-value-ind
const SEQI = 4; // `-` seq-item-ind
const PLAIN = 5;
const SQUOTE = 6;
const DQUOTE = 7;
const FLOW = 8; // a whole single-line flow sequence `[a, b]`

class Tok {
  /** Tokens after a scalar or flow sequence on its line (and attached indented comments). */
  end: Tok[] | undefined = undefined;
  /** Flow sequence items: offset, length and trailing spaces, three numbers per item. */
  flow: number[] | undefined = undefined;
  constructor(
    public type: number,
    public offset: number,
    public len: number,
    public indent: number,
  ) {}
}

class Item {
  start: Tok[];
  key: Tok | null = null;
  sep: Tok[] | null = null;
  value: Tok | Frame | null = null;
  constructor(start: Tok[]) { this.start = start; }
}

const ST_DOC = 0;
const ST_MAP = 1;
const ST_SEQ = 2;

/** A block collection being built, composed item by item. */
class Frame {
  items: (Item | null)[];
  /** Items before this index are composed. */
  flushed = 0;
  /** resolve-block-map / resolve-block-seq: `offset` and `commentEnd`. */
  cOffset: number;
  commentEnd: number | null = null;
  node: YAMLMap | YAMLSeq | null = null;
  /** The node's JS value (plainToJS.ts), filled as its items are composed; made with the node. */
  js: Record<string, unknown> | unknown[] | null = null;
  constructor(public st: number, public offset: number, public indent: number, first: Item) {
    this.items = [first];
    this.cOffset = offset;
  }
}

class DocFrame {
  st = ST_DOC;
  value: Frame | null = null;
  end: Tok[] | null = null;
  constructor(public offset: number) {}
}

type StackEntry = Tok | Frame | DocFrame;

/**
 * The last item of a mapping whose lines were composed by simpleLine: a
 * finished `key: value` item, whose value's end is its line's newline.
 */
const DONE = new Item([]);
DONE.sep = [];
DONE.value = new Tok(PLAIN, -1, 0, 0);
DONE.value.end = [new Tok(NEWLINE, -1, 1, 0)];

/** Thrown (once) to give up; the caller parses with the package. */
const DECLINE = { declined: true };

function decline(): never {
  throw DECLINE;
}

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

/** The package's Directives class (not exported), for a document made as the composer makes it. */
let DirectivesClass: (new (opts: { version: string }) => unknown) | undefined;

const SCALAR_KEY = Symbol.for('yaml.scalar');

// ---------------------------------------------------------------- nodes

/**
 * The package's node-type key: `isScalar`, `isPair`, `isMap`, `isSeq`,
 * `isNode`, `isCollection` (and with them visit, toJS, clone, toString) read
 * `node[NODE_TYPE]`.
 */
const NODE_TYPE = Symbol.for('yaml.node.type');

/**
 * Node constructors that make the package's nodes without running its
 * constructors, whose `Object.defineProperty(this, NODE_TYPE, …)` per node is
 * most of the cost of making a node. Each one's prototype is an object made
 * once per class, whose prototype is the class's prototype and which carries
 * NODE_TYPE with the package's own value and attributes (non-enumerable,
 * non-writable, non-configurable). A node made so has the same own
 * properties, in the same order and with the same attributes, as the
 * package's constructor gives it, except NODE_TYPE, which it inherits:
 * `node[NODE_TYPE]`, `instanceof`, `constructor` (the class's, through the
 * prototype chain), the methods, enumeration (for-in, Object.keys, spreads,
 * JSON, util.inspect even with showHidden) and assignment (strict-mode
 * TypeError for NODE_TYPE) behave the same;
 * `clone()` copies the prototype and the own properties, so clones inherit
 * NODE_TYPE the same way. Only reflection on own symbols
 * (Object.getOwnPropertySymbols, Reflect.ownKeys, hasOwnProperty(NODE_TYPE),
 * redefining NODE_TYPE) and Object.getPrototypeOf tell them apart, and neither the package nor the
 * server uses those on nodes except clone (see test/unit/fastYaml.test.ts).
 * Checked once against the package's own nodes: when its constructors make
 * anything else (another version), the package's constructors are used.
 */
interface NodeFactories {
  scalar: (value: unknown) => Scalar;
  pair: (key: unknown, value: unknown) => Pair;
  map: (schema: unknown) => YAMLMap;
  seq: (schema: unknown) => YAMLSeq;
}

function nodeProto(cls: { prototype: object }, sample: object): object {
  const proto = Object.create(cls.prototype) as object;
  Object.defineProperty(proto, NODE_TYPE, { value: (sample as Record<symbol, unknown>)[NODE_TYPE] });
  return proto;
}

/** Own keys and attributes of a node, in Reflect.ownKeys order (strings, then NODE_TYPE when own). */
function ownShape(node: object): string {
  const d = Object.getOwnPropertyDescriptors(node) as Record<string | symbol, PropertyDescriptor>;
  return Reflect.ownKeys(node)
    .map((k) => `${String(k)}:${d[k]!.enumerable}${d[k]!.writable}${d[k]!.configurable}${typeof d[k]!.value === 'symbol' ? String(d[k]!.value) : ''}`)
    .join(',');
}

function nodeFactories(): NodeFactories {
  const Sc = Scalar;
  const Pa = Pair;
  const Ma = YAMLMap;
  const Se = YAMLSeq;
  const viaPackage: NodeFactories = {
    scalar: (value) => new Sc(value),
    pair: (key, value) => new Pa(key, value),
    map: (schema) => new Ma(schema as never),
    seq: (schema) => new Se(schema as never),
  };
  const schema = {};
  const samples = [new Sc(1), new Pa(1, 2), new Ma(schema as never), new Se(schema as never)] as const;
  const nodeType = (type: string) => `Symbol(yaml.node.type):falsefalsefalseSymbol(yaml.${type})`;
  const expected = [
    `value:truetruetrue,${nodeType('scalar')}`,
    `key:truetruetrue,value:truetruetrue,${nodeType('pair')}`,
    `schema:falsetruetrue,items:truetruetrue,${nodeType('map')}`,
    `schema:falsetruetrue,items:truetruetrue,${nodeType('seq')}`,
  ];
  for (let i = 0; i < samples.length; i++) if (ownShape(samples[i]) !== expected[i]) return viaPackage;
  // Plain constructor functions (not Object.create) so that V8 sizes the
  // nodes' in-object fields from the fields set after construction too.
  const ScalarNode = function (this: { value: unknown }, value: unknown) {
    this.value = value;
  } as unknown as new (value: unknown) => Scalar;
  ScalarNode.prototype = nodeProto(Sc, samples[0]);
  const PairNode = function (this: { key: unknown; value: unknown }, key: unknown, value: unknown) {
    this.key = key;
    this.value = value;
  } as unknown as new (key: unknown, value: unknown) => Pair;
  PairNode.prototype = nodeProto(Pa, samples[1]);
  // Collection's constructor: `schema` (non-enumerable, writable, configurable), then YAMLMap/YAMLSeq's `items`.
  const collection = (proto: object) => {
    const C = function (this: { items: unknown[] }, schema: unknown) {
      Object.defineProperty(this, 'schema', { value: schema, configurable: true, enumerable: false, writable: true });
      this.items = [];
    } as unknown as new (schema: unknown) => YAMLMap & YAMLSeq;
    C.prototype = proto;
    return C;
  };
  const MapNode = collection(nodeProto(Ma, samples[2]));
  const SeqNode = collection(nodeProto(Se, samples[3]));
  const made = [new ScalarNode(1), new PairNode(1, 2), new MapNode(schema), new SeqNode(schema)];
  const own = ['value:truetruetrue', 'key:truetruetrue,value:truetruetrue', 'schema:falsetruetrue,items:truetruetrue', 'schema:falsetruetrue,items:truetruetrue'];
  for (let i = 0; i < made.length; i++) {
    if (ownShape(made[i]!) !== own[i] || !(made[i] instanceof samples[i]!.constructor)) return viaPackage;
    if ((made[i] as unknown as Record<symbol, unknown>)[NODE_TYPE] !== (samples[i] as unknown as Record<symbol, unknown>)[NODE_TYPE]) return viaPackage;
  }
  return {
    scalar: (value) => new ScalarNode(value),
    pair: (key, value) => new PairNode(key, value),
    map: (schema) => new MapNode(schema),
    seq: (schema) => new SeqNode(schema),
  };
}

const nodes = nodeFactories();
const newScalar = nodes.scalar;
const newPair = nodes.pair;
const newMap = nodes.map;
const newSeq = nodes.seq;
const PLAIN_TYPE = Scalar.PLAIN;
const QUOTE_SINGLE_TYPE = Scalar.QUOTE_SINGLE;
const QUOTE_DOUBLE_TYPE = Scalar.QUOTE_DOUBLE;

interface TagLike {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  collection?: string;
  resolve: (value: string, onError: (msg: string) => void, options: unknown) => unknown;
}

// ---------------------------------------------------------------- the reader

class Reader {
  readonly text: string;
  readonly n: number;
  // parser state (parse/parser.js)
  stack: StackEntry[] = [];
  atNewLine = true;
  indent = 0;
  onKeyLine = false;
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

  // ------------------------------------------------------------ lexer

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

  /** Lexes one line starting at `pos`; returns the next line's start. */
  line(pos: number): number {
    const text = this.text;
    const n = this.n;
    let i = pos;
    while (text.charCodeAt(i) === 32) i++;
    const ind = i - pos;
    const c = i < n ? text.charCodeAt(i) : -1;
    if (c === -1 || c === 10) {
      // blank line
      if (ind > 0) this.next(new Tok(SPACE, pos, ind, 0));
      if (c === 10) { this.next(new Tok(NEWLINE, i, 1, 0)); return i + 1; }
      return n;
    }
    if (c === 35) {
      if (ind > 0) this.next(new Tok(SPACE, pos, ind, 0));
      return this.commentToEol(i);
    }
    if (ind === 0 && (c === 45 || c === 46)) {
      // document markers `---` and `...`
      const s = text.substr(i, 3);
      if ((s === '---' || s === '...') && isEmptyAt(text, i + 3)) decline();
    }
    if (c === 45) {
      if (text.charCodeAt(i + 1) === 32) {
        const next = this.simpleSeqLine(i, ind);
        if (next >= 0) return next;
      }
    } else if (c !== 63 && c !== 58) {
      const next = this.simpleLine(i, ind);
      if (next >= 0) return next;
    }
    if (ind > 0) this.next(new Tok(SPACE, pos, ind, 0));
    let indentValue = ind;
    let allowBare = false;
    if (c === 45 && isEmptyAt(text, i + 1)) {
      // `- ` sequence item
      if (i + 1 >= n || text.charCodeAt(i + 1) === 10) decline(); // empty item
      this.next(new Tok(SEQI, i, 1, 0));
      let j = i + 1;
      while (text.charCodeAt(j) === 32) j++;
      this.next(new Tok(SPACE, i + 1, j - i - 1, 0));
      const c2 = j < n ? text.charCodeAt(j) : -1;
      if (c2 === -1 || c2 === 10 || c2 === 35) decline(); // empty item, or with a comment
      if ((c2 === 45 || c2 === 63 || c2 === 58) && isEmptyAt(text, j + 1)) decline(); // nested indicator
      indentValue += j - i;
      i = j;
      allowBare = true;
    } else if ((c === 63 || c === 58) && isEmptyAt(text, i + 1)) {
      decline(); // explicit key or empty key
    }
    return this.entry(i, indentValue, allowBare);
  }

  /**
   * The common line `key: value` (optionally with a trailing comment) right
   * after a finished `key: value` line of the same mapping, composed without
   * tokens. The token path would: push an item with the indentation as its
   * start, give it the key, the separator `:` plus spaces, and the value with
   * its end tokens; nothing can change that item afterwards unless the next
   * non-blank line is an indented comment (which attaches to the value's end)
   * or a deeper line, so those go the token path. -1: not such a line.
   */
  simpleLine(p: number, ind: number): number {
    const top = this.stack[this.stack.length - 1];
    if (!(top instanceof Frame) || top.st !== ST_MAP || top.indent !== ind || !finishedLast(top)) return -1;
    if (!this.scanSimplePair(p, ind)) return -1;
    // Commit: every earlier item of this mapping is final.
    this.flushAll(top);
    this.addSimplePair(top, p);
    return sp.e + 1;
  }

  /**
   * The common line `- key: value` (optionally with a trailing comment) that
   * starts the next item of a sequence whose previous item is a mapping that
   * ended with a finished `key: value` line. The token path would: pop that
   * mapping into the previous item (its pending indentation item moving to
   * the sequence, carrying no comment), start a sequence item with `-` and
   * spaces (no comment, no blank line), and push a new mapping holding the
   * pair. -1: not such a line.
   */
  simpleSeqLine(dash: number, ind: number): number {
    const n = this.stack.length;
    const top = this.stack[n - 1];
    const seq = this.stack[n - 2];
    if (!(top instanceof Frame) || top.st !== ST_MAP || !(seq instanceof Frame) || seq.st !== ST_SEQ) return -1;
    if (seq.indent !== ind || top.indent <= ind || !finishedLast(top)) return -1;
    const seqItem = seq.items[seq.items.length - 1]!;
    if (seqItem.value || seqItem === DONE) return -1;
    const text = this.text;
    let p = dash + 1;
    while (text.charCodeAt(p) === 32) p++;
    if (p === dash + 1) return -1;
    const keyCol = ind + (p - dash);
    if (!this.scanSimplePair(p, keyCol)) return -1;
    // Commit: pop the previous item's mapping into its sequence item.
    this.stack.pop();
    seqItem.value = top;
    this.finish(top);
    const dashTok = new Tok(SEQI, dash, 1, ind);
    this.pushItem(seq, new Item([dashTok]));
    this.dashIndentNext = ind + 1;
    const map = new Frame(ST_MAP, p, keyCol, DONE);
    map.flushed = 1;
    this.stack.push(map);
    this.addSimplePair(map, p);
    return sp.e + 1;
  }

  /**
   * Scans `key: value[ # comment]\n` at `p` into `sp`; false when the line is
   * anything else or the next non-blank line is indented more than `indent`
   * (a continuation, a wrong indentation or a comment that would attach to
   * the value).
   */
  scanSimplePair(p: number, indent: number): boolean {
    const text = this.text;
    const n = this.n;
    const c = text.charCodeAt(p);
    let keyType = PLAIN;
    let keyEnd: number;
    if (c === 34 || c === 39) {
      keyEnd = this.quotedEnd(p, c);
      keyType = c === 34 ? DQUOTE : SQUOTE;
    } else {
      if (!plainStart(text, p) || this.scanPlain(p) !== STOP_COLON) return false;
      keyEnd = plainEnd;
    }
    if (text.charCodeAt(keyEnd) !== 58 || keyEnd - p > 1000) return false;
    let v = keyEnd + 1;
    while (text.charCodeAt(v) === 32) v++;
    if (v === keyEnd + 1 || v >= n) return false;
    const vc = text.charCodeAt(v);
    let valueType = PLAIN;
    let ve: number;
    if (vc === 34 || vc === 39) {
      ve = this.quotedEnd(v, vc);
      valueType = vc === 34 ? DQUOTE : SQUOTE;
    } else {
      if (vc === 10 || vc === 91 || !plainStart(text, v) || this.scanPlain(v) === STOP_COLON) return false;
      ve = plainEnd;
    }
    let j = ve;
    while (text.charCodeAt(j) === 32) j++;
    let e = j;
    let hasComment = false;
    if (text.charCodeAt(j) === 35) {
      if (j === ve) return false;
      e = text.indexOf('\n', j);
      hasComment = true;
    }
    if (e < 0 || e >= n || text.charCodeAt(e) !== 10) return false;
    let q = e + 1;
    for (;;) {
      const ls = q;
      while (text.charCodeAt(q) === 32) q++;
      if (q >= n) break;
      if (text.charCodeAt(q) === 10) { q++; continue; }
      if (q - ls > indent) return false;
      break;
    }
    sp.keyType = keyType;
    sp.keyEnd = keyEnd;
    sp.v = v;
    sp.valueType = valueType;
    sp.ve = ve;
    sp.j = j;
    sp.e = e;
    sp.hasComment = hasComment;
    return true;
  }

  /** The pair scanned into `sp`, composed as the token path would compose it. */
  addSimplePair(map: Frame, p: number): void {
    const text = this.text;
    const { keyType, keyEnd, v, valueType, ve, j, e } = sp;
    const keyNode = keyType === PLAIN ? this.plainScalar(p, keyEnd, true) : this.resolveScalar(this.quotedValue(p, keyEnd, keyType), keyType, true);
    (keyNode as unknown as ParsedNode).range = [p, keyEnd, keyEnd];
    const valueNode = valueType === PLAIN ? this.plainScalar(v, ve, false) : this.resolveScalar(this.quotedValue(v, ve, valueType), valueType, false);
    (valueNode as unknown as ParsedNode).range = [v, ve, e + 1];
    if (sp.hasComment) valueNode.comment = text.slice(j + 1, e) || ' ';
    (this.nodeOf(map) as YAMLMap).items.push(newPair(keyNode, valueNode));
    setPlainKey(map.js as Record<string, unknown>, this.keyOf(keyNode), valueNode.value);
    map.cOffset = e + 1;
    map.items = [DONE];
    map.flushed = 1;
  }

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

  /** A comment from `i` to the end of its line, then the newline. */
  commentToEol(i: number): number {
    let e = this.text.indexOf('\n', i);
    if (e < 0) e = this.n;
    this.next(new Tok(COMMENT, i, e - i, 0));
    if (e < this.n) { this.next(new Tok(NEWLINE, e, 1, 0)); return e + 1; }
    return this.n;
  }

  /** The rest of a line after a value: spaces, an optional comment, the newline. */
  lineRest(i: number): number {
    const text = this.text;
    let j = i;
    while (text.charCodeAt(j) === 32) j++;
    if (j > i) this.next(new Tok(SPACE, i, j - i, 0));
    if (j >= this.n) return this.n;
    const c = text.charCodeAt(j);
    if (c === 10) { this.next(new Tok(NEWLINE, j, 1, 0)); return j + 1; }
    if (c === 35 && j > i) return this.commentToEol(j);
    return decline();
  }

  /** A key (with `:` and its value) or, after `- `, a bare scalar value. */
  entry(p: number, indentValue: number, allowBare: boolean): number {
    const text = this.text;
    const c = text.charCodeAt(p);
    let keyEnd: number; // end of the key scalar's source
    let type: number;
    if (c === 34 || c === 39) {
      keyEnd = this.quotedEnd(p, c);
      type = c === 34 ? DQUOTE : SQUOTE;
      if (!(text.charCodeAt(keyEnd) === 58 && isEmptyAt(text, keyEnd + 1))) {
        if (!allowBare) decline();
        this.next(new Tok(type, p, keyEnd - p, 0));
        return this.valueEnd(keyEnd);
      }
    } else {
      if (!plainStart(text, p)) decline();
      const r = this.scanPlain(p);
      keyEnd = plainEnd;
      type = PLAIN;
      if (r !== STOP_COLON) {
        if (!allowBare) decline();
        this.next(new Tok(PLAIN, p, keyEnd - p, 0));
        if (r === STOP_EOL) this.checkNoContinuation(keyEnd, this.dashIndentNext);
        return this.lineRest(keyEnd);
      }
      if (text.charCodeAt(keyEnd) !== 58) decline(); // space before `:`
    }
    this.next(new Tok(type, p, keyEnd - p, 0));
    this.next(new Tok(MAPV, keyEnd, 1, 0));
    const indentNext = indentValue + 1;
    let j = keyEnd + 1;
    while (text.charCodeAt(j) === 32) j++;
    if (j > keyEnd + 1) this.next(new Tok(SPACE, keyEnd + 1, j - keyEnd - 1, 0));
    if (j >= this.n) return this.n;
    const v = text.charCodeAt(j);
    if (v === 10) { this.next(new Tok(NEWLINE, j, 1, 0)); return j + 1; }
    if (v === 35) {
      if (j === keyEnd + 1) decline();
      return this.commentToEol(j);
    }
    if (j === keyEnd + 1) decline(); // `a:b` is a plain scalar; cannot happen after the scan
    if (v === 34 || v === 39) {
      const e = this.quotedEnd(j, v);
      this.next(new Tok(v === 34 ? DQUOTE : SQUOTE, j, e - j, 0));
      return this.valueEnd(e);
    }
    if (v === 91) return this.flowSeq(j);
    if (!plainStart(text, j)) decline();
    const r = this.scanPlain(j);
    if (r === STOP_COLON) decline(); // `a: b: c`
    const e = plainEnd;
    this.next(new Tok(PLAIN, j, e - j, 0));
    if (r === STOP_EOL) this.checkNoContinuation(e, indentNext);
    return this.lineRest(e);
  }

  /** The lexer's indentNext after the last `- `: the dash's column + 1. */
  dashIndentNext = 0;

  /** After a quoted value: only spaces, a comment after a space, or the line end. */
  valueEnd(e: number): number {
    const c = this.text.charCodeAt(e);
    if (e < this.n && c !== 32 && c !== 10) decline();
    return this.lineRest(e);
  }

  /** End (exclusive) of a single-line quoted scalar starting at `p`. */
  quotedEnd(p: number, q: number): number {
    const text = this.text;
    let i = p + 1;
    for (;;) {
      if (i >= this.n) decline();
      const c = text.charCodeAt(i);
      if (c === 10 || c === 92) decline(); // multi-line, or an escape
      if (c === q) {
        if (q === 39 && text.charCodeAt(i + 1) === 39) { i += 2; continue; }
        return i + 1;
      }
      i++;
    }
  }

  /**
   * Lexer.parsePlainScalar on one line (block context): stops at `: `, ` #` or
   * the line end; the source ends at its last non-space character (plainEnd).
   */
  scanPlain(p: number): number {
    const text = this.text;
    const n = this.n;
    let end = p - 1;
    let i = p;
    for (;;) {
      if (i >= n) { plainEnd = end + 1; return STOP_EOL; }
      const ch = text.charCodeAt(i);
      if (ch === 10) { plainEnd = end + 1; return STOP_EOL; }
      if (ch === 58) {
        if (isEmptyAt(text, i + 1)) { plainEnd = end + 1; return STOP_COLON; }
        end = i;
      } else if (ch === 32) {
        if (text.charCodeAt(i + 1) === 35) { plainEnd = end + 1; return STOP_COMMENT; }
      } else end = i;
      i++;
    }
  }

  /**
   * A plain scalar that reached its line end continues on the next non-blank
   * line when that line is indented at least `indentNext` and is not a comment
   * (Lexer.continueScalar): multi-line scalars are declined.
   */
  checkNoContinuation(e: number, indentNext: number): void {
    const text = this.text;
    let i = e;
    while (text.charCodeAt(i) === 32) i++;
    // i is at the newline (or the end)
    for (;;) {
      if (i >= this.n) return;
      i++; // past '\n'
      const ls = i;
      while (text.charCodeAt(i) === 32) i++;
      if (i >= this.n) return;
      const c = text.charCodeAt(i);
      if (c === 10) continue; // blank line: the scalar may still continue
      if (i - ls >= indentNext && c !== 35) decline();
      return;
    }
  }

  /** A single-line flow sequence of plain scalars at `q` (the `[`). */
  flowSeq(q: number): number {
    const text = this.text;
    const n = this.n;
    const items: number[] = [];
    let i = q + 1;
    if (text.charCodeAt(i) !== 93) {
      for (;;) {
        const p = i;
        if (i >= n) decline();
        const c = text.charCodeAt(i);
        // plain start in flow context
        if (c === 32 || c === 10 || isIndicatorCode(c)) decline();
        if ((c === 45 || c === 63) && isEmptyOrFlowAt(text, i + 1)) decline();
        let end = p;
        for (;;) {
          if (i >= n) decline();
          const ch = text.charCodeAt(i);
          if (ch === 44 || ch === 93) break;
          if (ch === 10 || ch === 58 || ch === 35 || ch === 91 || ch === 123 || ch === 125 || ch === 34 || ch === 39) decline();
          if (ch !== 32) end = i + 1;
          i++;
        }
        items.push(p, end - p, i - end);
        if (text.charCodeAt(i) === 93) break;
        // `,` then spaces
        i++;
        while (text.charCodeAt(i) === 32) i++;
        if (text.charCodeAt(i) === 93) decline(); // trailing comma
      }
    }
    const ce = i + 1;
    const tok = new Tok(FLOW, q, ce - q, 0);
    tok.flow = items;
    tok.end = [];
    this.next(tok);
    const c = text.charCodeAt(ce);
    if (ce < n && c !== 32 && c !== 10) decline();
    return this.lineRest(ce);
  }

  // ------------------------------------------------------------ parser (parse/parser.js)

  next(tok: Tok): void {
    const type = tok.type;
    if (type >= PLAIN) {
      this.atNewLine = false;
      tok.indent = this.indent;
      this.step(tok);
      return;
    }
    tok.indent = this.indent;
    this.step(tok);
    switch (type) {
      case NEWLINE:
        this.atNewLine = true;
        this.indent = 0;
        break;
      case SPACE:
        if (this.atNewLine) this.indent += tok.len;
        break;
      case MAPV:
      case SEQI:
        if (this.atNewLine) this.indent += 1;
        if (type === SEQI) this.dashIndentNext = tok.indent + 1;
        break;
      default:
        this.atNewLine = false;
    }
  }

  step(tok: Tok): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) return decline();
    if (top instanceof Tok) {
      if (top.type === FLOW) return this.flowCollection(top, tok);
      return this.scalar(top, tok);
    }
    if (top instanceof DocFrame) return this.document(top, tok);
    if (top.st === ST_MAP) return this.blockMap(top, tok);
    return this.blockSequence(top, tok);
  }

  document(doc: DocFrame, tok: Tok): void {
    if (doc.value) return decline();
    if (tok.type === PLAIN || tok.type === SQUOTE || tok.type === DQUOTE) {
      this.stack.push(tok);
      return;
    }
    decline(); // root sequences, flow collections, indented roots
  }

  scalar(s: Tok, tok: Tok): void {
    if (tok.type === MAPV) {
      const parent = this.stack[this.stack.length - 2]!;
      const prev = this.getPrevProps(parent);
      const start = getFirstKeyStartProps(prev);
      let sep: Tok[];
      if (s.end) {
        sep = s.end;
        sep.push(tok);
        s.end = undefined;
      } else sep = [tok];
      const item = new Item(start);
      item.key = s;
      item.sep = sep;
      const map = new Frame(ST_MAP, s.offset, s.indent, item);
      this.onKeyLine = true;
      this.stack[this.stack.length - 1] = map;
    } else this.lineEnd(s, tok);
  }

  getPrevProps(parent: StackEntry): Tok[] {
    if (parent instanceof DocFrame) return [];
    if (parent instanceof Frame) {
      const it = parent.items[parent.items.length - 1]!;
      if (parent.st === ST_MAP) return it.sep ?? it.start;
      return it.start;
    }
    return [];
  }

  lineEnd(token: Tok, tok: Tok): void {
    switch (tok.type) {
      case MAPV:
        this.pop();
        this.step(tok);
        return;
      case NEWLINE:
      case SPACE:
      case COMMENT:
        if (tok.type === NEWLINE) this.onKeyLine = false;
        if (token.end) token.end.push(tok);
        else token.end = [tok];
        if (tok.type === NEWLINE) this.pop();
        return;
      default:
        decline(); // an error token in the package
    }
  }

  flowCollection(fc: Tok, tok: Tok): void {
    const parent = this.stack[this.stack.length - 2]!;
    if (parent instanceof Frame && parent.st === ST_MAP &&
      ((tok.type === MAPV && parent.indent === fc.indent) ||
        (tok.type === NEWLINE && !parent.items[parent.items.length - 1]!.sep))) {
      this.pop();
      this.step(tok);
    } else if (tok.type === MAPV) {
      decline(); // a flow collection as a key
    } else this.lineEnd(fc, tok);
  }

  blockMap(map: Frame, tok: Tok): void {
    const items = map.items;
    const it = items[items.length - 1]!;
    switch (tok.type) {
      case NEWLINE:
        this.onKeyLine = false;
        if (it.value) {
          const end = endOf(it.value);
          const last = end ? end[end.length - 1] : undefined;
          if (last?.type === COMMENT) end!.push(tok);
          else this.pushItem(map, new Item([tok]));
        } else if (it.sep) it.sep.push(tok);
        else it.start.push(tok);
        return;
      case SPACE:
      case COMMENT:
        if (it.value) this.pushItem(map, new Item([tok]));
        else if (it.sep) it.sep.push(tok);
        else {
          if (this.movedToPreviousEnd(tok, it, items, map.indent)) return;
          it.start.push(tok);
        }
        return;
    }
    if (this.indent >= map.indent) {
      const atMapIndent = !this.onKeyLine && this.indent === map.indent;
      const atNextItem = atMapIndent && it.sep !== null && tok.type !== SEQI;
      let start: Tok[] = [];
      if (atNextItem && it.sep && !it.value) {
        const nl: number[] = [];
        const sep = it.sep;
        for (let i = 0; i < sep.length; ++i) {
          const st = sep[i]!;
          switch (st.type) {
            case NEWLINE: nl.push(i); break;
            case SPACE: break;
            case COMMENT: if (st.indent > map.indent) nl.length = 0; break;
            default: nl.length = 0;
          }
        }
        if (nl.length >= 2) start = sep.splice(nl[1]!);
      }
      switch (tok.type) {
        case MAPV:
          if (!it.sep || it.value || atNextItem) return decline(); // empty keys
          for (const st of it.sep) if (st.type === MAPV) return decline();
          it.sep.push(tok);
          this.onKeyLine = true;
          return;
        case PLAIN:
        case SQUOTE:
        case DQUOTE:
          if (atNextItem || it.value) {
            const item = new Item(start);
            item.key = tok;
            item.sep = [];
            this.pushItem(map, item);
            this.onKeyLine = true;
          } else if (it.sep) {
            this.stack.push(tok);
          } else {
            it.key = tok;
            it.sep = [];
            this.onKeyLine = true;
          }
          return;
        default: {
          const bv = this.startBlockValue(tok);
          if (bv) {
            if (bv instanceof Frame) {
              // a block sequence
              if (it.sep && !includesToken(it.sep, NEWLINE)) return decline();
            } else if (atMapIndent) {
              this.pushItem(map, new Item(start));
            }
            this.stack.push(bv);
            return;
          }
        }
      }
    }
    this.pop();
    this.step(tok);
  }

  blockSequence(seq: Frame, tok: Tok): void {
    const items = seq.items;
    const it = items[items.length - 1]!;
    switch (tok.type) {
      case NEWLINE:
        if (it.value) {
          const end = endOf(it.value);
          const last = end ? end[end.length - 1] : undefined;
          if (last?.type === COMMENT) end!.push(tok);
          else this.pushItem(seq, new Item([tok]));
        } else it.start.push(tok);
        return;
      case SPACE:
      case COMMENT:
        if (it.value) this.pushItem(seq, new Item([tok]));
        else {
          if (this.movedToPreviousEnd(tok, it, items, seq.indent)) return;
          it.start.push(tok);
        }
        return;
      case SEQI:
        if (this.indent !== seq.indent) break;
        if (it.value || includesToken(it.start, SEQI)) this.pushItem(seq, new Item([tok]));
        else it.start.push(tok);
        return;
    }
    if (this.indent > seq.indent) {
      const bv = this.startBlockValue(tok);
      if (bv) {
        this.stack.push(bv);
        return;
      }
    }
    this.pop();
    this.step(tok);
  }

  startBlockValue(tok: Tok): Tok | Frame | null {
    switch (tok.type) {
      case PLAIN:
      case SQUOTE:
      case DQUOTE:
      case FLOW:
        return tok;
      case SEQI:
        return new Frame(ST_SEQ, tok.offset, this.indent, new Item([tok]));
      case MAPV:
        return decline(); // an empty key
    }
    return null;
  }

  /**
   * An indented comment line that starts what would be the next item belongs
   * to the end of the previous item's value instead (the package's parser
   * does this in block maps and sequences alike): moves it and the item's
   * start tokens there, and says whether it did.
   */
  movedToPreviousEnd(tok: Tok, it: Item, items: (Item | null)[], indent: number): boolean {
    if (!this.atIndentedComment(tok, it.start, indent)) return false;
    const prev = items[items.length - 2];
    if (prev === DONE) decline(); // not reached: simpleLine looks ahead
    const end = prev?.value ? endOf(prev.value) : undefined;
    if (!end) return false;
    for (const st of it.start) end.push(st);
    end.push(tok);
    items.pop();
    return true;
  }

  atIndentedComment(tok: Tok, start: Tok[], indent: number): boolean {
    if (tok.type !== COMMENT) return false;
    if (this.indent <= indent) return false;
    for (const st of start) if (st.type !== NEWLINE && st.type !== SPACE) return false;
    return true;
  }

  pop(): void {
    const token = this.stack.pop()!;
    if (this.stack.length === 0) return; // the document
    const top = this.stack[this.stack.length - 1]!;
    if (token instanceof DocFrame) return decline();
    if (top instanceof DocFrame) {
      if (!(token instanceof Frame)) return decline(); // a root scalar
      top.value = token;
    } else if (top instanceof Tok) {
      return decline();
    } else if (top.st === ST_MAP) {
      const it = top.items[top.items.length - 1]!;
      if (it.value) return decline(); // would become a key
      else if (it.sep) it.value = token;
      else return decline(); // a collection as a key
    } else {
      const it = top.items[top.items.length - 1]!;
      if (it.value) return decline(); // 'Sequence item without - indicator'
      it.value = token;
    }
    if (token instanceof Frame) {
      const items = token.items;
      const last = items[items.length - 1];
      if (last && !last.sep && !last.value && last.start.length > 0 && findNonEmptyIndex(last.start) === -1 &&
        (token.indent === 0 || last.start.every((st) => st.type !== COMMENT || st.indent < token.indent))) {
        if (top instanceof DocFrame) top.end = last.start;
        else this.pushItem(top as Frame, new Item(last.start));
        items.pop();
      }
      this.finish(token);
    }
  }

  pushItem(frame: Frame, item: Item): void {
    const items = frame.items;
    items.push(item);
    // Only the last two items can still change (atIndentedComment, separator split).
    const upTo = items.length - 2;
    while (frame.flushed < upTo) {
      const it = items[frame.flushed]!;
      if (it !== DONE) this.composeItem(frame, it);
      items[frame.flushed++] = null;
    }
  }

  // ------------------------------------------------------------ composer

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

/** What scanSimplePair found. */
const sp = { keyType: PLAIN, keyEnd: 0, v: 0, valueType: PLAIN, ve: 0, j: 0, e: 0, hasComment: false };

/** Whether a mapping's last item is a finished `key: value` line (its value ended by the newline). */
function finishedLast(map: Frame): boolean {
  const it = map.items[map.items.length - 1]!;
  if (it === DONE) return true;
  const v = it.value;
  return v instanceof Tok && v.type !== FLOW && !!v.end && v.end[v.end.length - 1]!.type === NEWLINE;
}

const INTERN_MASK = 4095;

const MERGE_TAG = 'tag:yaml.org,2002:merge';

/** Mappings up to this many pairs compare keys pairwise instead of building a Map (as in duplicateKeys.ts). */
const SMALL_MAP = 8;

const STOP_EOL = 0;
const STOP_COLON = 1;
const STOP_COMMENT = 2;
/** Where the last scanPlain's source ends (exclusive). */
let plainEnd = 0;

function endOf(value: Tok | Frame): Tok[] | undefined {
  return value instanceof Tok ? value.end : undefined;
}

function includesToken(list: Tok[], type: number): boolean {
  for (let i = 0; i < list.length; ++i) if (list[i]!.type === type) return true;
  return false;
}

function findNonEmptyIndex(list: Tok[]): number {
  for (let i = 0; i < list.length; ++i) {
    const t = list[i]!.type;
    if (t !== SPACE && t !== COMMENT && t !== NEWLINE) return i;
  }
  return -1;
}

/** parser.js getFirstKeyStartProps: the tokens after the last line break or indicator, past its spaces. */
function getFirstKeyStartProps(prev: Tok[]): Tok[] {
  if (prev.length === 0) return [];
  let i = prev.length;
  while (--i >= 0) {
    const t = prev[i]!.type;
    if (t === MAPV || t === SEQI || t === NEWLINE) break;
  }
  while (prev[++i]?.type === SPACE) { /* loop */ }
  return prev.splice(i, prev.length);
}

/** Lexer isEmpty: end of input, space, newline (tabs and CR are declined up front). */
function isEmptyAt(text: string, i: number): boolean {
  if (i >= text.length) return true;
  const c = text.charCodeAt(i);
  return c === 32 || c === 10;
}

function isEmptyOrFlowAt(text: string, i: number): boolean {
  if (isEmptyAt(text, i)) return true;
  const c = text.charCodeAt(i);
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}

/** Characters that cannot start a plain scalar here: indicators, quotes, reserved and flow characters. */
function isIndicatorCode(c: number): boolean {
  switch (c) {
    case 35: // #
    case 91: case 93: case 123: case 125: case 44: // [ ] { } ,
    case 42: case 38: case 33: // * & !
    case 124: case 62: // | >
    case 34: case 39: // quotes
    case 37: case 64: case 96: // % @ `
      return true;
  }
  return false;
}

/** May a plain scalar (block context) start at `p`? */
function plainStart(text: string, p: number): boolean {
  const c = text.charCodeAt(p);
  if (isIndicatorCode(c)) return false;
  if ((c === 45 || c === 63 || c === 58) && isEmptyAt(text, p + 1)) return false;
  return true;
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
