/**
 * Our schema in the generic YAML extension: the real yaml-language-server,
 * over stdio, with `schemas/scenario.schema.json` mapped to scenario files,
 * accepts every valid example and flags the schema-level broken examples.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ROOT, TestClient } from './lspClient';

const examples = join(ROOT, 'examples');
const broken = join(examples, 'broken');
const scenarioFiles = (dir: string) => readdirSync(dir).filter((f) => /\.gigafactory\.ya?ml$/.test(f)).sort();
const expected = JSON.parse(readFileSync(join(broken, 'expected.json'), 'utf8')) as Record<string, { line: number; messageIncludes: string }[]>;

/**
 * Broken examples whose error the schema alone can see. The others need the
 * cross-field checks or our quantity parser's ranges (percentages above 100%
 * written as strings, "m" as a scale), which only our server has.
 */
const SCHEMA_LEVEL = [
  'count-with-separator', 'custom-without-unit-price', 'invalid-name', 'loan-without-rate', 'missing-pue',
  'negative-amount', 'percent-as-whole-number', 'pue-out-of-range', 'rate-on-grant', 'unknown-funding-type',
  'unknown-key', 'wrong-api-version', 'wrong-unit', 'milli-scale', 'duplicate-key', 'syntax-unclosed-flow',
  'syntax-bad-indent', 'tab-indentation',
];
const CROSS_FIELD_ONLY = [
  'de-pue-above-limit', 'eu-grant-over-limit', 'funding-gap', 'grid-exceeded', 'horizon-beyond-lifetime',
  'operational-before-grid', 'too-few-accelerators', 'unknown-model',
];

describe('yaml-language-server with our schema', () => {
  let client: TestClient;
  const schemaUri = pathToFileURL(join(ROOT, 'schemas', 'scenario.schema.json')).href;
  const yamlSettings = { validate: true, hover: true, completion: true, schemas: { [schemaUri]: ['*.gigafactory.yaml', '*.gigafactory.yml'] }, schemaStore: { enable: false } };

  before(async () => {
    client = await TestClient.start({
      pull: false,
      serverArgs: [join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server'), '--stdio'],
      configuration: (section) => (section === 'yaml' ? yamlSettings : section === 'http' ? { proxyStrictSSL: false } : {}),
    });
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { yaml: yamlSettings } });
  });
  after(async () => { await client.stop(); });

  const diagnosticsOf = async (file: string) => {
    const uri = pathToFileURL(file).href;
    client.open(uri, readFileSync(file, 'utf8'), 'yaml');
    return client.pushedDiagnostics(uri, 1, 20000);
  };

  for (const file of scenarioFiles(examples)) {
    test(`accepts ${file}`, async () => {
      const ds = (await diagnosticsOf(join(examples, file))).filter((d) => d.severity === 1 || d.severity === 2);
      assert.deepEqual(ds.map((d) => `${d.range.start.line}: ${d.message}`), []);
    });
  }

  for (const name of SCHEMA_LEVEL) {
    const file = `${name}.gigafactory.yaml`;
    test(`flags ${file} on the expected line`, async () => {
      const ds = (await diagnosticsOf(join(broken, file))).filter((d) => d.severity === 1);
      const lines = new Set(ds.map((d) => d.range.start.line));
      const want = expected[file]!;
      assert.ok(want.some((w) => lines.has(w.line)), `expected an error on line ${want.map((w) => w.line).join(' or ')}; got ${ds.map((d) => `${d.range.start.line}: ${d.message}`).join('; ')}`);
    });
  }

  test('every broken example is classified as schema-level or cross-field', () => {
    const all = scenarioFiles(broken).map((f) => f.replace(/\.gigafactory\.ya?ml$/, ''));
    const known = new Set([...SCHEMA_LEVEL, ...CROSS_FIELD_ONLY, 'crlf-bom-wrong-unit', 'multiple-documents']);
    assert.deepEqual(all.filter((f) => !known.has(f)), []);
  });
});
