/**
 * The fast reader's data (see index.ts): the lexical tokens, the parser's
 * items and frames (a block collection being built, composed item by item),
 * and the way to give up (decline).
 */
import type { YAMLMap, YAMLSeq } from 'yaml';

// ---------------------------------------------------------------- tokens

export const SPACE = 0;
export const COMMENT = 1;
export const NEWLINE = 2;
export const MAPV = 3; // `:` map-value-ind
export const SEQI = 4; // `-` seq-item-ind
export const PLAIN = 5;
export const SQUOTE = 6;
export const DQUOTE = 7;
export const FLOW = 8; // a whole single-line flow sequence `[a, b]`

export class Tok {
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

export class Item {
  start: Tok[];
  key: Tok | null = null;
  sep: Tok[] | null = null;
  value: Tok | Frame | null = null;
  constructor(start: Tok[]) { this.start = start; }
}

export const ST_DOC = 0;
export const ST_MAP = 1;
export const ST_SEQ = 2;

/** A block collection being built, composed item by item. */
export class Frame {
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

export class DocFrame {
  st = ST_DOC;
  value: Frame | null = null;
  end: Tok[] | null = null;
  constructor(public offset: number) {}
}

export type StackEntry = Tok | Frame | DocFrame;

/**
 * The last item of a mapping whose lines were composed by simpleLine: a
 * finished `key: value` item, whose value's end is its line's newline.
 */
export const DONE = new Item([]);
DONE.sep = [];
DONE.value = new Tok(PLAIN, -1, 0, 0);
DONE.value.end = [new Tok(NEWLINE, -1, 1, 0)];

/** Thrown (once) to give up; the caller parses with the package. */
export const DECLINE = { declined: true };

export function decline(): never {
  throw DECLINE;
}
