/**
 * Runs the bundled CLI (dist/cli.js) as a real process, as CI and users run it.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const CLI = join(ROOT, 'dist', 'cli.js');
export const EXAMPLES = join(ROOT, 'examples');
export const BROKEN = join(EXAMPLES, 'broken');
export const OUTPUT = join(ROOT, 'test-output');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Builds the bundle once when it is missing (npm test builds it first anyway). */
export function ensureBuilt(): void {
  if (existsSync(CLI)) return;
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stderr}`);
}

export function cli(args: string[], options: SpawnSyncOptions = {}): CliResult {
  ensureBuilt();
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000, ...options,
  });
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export const scenarioFiles = (dir: string): string[] => readdirSync(dir).filter((f) => /\.gigafactory\.ya?ml$/.test(f)).sort();
