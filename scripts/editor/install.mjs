#!/usr/bin/env node
// `npm run editor:install`: installs the real editor the end-to-end and
// extension-host tests run in, once:
//   - Debian packages: chromium (the browser the tests drive) and libkrb5-dev
//     (headers a native module of VS Code's server compiles against);
//   - Node 24 from the npm package `node` (code-server refuses other majors);
//   - code-server, pinned by scripts/editor/lock/code-server/package-lock.json.
// Node and code-server go into .editor-cache/ (ignored by git). A marker file
// records what is installed, so later runs return at once.
// Desktop VS Code cannot be downloaded on every machine; this needs only the
// npm registry and Debian's archive.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CODE_SERVER_VERSION,
  NODE_VERSION,
  cacheDir,
  chromiumPath,
  codeServerEntry,
  isEditorInstalled,
  markerFile,
  nodeBin,
  nodeDir,
  root,
  run,
  say,
} from './lib.mjs';

const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev'];
const lockDir = join(root, 'scripts', 'editor', 'lock');

function dpkgInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

function aptListsPresent() {
  try {
    return readdirSync('/var/lib/apt/lists').some((file) => file.endsWith('_Packages') || file.endsWith('_Packages.lz4'));
  } catch {
    return false;
  }
}

function installDebianPackages() {
  if (process.platform !== 'linux' || !existsSync('/usr/bin/dpkg-query')) {
    say(`not a Debian-like system: install ${DEBIAN_PACKAGES.join(', ')} (or their equivalents) yourself and set CHROMIUM_PATH`);
    return;
  }
  const missing = DEBIAN_PACKAGES.filter((name) => !dpkgInstalled(name));
  if (missing.length === 0) {
    say(`Debian packages present: ${DEBIAN_PACKAGES.join(', ')}`);
    return;
  }
  if (process.getuid?.() !== 0) {
    throw new Error(`missing Debian packages ${missing.join(', ')}; run as root, or: sudo apt-get install -y ${missing.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = ['install', '-y', '-q', ...missing];
  if (!aptListsPresent()) run('apt-get', ['update', '-q'], { env });
  try {
    run('apt-get', install, { env });
  } catch {
    // Package lists may be stale (a version that is no longer in the archive).
    say('apt-get install failed; refreshing the package lists and trying once more');
    run('apt-get', ['update', '-q'], { env });
    run('apt-get', install, { env });
  }
}

/**
 * The environment without what an enclosing `npm run` adds about itself: its
 * user agent names the outer Node (code-server's postinstall checks it for
 * Node 24), and its prefixes and lifecycle variables describe the outer
 * project. Settings such as the registry, cache or proxies stay.
 */
const OUTER_NPM_CONFIG = ['user_agent', 'local_prefix', 'prefix', 'global_prefix', 'node_gyp', 'npm_version', 'loglevel'];
function outsideNpm(env) {
  return Object.fromEntries(
    Object.entries(env).filter(([key]) => {
      const k = key.toLowerCase();
      if (k.startsWith('npm_config_')) return !OUTER_NPM_CONFIG.includes(k.slice('npm_config_'.length));
      return !k.startsWith('npm_') && key !== 'NODE' && key !== 'INIT_CWD';
    }),
  );
}

/** Copies a pinned package.json + lock into a cache folder and runs `npm ci` there. */
function npmCi(name, env) {
  const dir = join(cacheDir, name);
  rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(lockDir, name, file), join(dir, file));
  // Install scripts must run (node's preinstall fetches the binary package,
  // code-server's postinstall installs VS Code's server and builds its native
  // modules); the lock's package.json approves them in allowScripts.
  run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, env: { ...outsideNpm(process.env), npm_config_ignore_scripts: 'false', ...env } });
}

function installNode() {
  const version = existsSync(nodeBin) ? spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout?.trim() : undefined;
  if (version === `v${NODE_VERSION}`) {
    say(`Node ${NODE_VERSION} present`);
    return;
  }
  say(`installing Node ${NODE_VERSION} (npm package "node") into ${join(cacheDir, 'node24')}`);
  npmCi('node24', {});
  if (!existsSync(nodeBin) || !existsSync(join(nodeDir, 'include', 'node', 'node.h'))) {
    throw new Error(`the npm package node@${NODE_VERSION} did not provide ${nodeBin} and its headers`);
  }
}

function installCodeServer() {
  say(`installing code-server ${CODE_SERVER_VERSION} into ${join(cacheDir, 'code-server')} (builds native modules; takes a few minutes)`);
  // code-server's postinstall checks that npm runs on Node 24 and compiles
  // native modules against that Node's headers, shipped in the same package.
  const env = {
    PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`,
    npm_config_nodedir: nodeDir,
  };
  npmCi('code-server', env);
  const result = spawnSync(nodeBin, [codeServerEntry, '--version'], { encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.status !== 0 || !result.stdout.includes(CODE_SERVER_VERSION)) {
    throw new Error(`code-server does not run after install:\n${result.stdout}\n${result.stderr}`);
  }
  say(`code-server runs: ${result.stdout.trim().split('\n').pop()}`);
}

function main() {
  const started = Date.now();
  installDebianPackages();
  if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath} (set CHROMIUM_PATH to use another)`);
  if (isEditorInstalled()) {
    say(`code-server ${CODE_SERVER_VERSION} with Node ${NODE_VERSION} already installed in ${cacheDir}`);
    return;
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the pinned editor install supports linux-x64 only (this is ${process.platform}-${process.arch}); use desktop VS Code: npm start opens it when \`code\` is on PATH`);
  }
  rmSync(markerFile, { force: true });
  installNode();
  installCodeServer();
  writeFileSync(markerFile, `${JSON.stringify({ codeServer: CODE_SERVER_VERSION, node: NODE_VERSION, installedAt: new Date().toISOString() }, null, 2)}\n`);
  say(`editor installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

try {
  main();
} catch (error) {
  console.error(`[editor] install FAILED: ${error.message}`);
  process.exit(1);
}
