/**
 * The long fuzz run (`npm run fuzz`): thousands of edit steps against the real
 * server process, then a summary of what was tried. Options: --seed N (default:
 * the time), --runs N (inputs, default 500), --steps N (most edits per input,
 * default 20), --bound MS (each request's time bound, default 5000), --path P
 * (replay one failing input, with its seed, from a failure report).
 */
import { fuzz } from './fuzzEngine';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

const seed = arg('seed', Date.now() % 2_147_483_647);
const runs = arg('runs', 500);
const steps = arg('steps', 20);
const bound = arg('bound', 5000);
const pathAt = process.argv.indexOf('--path');
const path = pathAt >= 0 ? process.argv[pathAt + 1] : undefined;

const started = Date.now();
console.log(`fuzz: seed ${seed}, ${runs} inputs of up to ${steps} edits, each request within ${bound} ms`);
fuzz({ seed, runs, maxSteps: steps, boundMs: bound, compareFresh: true, ...(path ? { path } : {}) }).then(
  (s) => {
    const secs = ((Date.now() - started) / 1000).toFixed(0);
    console.log(`fuzz: ${s.inputs} inputs, ${s.steps} edit steps, ${s.requests} requests in ${secs} s: 0 crashes, 0 hangs, 0 error responses, 0 differences from a fresh analysis (seed ${seed})`);
    if (s.unsupported.size > 0) console.log(`fuzz: not served yet ("method not found"): ${[...s.unsupported].join(', ')}`);
  },
  () => { process.exitCode = 1; },
);
