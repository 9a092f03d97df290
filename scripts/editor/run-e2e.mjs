#!/usr/bin/env node
// `npm run test:e2e`: the end-to-end tests in the real workbench.
//   1. installs the editor if it is not there yet (npm run editor:install);
//   2. packages the extension (npm run package) unless --no-package is given
//      or GIGAFACTORY_VSIX names a .vsix to test instead;
//   3. runs test/e2e/*.test.ts (or the files given) with node's test runner,
//      one file at a time: each file starts its own code-server and Chromium.
// Screenshots and code-server logs land in test-output/e2e/.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isEditorInstalled, root, say, vsixPath } from './lib.mjs';

const args = process.argv.slice(2);
const noPackage = args.includes('--no-package') || Boolean(process.env.GIGAFACTORY_VSIX);
const files = args.filter((arg) => !arg.startsWith('--'));

function step(title, command, commandArgs, env = {}) {
  say(title);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

if (!isEditorInstalled() && step('installing the editor', process.execPath, ['scripts/editor/install.mjs']) !== 0) process.exit(1);
if (!noPackage && step('packaging the extension', process.execPath, ['scripts/package.mjs']) !== 0) process.exit(1);
const vsix = process.env.GIGAFACTORY_VSIX ?? vsixPath;
if (!existsSync(vsix)) {
  console.error(`[editor] no ${vsix} to test`);
  process.exit(1);
}

const e2eDir = join(root, 'test', 'e2e');
const testFiles = files.length > 0 ? files : readdirSync(e2eDir).filter((f) => f.endsWith('.test.ts')).sort().map((f) => join('test', 'e2e', f));
const started = Date.now();
const status = step(`end-to-end tests with ${vsix}`, process.execPath, [
  '--import', 'tsx',
  '--test',
  '--test-reporter=spec',
  '--test-concurrency=1',
  ...testFiles,
], { GIGAFACTORY_VSIX: vsix });
say(`end-to-end tests took ${Math.round((Date.now() - started) / 1000)} s; screenshots in test-output/e2e/`);
process.exit(status);
