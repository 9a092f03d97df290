#!/usr/bin/env node
// `npm run package`: production build (`node scripts/build.mjs --production`,
// run by vsce as `vscode:prepublish`), then dist/gigafactory-scenarios.vsix.
// All runtime code is bundled by esbuild, so vsce packages no node_modules
// (--no-dependencies) and .vscodeignore lets in only the bundles, the manifest
// and the files it points to. Prints the archive's contents and size.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { root, vsixPath } from './editor/lib.mjs';

const SIZE_BUDGET = 1024 * 1024;

function run(command, args) {
  console.log(`$ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`package FAILED: ${command} ${args.join(' ')} exited with ${result.signal ?? result.status}`);
    process.exit(1);
  }
}

/** Lists a zip archive's entries from its central directory (no unzip needed). */
export function zipEntries(file) {
  const data = readFileSync(file);
  const eocd = data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error(`${file} is not a zip archive`);
  const count = data.readUInt16LE(eocd + 10);
  let offset = data.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    const compressed = data.readUInt32LE(offset + 20);
    const size = data.readUInt32LE(offset + 24);
    const nameLength = data.readUInt16LE(offset + 28);
    const extraLength = data.readUInt16LE(offset + 30);
    const commentLength = data.readUInt16LE(offset + 32);
    const name = data.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.push({ name, size, compressed });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// vsce runs the `vscode:prepublish` script itself; build here only without one.
if (!manifest.scripts?.['vscode:prepublish']) run(process.execPath, ['scripts/build.mjs', '--production']);
run(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '-o', vsixPath]);

const entries = zipEntries(vsixPath).filter((entry) => !entry.name.endsWith('/'));
console.log(`\n${vsixPath}:`);
for (const entry of entries) console.log(`  ${entry.name.padEnd(48)} ${kb(entry.size).padStart(10)}`);
const size = statSync(vsixPath).size;
console.log(`${entries.length} files, ${kb(size)} packed`);
if (size > SIZE_BUDGET) {
  console.error(`package FAILED: the .vsix is ${kb(size)}, above the ${kb(SIZE_BUDGET)} budget`);
  process.exit(1);
}
