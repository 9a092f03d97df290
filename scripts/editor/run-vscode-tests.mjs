#!/usr/bin/env node
// `npm run test:vscode`: the extension-host mocha suite (test/vscode/suite/)
// against test/fixtures/workspace, with the extension under development (the
// repository itself, built into dist/).
//
// Where desktop VS Code can be downloaded, `--electron` (or
// GIGAFACTORY_VSCODE_TESTS=electron) runs it with @vscode/test-electron.
// By default it runs where nothing needs downloading: inside the extension
// host of the pinned code-server (VS Code 1.139's server). That server honours
// `extensionDevelopmentPath` and `extensionTestsPath` from the workbench URL's
// `payload` when started with the smoke-test driver enabled, as VS Code's own
// browser integration tests do; headless Chromium opens the workbench once so
// the extension host starts. The suite writes result.json, which this script
// prints; it ends with "N passed, N failed" and a non-zero exit on failure.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chromiumArgs,
  chromiumPath,
  freePort,
  isEditorInstalled,
  quietSettings,
  root,
  say,
  startCodeServer,
  writeUserSettings,
} from './lib.mjs';

const TIMEOUT_MS = 10 * 60_000;
const outDir = join(root, 'out', 'vscode-tests');
const resultFile = join(outDir, 'result.json');
const fixtureWorkspace = join(root, 'test', 'fixtures', 'workspace');
const logDir = join(root, 'test-output', 'vscode');
const mode = process.argv.includes('--electron') || process.env.GIGAFACTORY_VSCODE_TESTS === 'electron' ? 'electron' : 'code-server';

function step(title, command, args) {
  say(title);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`[editor] ${title} FAILED`);
    process.exit(result.status ?? 1);
  }
}

/** Bundles index.ts (with mocha) and each *.test.ts into out/vscode-tests/ as CommonJS. */
async function bundleTests() {
  const { build } = await import('esbuild');
  rmSync(outDir, { recursive: true, force: true });
  const suiteDir = join(root, 'test', 'vscode', 'suite');
  const entries = readdirSync(suiteDir).filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
  await build({
    absWorkingDir: root,
    entryPoints: entries.map((f) => join(suiteDir, f)),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode'],
    logLevel: 'error',
  });
  say(`bundled ${entries.join(', ')} into ${outDir}`);
}

/** Prints the suite's outcome and returns the exit code. */
function report(result) {
  const tests = result.tests ?? [];
  for (const t of tests) {
    console.log(`  ${t.state === 'passed' ? '✔' : '✖'} ${t.title}${t.durationMs !== undefined ? ` (${t.durationMs} ms)` : ''}`);
    if (t.error) console.log(t.error.split('\n').map((l) => `      ${l}`).join('\n'));
  }
  if (result.error) console.log(`  suite error: ${result.error}`);
  const passed = tests.filter((t) => t.state === 'passed').length;
  const failedTests = tests.filter((t) => t.state === 'failed').length;
  const failed = failedTests + (result.error && failedTests === 0 ? 1 : 0);
  console.log(`\n${passed} passed, ${failed} failed`);
  return failed > 0 || passed === 0 ? 1 : 0;
}

async function runInCodeServer(workspace) {
  const { chromium } = await import('playwright-core');
  const runDir = mkdtempSync(join(tmpdir(), 'gigafactory-vscode-tests-'));
  const userDataDir = join(runDir, 'user-data');
  const extensionsDir = join(runDir, 'extensions');
  writeUserSettings(userDataDir, { ...quietSettings, 'security.workspace.trust.enabled': false });
  mkdirSync(logDir, { recursive: true });
  const port = await freePort();
  const server = await startCodeServer({
    port,
    userDataDir,
    extensionsDir,
    folder: workspace,
    vscodeOptions: ['enable-smoke-test-driver'],
    env: { GIGAFACTORY_TEST_RESULT: resultFile },
    logFile: join(logDir, 'code-server.log'),
  });
  let browser;
  try {
    const authority = `127.0.0.1:${port}`;
    const remote = (path) => `vscode-remote://${authority}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(root)],
      ['extensionTestsPath', remote(join(outDir, 'index.js'))],
      ['skipWelcome', 'true'],
    ];
    const url = `${server.workbenchUrl}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const consoleLines = [];
    page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
    say(`opening the workbench with the extension under test: ${server.workbenchUrl}`);
    await page.goto(url);
    const deadline = Date.now() + TIMEOUT_MS;
    while (!existsSync(resultFile) && Date.now() < deadline) {
      if (server.child.exitCode !== null) throw new Error('code-server exited during the tests');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await page.screenshot({ path: join(logDir, 'workbench.png') }).catch(() => undefined);
    if (!existsSync(resultFile)) {
      const tail = consoleLines.slice(-30).join('\n');
      throw new Error(`no result from the extension host within ${TIMEOUT_MS / 1000} s (logs: ${logDir}, ${userDataDir}/logs)\nworkbench console:\n${tail}`);
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await server.stop();
    rmSync(runDir, { recursive: true, force: true });
  }
}

async function runInElectron(workspace) {
  const { runTests } = await import('@vscode/test-electron');
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: join(outDir, 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
      extensionTestsEnv: { GIGAFACTORY_TEST_RESULT: resultFile },
    });
  } catch {
    // runTests rejects when a test fails; result.json says which.
  }
}

async function main() {
  if (mode === 'code-server' && !isEditorInstalled()) step('installing the editor', process.execPath, ['scripts/editor/install.mjs']);
  step('building the extension', process.execPath, ['scripts/build.mjs']);
  await bundleTests();
  // The suite edits documents; it gets a copy of the fixture workspace.
  const workspace = join(mkdtempSync(join(tmpdir(), 'gigafactory-fixture-')), 'workspace');
  cpSync(fixtureWorkspace, workspace, { recursive: true });
  rmSync(resultFile, { force: true });
  const started = Date.now();
  try {
    if (mode === 'electron') await runInElectron(workspace);
    else await runInCodeServer(workspace);
  } finally {
    rmSync(join(workspace, '..'), { recursive: true, force: true });
  }
  say(`extension-host tests (${mode}) took ${Math.round((Date.now() - started) / 1000)} s`);
  if (!existsSync(resultFile)) {
    console.error('[editor] the extension-host suite wrote no result');
    console.log('\n0 passed, 1 failed');
    return 1;
  }
  return report(JSON.parse(readFileSync(resultFile, 'utf8')));
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[editor] extension-host tests FAILED: ${error.stack ?? error}`);
    console.log('\n0 passed, 1 failed');
    process.exit(1);
  },
);
