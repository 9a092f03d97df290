/**
 * `gigafactory check --format sarif` validated against the SARIF 2.1.0 JSON
 * schema with ajv.
 *
 * The schema in fixtures/sarif-2.1.0.schema.json is a verbatim copy of
 * `lib/schemas/sarif-2.1.0-rtm.5.json` from the npm package
 * @microsoft/jest-sarif@1.0.0-beta.0 (MIT), SHA-256
 * 2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8: the
 * complete SARIF 2.1.0 schema (release candidate rtm.5, the one the OASIS
 * standard was approved from; its title and id say rtm.5). No npm package we
 * found ships the copy published by OASIS itself, and this machine has no
 * internet to fetch it; it is draft-04, hence ajv-draft-04. Its formats (uri,
 * uri-reference, date-time) are checked with the definitions below rather
 * than ignored.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Ajv04 from 'ajv-draft-04';
import { cli } from './helpers';

const schema = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'sarif-2.1.0.schema.json'), 'utf8')) as object;

function validator() {
  // unicodeRegExp off: the schema's `language` pattern has a stray `]` that only non-unicode regular expressions accept.
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat('uri', (s: string) => { try { return !!new URL(s).protocol; } catch { return false; } });
  ajv.addFormat('uri-reference', (s: string) => { try { return !!new URL(s, 'file:///base/'); } catch { return false; } });
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s));
  return ajv.compile(schema);
}

interface Sarif {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string }[] } };
    artifacts: { location: { uri: string } }[];
    columnKind: string;
    results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string; index: number }; region: { startLine: number; startColumn: number } } }[] }[];
  }[];
}

describe('gigafactory check --format sarif', () => {
  const validate = validator();

  test('the schema copy is the SARIF 2.1.0 schema', () => {
    assert.match((schema as { title: string }).title, /SARIF\) Version 2\.1\.0/);
  });

  test('a broken run validates, and carries every problem of the text output at the same place', () => {
    const r = cli(['check', 'examples/broken', '--format', 'sarif']);
    assert.equal(r.status, 1);
    const log = JSON.parse(r.stdout) as Sarif;
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0]!;
    assert.equal(run.columnKind, 'utf16CodeUnits');
    const text = cli(['check', 'examples/broken']).stdout.trimEnd().split('\n');
    const fromSarif = run.results.map((res) => {
      const loc = res.locations[0]!.physicalLocation;
      assert.equal(run.tool.driver.rules[res.ruleIndex]!.id, res.ruleId, 'ruleIndex points at the rule');
      assert.equal(run.artifacts[loc.artifactLocation.index]!.location.uri, loc.artifactLocation.uri, 'artifact index points at the file');
      const level = res.level === 'note' ? 'information' : res.level;
      return `${decodeURIComponent(loc.artifactLocation.uri)}:${loc.region.startLine}:${loc.region.startColumn} ${level} ${res.message.text}`;
    });
    assert.deepEqual(fromSarif, text);
  });

  test('a clean run validates with no results', () => {
    const r = cli(['check', 'examples', '--format', 'sarif']);
    assert.equal(r.status, 0);
    const log = JSON.parse(r.stdout) as Sarif;
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    assert.equal(log.runs[0]!.results.length, 0);
    assert.equal(log.runs[0]!.artifacts.length, 7);
  });

  test('the validator is not a rubber stamp: a log without a version fails', () => {
    const log = JSON.parse(cli(['check', 'examples', '--format', 'sarif']).stdout) as Record<string, unknown>;
    delete log.version;
    assert.equal(validate(log), false);
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false, 'driver.name is required');
  });
});
