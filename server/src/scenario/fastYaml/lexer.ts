/**
 * The fast reader's lexer (see index.ts): reads the text line by line into
 * the package's lexical tokens (space, comment, newline, `:` and `-`
 * indicators, scalars, single-line flow sequences) for the subset, and
 * composes the two most common lines directly, without tokens (simpleLine,
 * simpleSeqLine).
 */
import type { ParsedNode, YAMLMap } from 'yaml';
import { setPlainKey } from '../plainToJS';
import { newPair } from './nodes';
import { Parser } from './parser';
import { COMMENT, decline, DONE, DQUOTE, FLOW, Frame, Item, MAPV, NEWLINE, PLAIN, SEQI, SPACE, SQUOTE, ST_MAP, ST_SEQ, Tok } from './tokens';

// ---------------------------------------------------------------- the lexer

/** The reader's lexer: one line at a time, into the parser. */
export class Lexer extends Parser {
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

const STOP_EOL = 0;
const STOP_COLON = 1;
const STOP_COMMENT = 2;
/** Where the last scanPlain's source ends (exclusive). */
let plainEnd = 0;

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
