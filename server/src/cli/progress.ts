/**
 * A one-line progress bar on a terminal's stderr, for long `check` runs. It
 * draws only on a terminal and only for many files (a pipe, a file or a CI log
 * gets nothing), repaints at most every 50 ms, and clears itself at the end so
 * the problem lines are all that stays.
 */
import type { Stream } from './io';

/** Fewer files than this finish before a bar would be worth reading. */
export const PROGRESS_MIN_FILES = 20;

export interface Progress {
  tick(label: string): void;
  done(): void;
}

const NONE: Progress = { tick: () => undefined, done: () => undefined };

export function progressBar(stream: Stream, total: number, enabled: boolean, now: () => number = Date.now): Progress {
  if (!enabled || !stream.isTTY || total < PROGRESS_MIN_FILES) return NONE;
  let count = 0;
  let last = -Infinity;
  let drawn = false;
  const draw = (label: string) => {
    const cols = Math.max(40, (stream.columns ?? 80) - 1);
    const width = 24;
    const filled = Math.round((count / total) * width);
    const head = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${count}/${total} `;
    const room = cols - head.length;
    const name = label.length > room ? `…${label.slice(label.length - room + 1)}` : label;
    stream.write(`\r\u001b[2K${head}${name}`);
    drawn = true;
  };
  return {
    tick(label) {
      count++;
      const t = now();
      if (t - last >= 50 || count === total) {
        last = t;
        draw(label);
      }
    },
    done() {
      if (drawn) stream.write('\r\u001b[2K');
    },
  };
}
