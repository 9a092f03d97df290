/**
 * Workspace catalog files are read only from inside a workspace folder: no
 * path traversal, no absolute path elsewhere, no symlink (to a file or to a
 * folder) that leads out. Each test builds a real directory tree in a
 * temporary folder and uses the real file system, as the server does.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CatalogStore, type FileSystem } from '../../server/src/catalogStore';

/** A catalog that adds one accelerator, `id`, so a test can see whether the file was read. */
const catalogWith = (id: string) => `apiVersion: gigafactory/v1
kind: Catalog
accelerators:
  - id: ${id}
    vendor: Test
    unitPrice: 20000 EUR
    power: 900 W
    source: test
`;

describe('catalog files stay inside the workspace', () => {
  let root: string;
  let ws: string;
  const reads: string[] = [];
  const errors: string[] = [];
  const fs: FileSystem = { readFile: async (p) => { reads.push(p); return readFile(p, 'utf8'); }, realpath };

  before(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'gigafactory-catalog-')));
    ws = join(root, 'ws');
    mkdirSync(join(ws, 'catalogs'), { recursive: true });
    mkdirSync(join(root, 'outside'));
    mkdirSync(join(root, 'ws-evil'));
    writeFileSync(join(ws, 'catalogs', 'inside.yaml'), catalogWith('inside-x1'));
    writeFileSync(join(root, 'outside', 'secret.yaml'), catalogWith('outside-x1'));
    writeFileSync(join(root, 'ws-evil', 'sibling.yaml'), catalogWith('sibling-x1'));
    symlinkSync(join(root, 'outside', 'secret.yaml'), join(ws, 'link-to-file.yaml'));
    symlinkSync(join(root, 'outside'), join(ws, 'link-to-folder'));
    symlinkSync(join(ws, 'catalogs', 'inside.yaml'), join(ws, 'link-inside.yaml'));
    symlinkSync(ws, join(root, 'ws-link'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  /** Loads `files` with `folder` as the workspace and returns the store's accelerator ids. */
  async function load(files: string[], folder = ws): Promise<Set<string>> {
    reads.length = 0;
    errors.length = 0;
    const store = new CatalogStore(fs, { error: (m) => errors.push(m), info: () => undefined });
    store.setWorkspaceFolders([pathToFileURL(folder).href]);
    await store.load(files);
    return new Set(store.catalog.accelerators.keys());
  }

  test('a file inside the workspace is read', async () => {
    assert.ok((await load(['catalogs/inside.yaml'])).has('inside-x1'));
    assert.deepEqual(errors, []);
  });

  test('a symlink that stays inside the workspace is read', async () => {
    assert.ok((await load(['link-inside.yaml'])).has('inside-x1'));
  });

  const refused: [string, (r: string) => string][] = [
    ['path traversal with ..', () => '../outside/secret.yaml'],
    ['traversal that comes back out through the folder name', () => 'catalogs/../../outside/secret.yaml'],
    ['a sibling folder that shares the name as a prefix (ws-evil)', () => '../ws-evil/sibling.yaml'],
    ['an absolute path outside', (r) => join(r, 'outside', 'secret.yaml')],
    ['a symlinked file that leads out', () => 'link-to-file.yaml'],
    ['a file in a symlinked folder that leads out', () => 'link-to-folder/secret.yaml'],
    ['a system file', () => '/etc/passwd'],
    ['the workspace folder itself', () => '.'],
    ['an empty path', () => ''],
  ];
  for (const [what, path] of refused) {
    test(`refused: ${what}`, async () => {
      const ids = await load([path(root)]);
      assert.ok(!ids.has('outside-x1') && !ids.has('sibling-x1'), 'the outside catalog was merged');
      assert.ok(!reads.some((r) => !r.startsWith(ws + '/')), `read outside the workspace: ${reads.join(', ')}`);
      assert.ok(errors.some((e) => /not inside a workspace folder|could not be read/.test(e)), errors.join('\n'));
    });
  }

  test('a workspace folder opened through a symlink still reads its own files, and only those', async () => {
    const link = join(root, 'ws-link');
    assert.ok((await load(['catalogs/inside.yaml'], link)).has('inside-x1'));
    assert.ok(!(await load(['../outside/secret.yaml'], link)).has('outside-x1'));
  });

  test('a missing file is logged and skipped; the built-in catalog stays', async () => {
    const ids = await load(['catalogs/missing.yaml']);
    assert.ok(ids.has('nvidia-b200'));
    assert.ok(errors.length > 0);
  });

  test('folders that are not file: URIs are never read', async () => {
    reads.length = 0;
    const store = new CatalogStore(fs, { error: () => undefined, info: () => undefined });
    store.setWorkspaceFolders(['vscode-vfs://github/org/repo', 'untitled:Untitled-1']);
    await store.load(['catalogs/inside.yaml', '/etc/passwd']);
    assert.deepEqual(reads, []);
  });

  test('a hostile catalog file (alias bomb) is logged, not merged, and does not throw', async () => {
    const bomb = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) bomb.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    writeFileSync(join(ws, 'catalogs', 'bomb.yaml'), `${catalogWith('bomb-x1')}${bomb.join('\n')}\n`);
    const ids = await load(['catalogs/bomb.yaml']);
    assert.ok(!ids.has('bomb-x1'));
    assert.ok(errors.length > 0, 'the refusal is logged');
  });
});
