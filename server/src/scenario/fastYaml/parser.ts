/**
 * The fast reader's parser (see index.ts): a port of the package's CST
 * parser (parse/parser.js: blockMap, blockSequence, lineEnd, pop) that places
 * every space, comment and newline token where the package places it, and
 * hands each item to the composer as soon as it can no longer change.
 */
import { Composer } from './composer';
import { COMMENT, decline, DocFrame, DONE, DQUOTE, FLOW, Frame, Item, MAPV, NEWLINE, PLAIN, SEQI, SPACE, SQUOTE, ST_MAP, ST_SEQ, Tok, type StackEntry } from './tokens';

// ---------------------------------------------------------------- the parser

/** The reader's parser state and steps; the lexer extends it. */
export class Parser extends Composer {
  // parser state (parse/parser.js)
  stack: StackEntry[] = [];
  atNewLine = true;
  indent = 0;
  onKeyLine = false;
  /** The lexer's indentNext after the last `- `: the dash's column + 1. */
  dashIndentNext = 0;

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
}

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
