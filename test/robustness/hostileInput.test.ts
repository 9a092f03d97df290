/**
 * Hostile and broken input, over the protocol: the bundled server runs as a
 * real process over stdio. For each input, the file gets the diagnostic that
 * names its problem (and the limit, where a limit applies); every request on
 * it (diagnostics, hints, hover, code actions, symbols, completion) answers
 * within a bound; a request on another open file answers meanwhile; nothing
 * is logged as a failure and nothing reaches stderr.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { ROOT, TestClient } from '../protocol/lspClient';
import { tolerant, wholeRange, within } from './protocolHelpers';

const EXAMPLE = readFileSync(join(ROOT, 'examples', 'bavaria-b200.gigafactory.yaml'), 'utf8');
const OTHER_FILE = join(ROOT, 'examples', 'finland-gb200.gigafactory.yaml');
const MB = 1024 * 1024;
/** Every request on a hostile file, and on the other file meanwhile, answers within this. */
const BOUND_MS = 10_000;

const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code));
const message = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);
const show = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${message(d)}`).join('\n');
/** The example with one line replaced (the line must be there). */
const edit = (from: string, to: string) => {
  assert.ok(EXAMPLE.includes(from), `example lacks ${from}`);
  return EXAMPLE.replace(from, to);
};
/** Asserts some diagnostic has `code` (and a message matching `message`), and returns it. */
function has(ds: Diagnostic[], code: string, pattern?: RegExp): Diagnostic {
  const d = ds.find((x) => x.code === code && (!pattern || pattern.test(message(x))));
  assert.ok(d, `no ${code}${pattern ? ` matching ${pattern}` : ''} among:\n${show(ds)}`);
  return d;
}
/** Asserts the file got exactly one diagnostic, with `code`, whose message matches. */
function only(ds: Diagnostic[], code: string, pattern: RegExp): void {
  assert.equal(ds.length, 1, show(ds));
  has(ds, code, pattern);
}

const MARKER = join(tmpdir(), `gigafactory-tag-ran-${process.pid}`);

interface Case {
  name: string;
  text: () => string;
  check: (ds: Diagnostic[], text: string) => void;
}

const aliasBomb = () => {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  return `${EXAMPLE}${lines.join('\n')}\n`;
};

const CASES: Case[] = [
  {
    name: 'an alias bomb (billion laughs)',
    text: aliasBomb,
    check: (ds) => only(ds, 'limit-aliases', /more than the limit allows \(setting gigafactory\.limits\.maxAliasCount\)/),
  },
  {
    name: '10,000-deep nesting in block style (compact lists)',
    text: () => `apiVersion: gigafactory/v1\nkind: Scenario\nmetadata:\n  tags:\n    ${'- '.repeat(10_000)}x\n`,
    check: (ds) => only(ds, 'limit-nesting', /more than 100 levels/),
  },
  {
    name: '1,000-deep nesting in block style (indented mappings)',
    text: () => `apiVersion: gigafactory/v1\nkind: Scenario\nmetadata:\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i + 2)}k:`).join('\n')} 1\n`,
    check: (ds) => only(ds, 'limit-nesting', /more than 100 levels/),
  },
  {
    name: '10,000-deep nesting in flow style (lists)',
    text: () => `apiVersion: gigafactory/v1\nkind: Scenario\nmetadata: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
    check: (ds) => only(ds, 'limit-nesting', /more than 100 levels/),
  },
  {
    name: '10,000-deep nesting in flow style (mappings)',
    text: () => `apiVersion: gigafactory/v1\nkind: Scenario\nmetadata: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`,
    check: (ds) => only(ds, 'limit-nesting', /more than 100 levels/),
  },
  {
    name: 'two million open brackets (4 MB, just under the size limit)',
    text: () => `a: ${'[{'.repeat(1_000_000)}\n`,
    check: (ds) => only(ds, 'limit-nesting', /more than 100 levels/),
  },
  {
    name: 'a 5 MB single line (just under the size limit)',
    text: () => edit('description: One site', `description: ${'x'.repeat(5 * MB - EXAMPLE.length - 100)} One site`),
    check: (ds) => assert.deepEqual(ds, []),
  },
  {
    name: 'a 5 MB single line of a million flow items',
    text: () => edit('tags: [base-case, de, blackwell]', `tags: [${'de, '.repeat(Math.floor((5 * MB - EXAMPLE.length) / 4))}]`),
    check: (ds) => only(ds, 'limit-entries', /more than 200,000 lines and list or mapping items/),
  },
  {
    name: 'a megabyte of bare commas (a million parse errors)',
    text: () => edit('tags: [base-case, de, blackwell]', `tags: [${','.repeat(MB)}]`),
    check: (ds) => only(ds, 'limit-entries', /more than 200,000/),
  },
  {
    name: '50,000 lines of duplicate keys (one page of problems, then a count)',
    text: () => `${EXAMPLE}${'k: 1\n'.repeat(50_000)}`,
    check: (ds) => {
      assert.equal(ds.length, 1001);
      has(ds, 'limit-problems', /more problems from here on are not listed/);
    },
  },
  {
    name: 'a 20 MB file (above maxFileSize)',
    text: () => EXAMPLE.repeat(Math.ceil((20 * MB) / EXAMPLE.length)),
    check: (ds) => only(ds, 'limit-file-size', /is 20\.0 MB, above the limit of 5\.0 MB \(setting gigafactory\.limits\.maxFileSize\)/),
  },
  {
    name: 'binary garbage',
    text: () => Array.from({ length: 300_000 }, (_, i) => String.fromCharCode((i * 2654435761) % 256)).join(''),
    check: (ds) => only(ds, 'binary-file', /looks like a binary file/),
  },
  {
    name: 'invalid UTF-8 (as an editor decodes it: U+FFFD)',
    text: () => Buffer.concat([Buffer.from(EXAMPLE.slice(0, 20)), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xa0]), Buffer.from(EXAMPLE.slice(20))]).toString('utf8'),
    check: (ds, text) => {
      const d = has(ds, 'not-utf8', /not valid UTF-8/);
      assert.equal(d.severity, 2);
      assert.deepEqual(d.range.start, { line: 0, character: text.indexOf('\ufffd') });
      assert.equal(ds.length, 1, show(ds));
    },
  },
  {
    name: 'a NUL byte in a scenario',
    text: () => edit('name: Garching', 'name: Garch\0ing'),
    check: (ds) => only(ds, 'binary-file', /NUL/),
  },
  {
    name: 'other control characters',
    text: () => edit('name: Garching', 'name: Garch\u0007ing\u001b'),
    check: (ds) => has(ds, 'forbidden-character', /U\+0007.*2 such characters/),
  },
  {
    name: 'a count of 1e400',
    text: () => edit('count: 100000', 'count: 1e400'),
    check: (ds) => only(ds, 'quantity', /count takes a whole number such as 100000; found 1e400, beyond any number/),
  },
  {
    name: '-0 as a count',
    text: () => edit('count: 100000', 'count: -0'),
    check: (ds) => has(ds, 'check-min-accelerators', /^0 accelerators in all/),
  },
  {
    name: '.nan as a count and .inf as a PUE',
    text: () => edit('count: 100000', 'count: .nan').replace('pue: 1.2', 'pue: .inf'),
    check: (ds) => {
      has(ds, 'quantity', /count takes a whole number.*found \.nan/);
      has(ds, 'schema-type', /`pue` takes a number/);
    },
  },
  {
    name: 'a negative count',
    text: () => edit('count: 100000', 'count: -5'),
    check: (ds) => only(ds, 'quantity', /cannot be negative/),
  },
  {
    name: 'counts beyond a safe integer',
    text: () => edit('count: 100000', 'count: 99999999999999999999999').replace('staff: 150', 'staff: 9007199254740993'),
    check: (ds) => {
      assert.equal(ds.filter((d) => d.code === 'quantity' && /too large to count exactly/.test(message(d))).length, 2, show(ds));
    },
  },
  {
    name: 'duplicate keys',
    text: () => edit('  pue: 1.2', '  pue: 1.2\n  pue: 1.3'),
    check: (ds, text) => {
      const d = has(ds, 'yaml-duplicate-key', /appears twice/);
      assert.equal(d.range.start.line, text.slice(0, text.lastIndexOf('pue:')).split('\n').length - 1);
    },
  },
  {
    name: 'tabs as indentation',
    text: () => edit('  pue: 1.2', '\tpue: 1.2'),
    check: (ds) => has(ds, 'yaml-tab-as-indent', /Tabs cannot indent YAML/),
  },
  {
    name: 'CRLF line endings',
    text: () => EXAMPLE.replace(/\n/g, '\r\n'),
    check: (ds) => assert.deepEqual(ds, []),
  },
  {
    name: 'mixed line endings, with a wrong unit after them at the right place',
    text: () => edit('gridCapacity: 250 MW', 'gridCapacity: 250 EUR').split('\n').map((l, i) => l + (i % 2 ? '\r\n' : '\n')).join('').slice(0, -1),
    check: (ds, text) => {
      const d = has(ds, 'quantity', /gridCapacity takes a power/);
      const line = text.split(/\r?\n/).findIndex((l) => l.includes('250 EUR'));
      assert.deepEqual(d.range.start, { line, character: text.split(/\r?\n/)[line]!.indexOf('250 EUR') });
    },
  },
  {
    name: 'a lone CR line end',
    text: () => edit('kind: Scenario\n', 'kind: Scenario\r'),
    check: (ds) => has(ds, 'lone-cr', /carriage return/),
  },
  {
    name: 'a byte-order mark',
    text: () => `\ufeff${EXAMPLE}`,
    check: (ds) => assert.deepEqual(ds, []),
  },
  {
    name: 'several documents',
    text: () => `${EXAMPLE}---\n${EXAMPLE}---\n${EXAMPLE}`,
    check: (ds) => {
      assert.equal(ds.length, 2, show(ds));
      assert.deepEqual(codes(ds), ['multiple-documents', 'multiple-documents']);
    },
  },
  {
    name: 'merge keys (<<) are plain keys, never merged',
    text: () => edit('power:\n  pue: 1.2', 'defaults: &defaults\n  pue: 1.2\npower:\n  <<: *defaults'),
    check: (ds) => {
      has(ds, 'schema-merge-key', /Merge keys \(<<\) are not part of the scenario format/);
      has(ds, 'schema-required', /`pue`/);
    },
  },
  {
    name: 'custom tags (!!js/function, !include, !!python/object) never run or load anything',
    text: () => edit('count: 100000', `count: !!js/function "function () { require('fs').writeFileSync('${MARKER}', 'ran') }"`)
      .replace('name: Garching', 'name: !include /etc/passwd')
      .replace('pue: 1.2', `pue: !!python/object/apply:os.system ["touch ${MARKER}"]`),
    check: (ds) => {
      assert.ok(ds.filter((d) => d.code === 'yaml-tag-resolve-failed').length >= 3, show(ds));
      assert.ok(!ds.some((d) => /root:/.test(message(d))), 'nothing of /etc/passwd reaches a message');
      assert.equal(existsSync(MARKER), false, 'a tag ran code');
    },
  },
];

describe('hostile input over stdio', () => {
  let client: TestClient;
  const otherUri = pathToFileURL(OTHER_FILE).href;
  const otherText = readFileSync(OTHER_FILE, 'utf8');
  const otherLine = otherText.split('\n').findIndex((l) => l.includes('count:'));
  const otherPosition = { line: otherLine, character: otherText.split('\n')[otherLine]!.indexOf('count') + 1 };

  before(async () => {
    rmSync(MARKER, { force: true });
    client = await TestClient.start();
    client.open(otherUri, otherText);
  });
  after(async () => {
    await client.stop();
    rmSync(MARKER, { force: true });
    assert.equal(client.stderr.join(''), '', 'the server wrote to stderr');
  });

  CASES.forEach((c, i) => {
    test(c.name, async () => {
      const text = c.text();
      const uri = `file:///hostile/case-${i}.gigafactory.yaml`;
      const logsBefore = client.logs.length;
      client.open(uri, text);
      const range = wholeRange(text);
      const started = Date.now();
      // Sent first, so the server works on the hostile file first; the other file's requests queue behind it.
      const onHostile = within(BOUND_MS, `${c.name}: requests on the file`, Promise.all([
        client.diagnostics(uri),
        client.inlayHints(uri, range),
        client.hover(uri, { line: 0, character: 1 }),
        client.codeActions(uri, range),
        tolerant(client.request('textDocument/documentSymbol', { textDocument: { uri } })),
        tolerant(client.request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 0 } })),
      ]));
      const onOther = within(BOUND_MS, `${c.name}: a request on another file meanwhile`, Promise.all([
        client.hover(otherUri, otherPosition),
        client.diagnostics(otherUri),
      ]));
      const [[ds], [otherHover, otherDs]] = await Promise.all([onHostile, onOther]);
      const took = Date.now() - started;
      c.check(ds, text);
      assert.ok(otherHover, `the other file still gets its hover (after ${took} ms)`);
      assert.deepEqual(otherDs, []);
      const failures = client.logs.slice(logsBefore).filter((m) => /failed|uncaught|unhandled/i.test(m));
      assert.deepEqual(failures, [], 'a handler failed');
      client.close(uri);
    });
  });
});
