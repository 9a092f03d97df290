/**
 * `gigafactory report` and `gigafactory compare` as real processes: outputs,
 * formats, exit codes, and the messages for missing files, folders and
 * unreadable YAML.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { cli } from './helpers';

const BAVARIA = 'examples/bavaria-b200.gigafactory.yaml';
const FRANCE = 'examples/france-mi355x.gigafactory.yaml';

describe('gigafactory report', () => {
  test('Markdown on stdout by default, exit 0 for a valid scenario', () => {
    const r = cli(['report', BAVARIA]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^# Bavaria AI Gigafactory, base case\n/);
    assert.match(r.stdout, /### capex = €6,415,443,481/);
    assert.match(r.stdout, /## Sources of the defaults used/);
    assert.match(r.stdout, /```text\nAccelerators +█+/);
  });

  test('--out picks the format from the extension; --format overrides it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gf-report-'));
    try {
      assert.equal(cli(['report', BAVARIA, '--out', join(dir, 'a.html')]).status, 0);
      assert.match(readFileSync(join(dir, 'a.html'), 'utf8'), /^<!DOCTYPE html>/);
      const r = cli(['report', BAVARIA, '-o', join(dir, 'deep', 'b.md')]);
      assert.match(r.stderr, /report written to .*b\.md/);
      assert.match(readFileSync(join(dir, 'deep', 'b.md'), 'utf8'), /^# /);
      assert.equal(cli(['report', BAVARIA, '--format', 'html', '-o', join(dir, 'c.txt')]).status, 0);
      assert.match(readFileSync(join(dir, 'c.txt'), 'utf8'), /^<!DOCTYPE html>/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a scenario with errors: the report is still written, the problems go to stderr, exit 1', () => {
    const r = cli(['report', 'examples/broken/funding-gap.gigafactory.yaml']);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /Funding gap: −€1\.48B/);
    assert.match(r.stderr, /^examples\/broken\/funding-gap\.gigafactory\.yaml:25:1 error funding €4\.5B falls short/m);
  });

  test('unreadable YAML: exit 1, a report that lists the problems, and a note that no figure could be computed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gf-bad-'));
    try {
      writeFileSync(join(dir, 'bad.gigafactory.yaml'), '');
      const r = cli(['report', join(dir, 'bad.gigafactory.yaml')]);
      assert.equal(r.status, 1);
      assert.match(r.stderr, /bad\.gigafactory\.yaml:1:1 error The file holds no scenario yet/);
      assert.match(r.stderr, /no figures could be computed/);
      const syntax = cli(['report', 'examples/broken/syntax-unclosed-flow.gigafactory.yaml']);
      assert.equal(syntax.status, 1);
      assert.match(syntax.stderr, /:18:1 error Flow map/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('usage errors: no file, two files, a missing file, a folder, a bad format: exit 2', () => {
    const cases: [string[], RegExp][] = [
      [['report'], /name the scenario file/],
      [['report', BAVARIA, FRANCE], /one scenario file, got 2/],
      [['report', 'nope.gigafactory.yaml'], /nope\.gigafactory\.yaml: no such file/],
      [['report', 'examples'], /examples: is a folder/],
      [['report', BAVARIA, '--format', 'pdf'], /--format must be one of md, html/],
      [['report', BAVARIA, '--out'], /option --out needs a value/],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, message);
      assert.match(r.stderr, /See gigafactory report --help\./);
      assert.equal(r.stdout, '');
    }
  });
});

describe('gigafactory compare', () => {
  test('a table of every figure with differences, exit 0', () => {
    const r = cli(['compare', BAVARIA, FRANCE]);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.match(lines[0]!, /^figure +examples\/bavaria-b200\.gigafactory\.yaml +examples\/france-mi355x\.gigafactory\.yaml +difference +%$/);
    assert.match(r.stdout, /^capex +€6,415,443,481 +€5,423,389,268 +−€992,054,214 +−15\.5%$/m);
    // The header, the rule under it, the accelerator count and the 23 figures.
    assert.equal(lines.filter(Boolean).length, 2 + 1 + 23);
  });

  test('--format json: rows with raw values and the differences', () => {
    const r = cli(['compare', BAVARIA, FRANCE, '--format', 'json']);
    assert.equal(r.status, 0);
    const c = JSON.parse(r.stdout) as { a: string; b: string; currency: string; rows: { id: string; aValue: number; bValue: number; deltaValue: number; percentValue: number }[] };
    assert.equal(c.currency, 'EUR');
    const capex = c.rows.find((x) => x.id === 'capex')!;
    assert.ok(Math.abs(capex.deltaValue - (capex.bValue - capex.aValue)) < 1e-3);
    assert.ok(Math.abs(capex.percentValue - (capex.bValue - capex.aValue) / capex.aValue) < 1e-12);
  });

  test('md and html formats', () => {
    assert.match(cli(['compare', BAVARIA, FRANCE, '--format', 'md']).stdout, /^# .+ compared with .+\n\n\| figure \|/);
    assert.match(cli(['compare', BAVARIA, FRANCE, '--format', 'html']).stdout, /^<!DOCTYPE html>[\s\S]*<table class="compare">/);
  });

  test('a file with errors: compared all the same, its problems on stderr, exit 1', () => {
    const r = cli(['compare', BAVARIA, 'examples/broken/grid-exceeded.gigafactory.yaml']);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^facility power +216\.000 MW +216\.000 MW +0\.000 MW +0%$/m);
    assert.match(r.stderr, /grid-exceeded\.gigafactory\.yaml:12:17 error facility power/);
  });

  test('usage errors exit 2', () => {
    assert.equal(cli(['compare', BAVARIA]).status, 2);
    assert.match(cli(['compare', BAVARIA, 'missing.yaml']).stderr, /missing\.yaml: no such file/);
    assert.equal(cli(['compare', BAVARIA, FRANCE, '--format', 'csv']).status, 2);
  });
});
