/**
 * Untrusted workspaces: the extension declares support (it reads scenario and
 * catalog files and runs nothing from the workspace), so every place that
 * could run a program, load code or reach the network must either not exist
 * or sit behind a workspace-trust check. These tests read the sources and the
 * manifest; the real-editor suites exercise the behaviour.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { ROOT } from '../protocol/lspClient';

/** Every TypeScript source of the extension (client, server, shared), except the CLI, which the user runs. */
function sources(): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (name !== 'cli' && name !== 'generated') walk(p);
      } else if (p.endsWith('.ts')) {
        out.push({ file: relative(ROOT, p), text: readFileSync(p, 'utf8') });
      }
    }
  };
  for (const d of ['client/src', 'server/src', 'common']) walk(join(ROOT, d));
  return out;
}

describe('untrusted workspaces', () => {
  test('the manifest declares support, with what the extension does not do', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, true);
    assert.match(manifest.capabilities.untrustedWorkspaces.description, /runs no code/);
  });

  test('no network access anywhere: no http, https, net, tls, dgram, fetch or WebSocket', () => {
    for (const { file, text } of sources()) {
      assert.doesNotMatch(text, /from ['"]node:(http|https|net|tls|dgram|http2)['"]|require\(['"](http|https|net|tls)['"]\)|\bWebSocket\b|XMLHttpRequest/, file);
      assert.doesNotMatch(text, /([=(,;!?:]\s*|\bawait\s+|\breturn\s+|^\s*)fetch\((?!\)\s*:)/m, `${file} calls fetch`);
    }
  });

  test('no code is loaded or evaluated at run time: no eval, new Function, vm, dynamic require or import of a path', () => {
    for (const { file, text } of sources()) {
      assert.doesNotMatch(text, /\beval\(|new Function\(|from ['"]node:vm['"]|\brequire\(\s*[^'"\s]|\bimport\(\s*[^'"\s]/, file);
    }
  });

  test('every place that runs a program checks workspace trust first', () => {
    const runners = sources().filter(({ text }) => /from ['"]node:child_process['"]/.test(text));
    for (const { file, text } of runners) {
      const checks = text.indexOf('workspace.isTrusted');
      const runs = text.search(/\b(execFile|spawn|exec|fork)\(/);
      assert.ok(checks >= 0 && checks < runs, `${file} runs a program without checking workspace trust first`);
    }
  });
});
