/**
 * Offsets to line and column the way editors count them: UTF-16 code units,
 * with `\r\n`, `\r` and `\n` each ending a line (as LSP text documents do), so
 * the CLI and the reports point where the editor's Problems panel points.
 */

/** A 0-based line and UTF-16 column. */
export interface Position {
  line: number;
  character: number;
}

/** Line starts of one text, for repeated offset look-ups. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        this.starts.push(i + 1);
      }
    }
  }

  /** The 0-based position of `offset` (clamped to the text). */
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo]! };
  }
}
