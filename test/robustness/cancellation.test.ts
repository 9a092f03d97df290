/**
 * Cancellation and outdated versions, over stdio: a request the client
 * cancels before the server reaches it is answered "cancelled" without doing
 * its work, and a burst of edits gets diagnostics for its last version only.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CancellationTokenSource, LSPErrorCodes } from 'vscode-languageserver-protocol';
import { ROOT, TestClient } from '../protocol/lspClient';
import { within } from './protocolHelpers';

const EXAMPLE = readFileSync(join(ROOT, 'examples', 'bavaria-b200.gigafactory.yaml'), 'utf8');
/** A file whose analysis takes a noticeable time (some seconds on a busy machine). */
const SLOW = `${EXAMPLE}${Array.from({ length: 30_000 }, (_, i) => `k${i}: ${i}`).join('\n')}\n`;

describe('cancellation (pull diagnostics)', () => {
  let client: TestClient;
  before(async () => { client = await TestClient.start(); });
  after(async () => {
    await client.stop();
    assert.equal(client.stderr.join(''), '', 'the server wrote to stderr');
  });

  test('cancelled requests do no slow work, and those still queued answer "cancelled"', async () => {
    const uri = 'file:///cancel/slow.gigafactory.yaml';
    const other = 'file:///cancel/other.gigafactory.yaml';
    client.open(other, EXAMPLE);
    await client.diagnostics(other);
    // How long the slow file takes, measured on a copy.
    const probe = 'file:///cancel/probe.gigafactory.yaml';
    client.open(probe, SLOW);
    let started = Date.now();
    await client.diagnostics(probe);
    const analysisMs = Date.now() - started;
    client.close(probe);

    // The requests must still be queued when their cancellation arrives: a request the server is
    // already running to completion cannot be stopped. So the server is kept busy first, with the
    // analysis of another copy, while the requests and their cancellations arrive behind it.
    // Both files are opened first (large messages), and a round trip makes sure the server has read
    // them; then only small messages follow, which arrive together while the server is busy.
    const blocker = 'file:///cancel/blocker.gigafactory.yaml';
    client.open(blocker, SLOW);
    client.open(uri, SLOW);
    await client.hover(other, { line: 9, character: 3 });
    const busy = client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: blocker } });
    const sources = [0, 1, 2].map(() => new CancellationTokenSource());
    const cancelled = Promise.allSettled([
      client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } }, sources[0]!.token),
      client.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 70_000, character: 0 } } }, sources[1]!.token),
      client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 9, character: 3 } }, sources[2]!.token),
    ]);
    sources.forEach((s) => s.cancel());
    await within(60_000, 'diagnostics of the busy copy', busy);
    // From here on, a cancelled request that ran would hold up the hover on the other file.
    started = Date.now();
    const hover = await within(30_000, 'hover on another file', client.hover(other, { line: 9, character: 3 }));
    const waited = Date.now() - started;
    const results = await cancelled;
    // A request the server had already taken from its queue when the cancellation was read may still
    // be answered (the protocol allows it; the client drops the answer). Reading and dispatching
    // interleave, so which ones are still queued is not certain; those that are answer "cancelled".
    for (const r of results) {
      if (r.status === 'rejected') assert.equal((r.reason as { code?: number }).code, LSPErrorCodes.RequestCancelled);
    }
    assert.ok(results.some((r) => r.status === 'rejected'), `no cancelled request answered "cancelled" (analysis ${analysisMs} ms, waited ${waited} ms)`);
    assert.ok(hover !== undefined);
    assert.ok(waited < analysisMs / 2 + 500, `the other file waited ${waited} ms; the slow file's analysis takes ${analysisMs} ms, so it ran`);
    client.close(uri);
    client.close(blocker);
  });
});

describe('outdated versions (pushed diagnostics)', () => {
  let client: TestClient;
  const published: { uri: string; version?: number }[] = [];
  /** Waits until diagnostics for `version` of `uri` were published. */
  const publishedFor = async (uri: string, version: number) => {
    const deadline = Date.now() + 30_000;
    while (!published.some((p) => p.uri === uri && p.version === version)) {
      if (Date.now() > deadline) throw new Error(`no diagnostics for version ${version}; got ${JSON.stringify(published)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  before(async () => {
    client = await TestClient.start({ pull: false });
    // Replaces the test client's own handler: this test reads every publication.
    client.connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number }) => { published.push({ uri: p.uri, version: p.version }); });
  });
  after(async () => {
    await client.stop();
    assert.equal(client.stderr.join(''), '', 'the server wrote to stderr');
  });

  test('a burst of edits is analysed once, for its last version', async () => {
    const uri = 'file:///outdated/burst.gigafactory.yaml';
    // After start-up the server re-publishes every open file once (settings and
    // catalogs loaded); wait for that, so only the burst's publications are counted.
    await client.ready;
    client.open(uri, SLOW);
    await publishedFor(uri, 1);
    published.length = 0;
    for (let i = 0; i < 5; i++) client.change(uri, SLOW.replace('count: 100000', `count: ${100001 + i}`));
    await publishedFor(uri, 6);
    const versions = published.filter((p) => p.uri === uri).map((p) => p.version);
    assert.deepEqual(versions, [6], `diagnostics were computed for outdated versions: ${versions.join(', ')}`);
  });
});
