/**
 * Entry point of `gigafactory` (bundled to dist/cli.js, the package's `bin`).
 */
import { processIo } from './io';
import { run } from './run';

// A reader that stops early (`gigafactory check | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

void run(process.argv.slice(2), processIo()).then((code) => {
  process.exitCode = code;
});
