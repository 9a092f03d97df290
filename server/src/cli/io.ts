/**
 * What the CLI needs from its process: streams, the working directory and the
 * environment. Commands take an `Io` so tests can run them in process too.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface Stream {
  write(text: string): void;
  /** A terminal (colours, progress bar) rather than a pipe or file. */
  isTTY: boolean;
  columns?: number;
}

export interface Io {
  stdout: Stream;
  stderr: Stream;
  cwd: string;
  env: Record<string, string | undefined>;
  readFile(path: string): Promise<string>;
  writeFile(path: string, text: string): Promise<void>;
}

/** The real process. */
export function processIo(): Io {
  return {
    stdout: { write: (t) => void process.stdout.write(t), isTTY: !!process.stdout.isTTY, get columns() { return process.stdout.columns; } },
    stderr: { write: (t) => void process.stderr.write(t), isTTY: !!process.stderr.isTTY, get columns() { return process.stderr.columns; } },
    cwd: process.cwd(),
    env: process.env,
    readFile: (p) => readFile(p, 'utf8'),
    writeFile: async (p, t) => {
      await mkdir(dirname(p), { recursive: true });
      await writeFile(p, t, 'utf8');
    },
  };
}

/** A usage mistake: printed with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {
  constructor(message: string, readonly command?: string) {
    super(message);
  }
}

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

/** ANSI colours, only on a terminal and unless NO_COLOR is set or `--no-color` given. */
export interface Colors {
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

export function colors(stream: Stream, env: Io['env'], disabled: boolean): Colors {
  const on = stream.isTTY && !disabled && env.NO_COLOR === undefined && env.TERM !== 'dumb';
  const wrap = (code: string, reset: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[${reset}m` : s);
  return { red: wrap('31', '39'), yellow: wrap('33', '39'), dim: wrap('2', '22'), bold: wrap('1', '22') };
}
