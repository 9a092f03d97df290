/// <reference types="mocha" />
/**
 * Entry point VS Code loads as `extensionTestsPath`: runs the bundled mocha
 * suites (the *.test.js files beside this bundle) inside the extension host and
 * writes the outcome to result.json beside it, which the runner
 * (scripts/editor/run-vscode-tests.mjs) reads: in a browser workbench the
 * extension host's console is not the runner's.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

interface Outcome {
  title: string;
  state: 'passed' | 'failed';
  durationMs?: number;
  error?: string;
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 120_000, color: false, reporter: 'spec' });
  const files = readdirSync(__dirname).filter((file) => file.endsWith('.test.js')).sort();
  for (const file of files) mocha.addFile(join(__dirname, file));
  const outcomes: Outcome[] = [];
  const resultFile = process.env.GIGAFACTORY_TEST_RESULT ?? join(__dirname, 'result.json');
  const write = (extra: object = {}) =>
    writeFileSync(resultFile, `${JSON.stringify({ done: true, files, tests: outcomes, ...extra }, null, 2)}\n`);
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        write({ failures });
        if (failures > 0) reject(new Error(`${failures} extension-host tests failed`));
        else resolve();
      });
      runner.on('pass', (t) => outcomes.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
      runner.on('fail', (t, error: Error) =>
        outcomes.push({ title: t.fullTitle(), state: 'failed', error: String(error?.stack ?? error?.message ?? error) }),
      );
    } catch (error) {
      write({ failures: 1, error: String((error as Error)?.stack ?? error) });
      reject(error);
    }
  });
}
