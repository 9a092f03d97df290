/**
 * The short fuzz run of the test suite: a few hundred edit steps against the
 * real server process (see fuzzEngine.ts). `npm run fuzz` runs thousands.
 * The seed is fixed, so a failure here is reproducible; it is printed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuzz } from './fuzzEngine';

const SEED = 20261126;

test('random edits over the examples: every request answers in time, without errors, as a fresh analysis would', async () => {
  const stats = await fuzz({ seed: SEED, runs: 25, maxSteps: 12, boundMs: 5000, compareFresh: true });
  assert.ok(stats.steps >= 25, `only ${stats.steps} steps ran`);
  // Requests the server does not serve yet may answer "method not found"; nothing else is tolerated.
  for (const m of stats.unsupported) assert.ok(['textDocument/completion', 'textDocument/documentSymbol'].includes(m), `${m} is not served`);
});
