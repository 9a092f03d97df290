#!/usr/bin/env node
// The long fuzz run: builds the server, then sends thousands of random edits
// to it over stdio (test/robustness/fuzzCli.ts has the options; the short run
// is part of npm test). Example: npm run fuzz -- --seed 42 --runs 1000
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (args) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

const built = run(['scripts/build.mjs']);
if (built !== 0) process.exit(built);
process.exit(run(['--import', 'tsx', 'test/robustness/fuzzCli.ts', ...process.argv.slice(2)]));
