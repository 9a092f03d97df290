/**
 * The bundled server, spawned as a real process over stdio: every valid
 * example gets no diagnostic, every broken example gets the diagnostics its
 * `expected.json` entry names, on the right line and column, and nothing else.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { ROOT, TestClient } from './lspClient';

interface Expected { line: number; startCharacter: number; severity: 'error' | 'warning'; messageIncludes: string }

const examples = join(ROOT, 'examples');
const broken = join(examples, 'broken');
const expected = JSON.parse(readFileSync(join(broken, 'expected.json'), 'utf8')) as Record<string, Expected[]>;
const scenarioFiles = (dir: string) => readdirSync(dir).filter((f) => /\.gigafactory\.ya?ml$/.test(f)).sort();
const severityName = (d: Diagnostic) => (d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : 'info');
const text = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);
const show = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line}:${d.range.start.character} ${severityName(d)} ${text(d)}`).join('\n');

for (const pull of [true, false]) {
  describe(`diagnostics over stdio (${pull ? 'pull' : 'push'})`, () => {
    let client: TestClient;
    before(async () => { client = await TestClient.start({ pull }); });
    after(async () => {
      await client.stop();
      assert.equal(client.stderr.join(''), '', 'the server wrote to stderr');
    });

    const diagnosticsOf = async (file: string) => {
      const uri = pathToFileURL(file).href;
      client.open(uri, readFileSync(file, 'utf8'));
      return pull ? client.diagnostics(uri) : client.pushedDiagnostics(uri);
    };

    test('the server answers initialize with its capabilities', () => {
      const caps = client.initializeResult.capabilities;
      assert.equal(caps.hoverProvider, true);
      assert.ok(caps.inlayHintProvider);
      assert.equal(!!caps.diagnosticProvider, pull);
    });

    for (const file of scenarioFiles(examples)) {
      test(`valid example ${file} has no diagnostics`, async () => {
        const ds = await diagnosticsOf(join(examples, file));
        assert.deepEqual(ds, [], show(ds));
      });
    }

    for (const file of scenarioFiles(broken)) {
      test(`broken example ${file} gets exactly its expected diagnostics`, async () => {
        const want = expected[file];
        assert.ok(want, `${file} has no entry in expected.json`);
        const ds = await diagnosticsOf(join(broken, file));
        for (const w of want) {
          const hit = ds.find((d) => d.range.start.line === w.line && d.range.start.character === w.startCharacter && severityName(d) === w.severity);
          assert.ok(hit, `expected a ${w.severity} at ${w.line}:${w.startCharacter}; got\n${show(ds)}`);
          assert.ok(text(hit).includes(w.messageIncludes), `message "${text(hit)}" lacks "${w.messageIncludes}"`);
          assert.doesNotMatch(text(hit), /\^|\[0-9\]|\\d|must match pattern/, 'no raw regular expression in messages');
        }
        assert.equal(ds.length, want.length, `unexpected extra diagnostics:\n${show(ds)}`);
      });
    }
  });
}
