#!/usr/bin/env node
// `npm start`: try the extension on the examples in a real VS Code.
//   - Where a desktop `code` is on PATH: builds and runs
//     `code --extensionDevelopmentPath=<repo> examples` (the source tree, with
//     source maps, so breakpoints work).
//   - Otherwise (or with --web): installs the pinned code-server if needed,
//     packages the .vsix, installs it into code-server's own extensions folder
//     and serves VS Code with examples/ open on http://127.0.0.1:PORT (PORT
//     from the environment, else 8080, else the first free port). Runs until
//     Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  cacheDir,
  freePort,
  installVsix,
  isEditorInstalled,
  onPath,
  quietSettings,
  root,
  say,
  startCodeServer,
  vsixPath,
  writeUserSettings,
} from './lib.mjs';

const examples = join(root, 'examples');
const forceWeb = process.argv.includes('--web');

function step(title, args) {
  say(title);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`[editor] ${title} FAILED`);
    process.exit(result.status ?? 1);
  }
}

async function desktop() {
  step('building the extension', ['scripts/build.mjs']);
  say(`$ code --extensionDevelopmentPath=${root} ${examples}`);
  const child = spawn('code', [`--extensionDevelopmentPath=${root}`, examples], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

async function web() {
  if (!isEditorInstalled()) step('installing the editor (once)', ['scripts/editor/install.mjs']);
  step('packaging the extension', ['scripts/package.mjs']);
  // A profile of its own, kept between runs (settings, open editors), in the cache.
  const userDataDir = join(cacheDir, 'start', 'user-data');
  const extensionsDir = join(cacheDir, 'start', 'extensions');
  installVsix({ vsix: vsixPath, userDataDir, extensionsDir });
  writeUserSettings(userDataDir, {
    ...quietSettings,
    // examples/ is this repository's own folder: no trust prompt for it.
    'security.workspace.trust.enabled': false,
    // Opens examples/README.md, which says what each example shows.
    'workbench.startupEditor': 'readme',
  });
  const wanted = Number(process.env.PORT) || 8080;
  const port = await freePort(wanted);
  if (port !== wanted) say(`port ${wanted} is taken; using ${port}`);
  const server = await startCodeServer({ port, userDataDir, extensionsDir, folder: examples, inheritOutput: true });
  console.log(`\n  VS Code with the Gigafactory Scenarios extension (packaged .vsix) and examples/ open:\n\n    ${server.workbenchUrl}\n\n  Ctrl-C stops it.\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('stopping code-server');
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
  server.child.on('exit', (code) => {
    if (!stopping) {
      console.error(`[editor] code-server exited with ${code}`);
      process.exit(code ?? 1);
    }
  });
}

try {
  if (!forceWeb && onPath('code')) await desktop();
  else await web();
} catch (error) {
  console.error(`[editor] npm start FAILED: ${error.message}`);
  process.exit(1);
}
