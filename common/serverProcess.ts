/**
 * How the language server's Node process is started: the V8 flags the
 * extension passes (and `npm run bench` passes the same, from the same JSON
 * file, so it measures the server as the editor runs it).
 *
 * They bound the server's memory on large files (issue 7: 150 MiB at 50,000
 * lines). Each version of a 1 MB document is a 1 MB string; every young
 * collection that finds the current one alive moves it to the old
 * generation, where replaced versions wait for a full collection. Measured
 * over 100 one-character edits of a 50,000-line file (docs/performance.md):
 * without flags the peak was 160 MiB; a young generation of 2 × 8 MB instead
 * of V8's 2 × 16 MB, with full collections started once the old generation
 * grows by 10 % instead of V8's factor of 1.1 to 4, kept it at 143–146 MiB,
 * for about 3 ms more CPU per edit (more full collections) and about the
 * same open time. Other editors can start the server with the same flags:
 * `node --max-semi-space-size=8 --heap-growing-percent=10 dist/server.js --stdio`.
 */
import flags from './serverNodeFlags.json';

export const SERVER_NODE_FLAGS: readonly string[] = flags;
