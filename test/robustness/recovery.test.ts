/**
 * The server's side of crash recovery. The client (vscode-languageclient)
 * restarts a server that died and opens every document again with its
 * current, possibly unsaved, text; the real-editor suite kills the server and
 * checks the editor. Here: the server keeps no state a restart would lose (a
 * fresh process given the same text answers exactly as the old one did), and
 * it never outlives its client (no orphaned processes after a crash of the
 * editor).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ROOT, TestClient } from '../protocol/lspClient';
import { wholeRange } from './protocolHelpers';

const EXAMPLE = readFileSync(join(ROOT, 'examples', 'bavaria-b200.gigafactory.yaml'), 'utf8');
/** Unsaved edits: a wrong unit and a changed count, as the editor holds them. */
const UNSAVED = EXAMPLE.replace('gridCapacity: 250 MW', 'gridCapacity: 250 EUR').replace('count: 100000', 'count: 120000');
const URI = 'file:///recovery/unsaved.gigafactory.yaml';

const exited = (c: TestClient, ms: number) => new Promise<number | null>((resolve, reject) => {
  if (c.process.exitCode !== null) return resolve(c.process.exitCode);
  const t = setTimeout(() => reject(new Error(`the server still runs after ${ms} ms`)), ms);
  c.process.once('exit', (code) => { clearTimeout(t); resolve(code); });
});

async function answers(c: TestClient) {
  c.open(URI, UNSAVED);
  return {
    diagnostics: await c.diagnostics(URI),
    hints: await c.inlayHints(URI, wholeRange(UNSAVED)),
    hover: await c.hover(URI, { line: UNSAVED.split('\n').findIndex((l) => l.includes('count:')), character: 8 }),
  };
}

describe('crash recovery, server side', () => {
  test('a server killed mid-session is replaced by one that answers the reopened unsaved text the same way', async () => {
    const first = await TestClient.start();
    const before = await answers(first);
    assert.ok(before.diagnostics.some((d) => d.code === 'quantity'), 'the unsaved wrong unit is diagnosed');
    assert.ok((before.hints ?? []).length > 0, 'hints are there');
    first.process.kill('SIGKILL');
    await exited(first, 5000);
    first.connection.dispose();

    const second = await TestClient.start();
    const after = await answers(second);
    assert.deepEqual(after, before);
    await second.stop();
    assert.equal(second.stderr.join(''), '');
  });

  test('when the editor goes away (its end of stdio closes), the server exits', async () => {
    const c = await TestClient.start();
    c.open(URI, UNSAVED);
    await c.diagnostics(URI);
    c.process.stdin.end();
    await exited(c, 5000);
    c.connection.dispose();
  });

  test('exit after shutdown ends with code 0; exit without shutdown with code 1, as LSP asks', async () => {
    const a = await TestClient.start();
    await a.connection.sendRequest('shutdown');
    await a.connection.sendNotification('exit');
    assert.equal(await exited(a, 5000), 0);
    a.connection.dispose();

    const b = await TestClient.start();
    await b.connection.sendNotification('exit');
    assert.equal(await exited(b, 5000), 1);
    b.connection.dispose();
  });
});
