/**
 * How the server steers V8's heap growth when it runs as the extension starts
 * it (common/serverProcess.ts): full collections once the old generation has
 * grown by 10 % while a document is edited, V8's own growth while a large
 * document is read whole, and one full collection once that read is over.
 *
 * Why the two phases (50,000-line file, docs/performance.md): with 10 %
 * growth throughout, V8 ran several full collections while the node tree and
 * model of the file were being built (every one of them marking objects that
 * all survive), and the open took 35–100 ms longer. With V8's own growth
 * throughout, the limit it set while reading stayed high, and replaced
 * versions of the text piled up to 153–155 MiB while editing. Reading with
 * V8's growth, then one collection after the read, which sets the limit from
 * what is live with the 10 % growth, gave both: open 293–297 ms against
 * 327–366, peak 138–140 MiB.
 */

/** What the server needs from V8 to steer it (the real ones in {@link v8HeapControls}). */
export interface HeapControls {
  setFlags(flags: string): void;
  /** A full collection, or undefined when the runtime does not offer one. */
  collect: (() => void) | undefined;
  /** Runs `f` after `ms` (not keeping the process alive), replacing what was scheduled before. */
  schedule(f: () => void, ms: number): void;
}

/** A document at least this long is a large read (a 10,000-line scenario is about 220 KB). */
export const LARGE_READ_CHARS = 256 * 1024;
/** How long after a large read the full collection runs (after the first requests on the document). */
export const COLLECT_AFTER_MS = 300;
const EDITING = '--heap-growing-percent=10';
const READING = '--heap-growing-percent=0';

export interface HeapTuning {
  /** Runs `read`, the whole-document analysis of a text of `length` characters. */
  reading<T>(length: number, read: () => T): T;
}

/** No steering: V8's defaults (the server started without the extension's options). */
export const UNTUNED: HeapTuning = { reading: (_length, read) => read() };

/** Steering with `controls`; sets the editing growth at once. */
export function heapTuning(controls: HeapControls): HeapTuning {
  controls.setFlags(EDITING);
  return {
    reading(length, read) {
      if (length < LARGE_READ_CHARS) return read();
      controls.setFlags(READING);
      try {
        return read();
      } finally {
        controls.setFlags(EDITING);
        const collect = controls.collect;
        if (collect) controls.schedule(collect, COLLECT_AFTER_MS);
      }
    },
  };
}

/**
 * V8's own controls: `v8.setFlagsFromString`, and the `gc` function that
 * `--expose-gc` (one of the extension's launch options) puts on the global
 * object. Without it no collection is offered: the server never evaluates
 * code to get one (test/robustness/untrustedWorkspace.test.ts).
 */
export function v8HeapControls(setFlagsFromString: (flags: string) => void, gc: unknown): HeapControls {
  const collect = typeof gc === 'function' ? () => void (gc as () => unknown)() : undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    setFlags: setFlagsFromString,
    collect,
    schedule(f, ms) {
      clearTimeout(timer);
      timer = setTimeout(f, ms);
      timer.unref?.();
    },
  };
}
