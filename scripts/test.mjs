#!/usr/bin/env node
// The README's test command: build, type-check, then the unit and protocol
// suites on Node's own test runner. The real-editor suites run separately
// (npm run test:e2e, npm run test:vscode) because they need the editor install.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const run = (cmd, args) => {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
const files = (dir) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.test.ts')).sort().map((f) => join(dir, f)) : []);

// The HTML report tests render in Debian's Chromium; on a fresh machine (root,
// apt-get) install it once, as the editor install does.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium) && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
  run('apt-get', ['update', '-q']);
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'chromium']);
}

run(process.execPath, ['scripts/build.mjs']);
run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', '.']);
run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files('test/unit'), ...files('test/protocol'), ...files('test/robustness'), ...files('test/cli')]);
