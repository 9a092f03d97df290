/**
 * The V8 settings that bound the language server's memory on large files
 * (issue 7: 150 MiB at 50,000 lines; measurements in docs/performance.md).
 *
 * Each version of a 1 MB document is a 1 MB string. Every young collection
 * that finds the current one alive moves it to the old generation, where
 * replaced versions wait for a full collection, which V8 schedules late for
 * a heap of this size. Over 100 one-character edits of a 50,000-line file the
 * peak was 160 MiB with V8's defaults and 141–145 MiB with these two, for
 * about 3 ms more CPU per edit (the extra full collections):
 *
 * - a young generation of 2 × 8 MB instead of 2 × 16 MB. V8 sizes it when
 *   the process starts, so it is a launch flag: the extension passes
 *   {@link SERVER_NODE_FLAGS}, and `npm run bench` starts our server with the
 *   same (it reads the same JSON file). `--max-semi-space-size` is one of the
 *   V8 options Node documents; an option Node does not know stops the
 *   process at once, so nothing less established belongs in that list.
 *   `--expose-gc` (also documented) gives the server the `gc` function for
 *   the one collection after a large read (below; it never evaluates code to
 *   get one). Other editors can pass both: `node --max-semi-space-size=8
 *   --expose-gc dist/server.js --stdio`.
 * - a full collection once the old generation has grown by 10 % while a
 *   document is edited (V8 uses a factor of 1.1 to 4 of what survived the
 *   last one), V8's own growth while a large document is read whole, and one
 *   full collection after that read. V8 reads the growth flag at every
 *   collection, so the server sets it on itself (server/src/heapTuning.ts):
 *   a V8 that does not know it only logs so, where an unknown launch option
 *   would stop the process. It does so only when started with
 *   {@link SERVER_NODE_FLAGS}: with V8's larger young generation the 10 %
 *   saved nothing (158–166 MiB) and a full collection then often fell into
 *   the first requests after opening a large file.
 */
import flags from './serverNodeFlags.json';

/** Node options the extension starts the server process with. */
export const SERVER_NODE_FLAGS: readonly string[] = flags;

/**
 * Whether a process started with `execArgv` runs as the extension starts the
 * server (every one of {@link SERVER_NODE_FLAGS}): then the server steers
 * V8's heap growth itself (server/src/heapTuning.ts).
 */
export function heapTunedLaunch(execArgv: readonly string[]): boolean {
  return SERVER_NODE_FLAGS.every((f) => execArgv.includes(f));
}
