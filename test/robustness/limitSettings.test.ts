/**
 * The limits are settings (gigafactory.limits.maxFileSize, maxAliasCount),
 * read over workspace/configuration as an editor serves them: honoured at
 * start, again after a configuration change, and ignored when ill-typed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { ROOT, TestClient } from '../protocol/lspClient';

const EXAMPLE = readFileSync(join(ROOT, 'examples', 'bavaria-b200.gigafactory.yaml'), 'utf8');
/** Three aliases to a three-item list: within the default limit of 100, above a limit of 2. */
const ALIASES = `${EXAMPLE}x: &x [1, 2, 3]\ny: [*x, *x, *x]\n`;
const message = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);
const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code));

describe('limits as settings over workspace/configuration', () => {
  let client: TestClient;
  let limits: unknown = { maxFileSize: 1000, maxAliasCount: 2 };
  const refreshed: number[] = [];

  before(async () => {
    client = await TestClient.start({ configuration: (section) => (section === 'gigafactory' ? { limits } : {}) });
    client.connection.onRequest('workspace/diagnostic/refresh', () => { refreshed.push(Date.now()); return null; });
  });
  after(async () => {
    await client.stop();
    assert.equal(client.stderr.join(''), '', 'the server wrote to stderr');
  });

  /** Sends a configuration change and waits until the server asks the client to refresh diagnostics. */
  async function reconfigure(next: unknown) {
    limits = next;
    const before = refreshed.length;
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const deadline = Date.now() + 10_000;
    while (refreshed.length === before) {
      if (Date.now() > deadline) throw new Error('the server did not refresh diagnostics after the change');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  test('a file above the configured size gets one diagnostic naming the limit and the setting', async () => {
    // The server reads the configuration after `initialized`; the first request may come before.
    await reconfigure({ maxFileSize: 1000, maxAliasCount: 2 });
    client.open('file:///limits/large.gigafactory.yaml', EXAMPLE);
    const ds = await client.diagnostics('file:///limits/large.gigafactory.yaml');
    assert.deepEqual(codes(ds), ['limit-file-size']);
    assert.match(message(ds[0]!), new RegExp(`is ${EXAMPLE.length.toLocaleString('en')} characters, above the limit of 1,000 characters \\(setting gigafactory\\.limits\\.maxFileSize\\)`));
  });

  test('more alias expansions than configured: refused as an alias bomb, naming the setting', async () => {
    await reconfigure({ maxFileSize: 10_000_000, maxAliasCount: 2 });
    client.open('file:///limits/aliases.gigafactory.yaml', ALIASES);
    const ds = await client.diagnostics('file:///limits/aliases.gigafactory.yaml');
    assert.deepEqual(codes(ds), ['limit-aliases']);
    assert.match(message(ds[0]!), /gigafactory\.limits\.maxAliasCount/);
  });

  test('a configuration change applies to open files at once', async () => {
    await reconfigure({ maxFileSize: 10_000_000, maxAliasCount: 100 });
    assert.deepEqual(codes(await client.diagnostics('file:///limits/large.gigafactory.yaml')), []);
    assert.ok(!codes(await client.diagnostics('file:///limits/aliases.gigafactory.yaml')).includes('limit-aliases'));
    await reconfigure({ maxFileSize: 1000, maxAliasCount: 0 });
    assert.deepEqual(codes(await client.diagnostics('file:///limits/large.gigafactory.yaml')), ['limit-file-size']);
  });

  test('ill-typed or out-of-range values fall back to the defaults (5 MB, 100 aliases)', async () => {
    for (const bad of [{ maxFileSize: -1, maxAliasCount: -3 }, { maxFileSize: 'big', maxAliasCount: 1.5 }, { maxFileSize: null }, 'nonsense', { maxFileSize: Number.NaN }]) {
      await reconfigure(bad);
      assert.deepEqual(codes(await client.diagnostics('file:///limits/large.gigafactory.yaml')), [], JSON.stringify(bad));
      assert.ok(!codes(await client.diagnostics('file:///limits/aliases.gigafactory.yaml')).includes('limit-aliases'), JSON.stringify(bad));
    }
  });
});
