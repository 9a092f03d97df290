/**
 * Completion, outline, folding, go to definition, find references and the
 * refactors over stdio, against the bundled server, in a workspace of real
 * scenario files and a workspace catalog.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CompletionItem, DocumentSymbol, FoldingRange, Location, TextEdit } from 'vscode-languageserver-protocol';
import { cursor, VALID_SCENARIO } from '../helpers/markers';
import { applyEdits, positionAt, TestClient } from './lspClient';

const CATALOG = `# Our quotes.
kind: Catalog
apiVersion: gigafactory/v1
accelerators:
  - id: acme-x1
    unitPrice: 20k USD
    power: 800 W
    source: ACME quote
    date: "2026-01"
`;

describe('navigation and authoring over stdio', () => {
  let client: TestClient;
  let ws: string;
  const uriOf = (name: string) => pathToFileURL(join(ws, name)).href;

  before(async () => {
    ws = mkdtempSync(join(tmpdir(), 'gigafactory-nav-'));
    writeFileSync(join(ws, 'quotes.yaml'), CATALOG);
    writeFileSync(join(ws, 'a.gigafactory.yaml'), VALID_SCENARIO);
    writeFileSync(join(ws, 'b.gigafactory.yaml'), VALID_SCENARIO.replace('      count: 100000\n', '      count: 90000\n    - model: acme-x1\n      count: 10000\n'));
    writeFileSync(join(ws, 'other.yaml'), 'model: nvidia-b200\n');
    const settings = { catalogFiles: ['quotes.yaml'] };
    client = await TestClient.start({ workspaceFolder: ws, settings, configuration: () => settings });
  });
  after(async () => {
    await client.stop();
    rmSync(ws, { recursive: true, force: true });
    assert.equal(client.stderr.join(''), '', 'the server wrote to stderr');
  });

  test('the server announces the features', () => {
    const caps = client.initializeResult.capabilities;
    assert.ok(caps.completionProvider);
    assert.equal(caps.documentSymbolProvider, true);
    assert.equal(caps.foldingRangeProvider, true);
    assert.equal(caps.definitionProvider, true);
    assert.equal(caps.referencesProvider, true);
    const kinds = (caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds;
    assert.deepEqual(kinds, ['quickfix', 'refactor.rewrite', 'refactor.extract', 'source.fixAll']);
  });

  test('completion of a catalog id: a text edit over the word, price and power in the detail', async () => {
    const { text, offset } = cursor(VALID_SCENARIO.replace('model: nvidia-b200', 'model: nvidia-b|'));
    const uri = uriOf('completion.gigafactory.yaml');
    client.open(uri, text);
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionAt(text, offset) });
    const b200 = items.find((i) => i.label === 'nvidia-b200')!;
    assert.equal(b200.detail, 'USD 35,000 · 1,000 W');
    const edit = b200.textEdit as TextEdit;
    assert.equal(applyEdits(text, [edit]), VALID_SCENARIO);
    client.close(uri);
  });

  test('completion of a key is a snippet where it opens a block, and asks again for values', async () => {
    const { text, offset } = cursor(`${VALID_SCENARIO}|`);
    const uri = uriOf('keys.gigafactory.yaml');
    client.open(uri, text);
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: positionAt(text, offset) });
    const timeline = items.find((i) => i.label === 'timeline')!;
    assert.equal(timeline.insertTextFormat, 2);
    assert.equal((timeline.textEdit as TextEdit).newText, 'timeline:\n  $0');
    assert.equal(items.find((i) => i.label === 'currency')!.command?.command, 'editor.action.triggerSuggest');
    assert.equal((items.find((i) => i.label === 'currency')!.documentation as { kind: string }).kind, 'markdown');
    client.close(uri);
  });

  test('outline and folding', async () => {
    const uri = uriOf('a.gigafactory.yaml');
    client.open(uri, VALID_SCENARIO);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((s) => s.name), ['apiVersion', 'kind', 'metadata', 'site', 'hardware', 'power', 'funding']);
    const line = symbols.find((s) => s.name === 'hardware')!.children![0]!.children![0]!;
    assert.equal(line.name, 'nvidia-b200 × 100,000');
    assert.equal(line.detail, 'capex €3.23B');
    const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.ok(folds.some((f) => f.startLine === 7 && f.endLine === 10), JSON.stringify(folds));
    client.close(uri);
  });

  test('go to definition of a built-in id opens its entry in the catalog view', async () => {
    const { text, offset } = cursor(VALID_SCENARIO.replace('model: nvidia-b200', 'model: nvidia-|b200'));
    const uri = uriOf('def.gigafactory.yaml');
    client.open(uri, text);
    const loc = await client.request<Location>('textDocument/definition', { textDocument: { uri }, position: positionAt(text, offset) });
    assert.equal(loc.uri, 'gigafactory-catalog:/accelerators.yaml');
    const view = await client.request<{ text: string } | null>('gigafactory/catalogDocument', { uri: loc.uri });
    const lines = view!.text.split('\n');
    assert.equal(lines[loc.range.start.line]!.slice(loc.range.start.character, loc.range.end.character), 'id: nvidia-b200');
    assert.equal(await client.request('gigafactory/catalogDocument', { uri: 'gigafactory-catalog:/nothing.yaml' }), null);
    client.close(uri);
  });

  test('go to definition of a workspace id opens the workspace catalog at the entry', async () => {
    const text = readFileSync(join(ws, 'b.gigafactory.yaml'), 'utf8');
    const uri = uriOf('b.gigafactory.yaml');
    client.open(uri, text);
    const position = positionAt(text, text.indexOf('acme-x1') + 2);
    let loc: Location | null = null;
    // The workspace catalog loads after `initialized`; ask until it is in.
    for (let i = 0; i < 50 && !loc; i++) {
      loc = await client.request<Location | null>('textDocument/definition', { textDocument: { uri }, position });
      if (!loc) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(loc, 'no definition for acme-x1');
    assert.equal(loc.uri, pathToFileURL(join(ws, 'quotes.yaml')).href);
    assert.equal(CATALOG.split('\n')[loc.range.start.line], '  - id: acme-x1');
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position });
    assert.ok(items.some((i) => i.label === 'acme-x1' && i.detail === 'USD 20,000 · 800 W'), 'the workspace catalog id is offered');
    client.close(uri);
  });

  test('find references of an id across the workspace scenarios, open ones as edited', async () => {
    const edited = VALID_SCENARIO.replace('      count: 100000\n', '      count: 50000\n    - model: nvidia-b200\n      count: 50000\n');
    const uri = uriOf('a.gigafactory.yaml');
    client.open(uri, edited);
    const position = positionAt(edited, edited.indexOf('nvidia-b200') + 1);
    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: false } });
    const byFile = refs.map((r) => `${r.uri.split('/').pop()}:${r.range.start.line}`).sort();
    assert.deepEqual(byFile, ['a.gigafactory.yaml:11', 'a.gigafactory.yaml:9', 'b.gigafactory.yaml:9']);
    const withDecl = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } });
    assert.ok(withDecl.some((r) => r.uri === 'gigafactory-catalog:/accelerators.yaml'));
    client.close(uri);
  });

  test('refactors: split a line, offered without a diagnostic, only when asked for refactors', async () => {
    const uri = uriOf('refactor.gigafactory.yaml');
    client.open(uri, VALID_SCENARIO);
    const at = positionAt(VALID_SCENARIO, VALID_SCENARIO.indexOf('count: 100000'));
    const actions = (await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: at, end: at }, context: { diagnostics: [], only: ['refactor'] } }));
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Split the nvidia-b200 line into two (50000 + 50000)'), titles.join(' | '));
    assert.ok(titles.some((t) => t.startsWith('Make every default explicit')));
    const split = actions.find((a) => a.title.startsWith('Split'))!;
    const after = applyEdits(VALID_SCENARIO, split.edit!.changes![uri]!);
    assert.equal(after, VALID_SCENARIO.replace('      count: 100000\n', '      count: 50000\n    - model: nvidia-b200\n      count: 50000\n'));
    const quick = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: at, end: at }, context: { diagnostics: [], only: ['quickfix'] } });
    assert.deepEqual(quick, []);
    client.close(uri);
    // On a broken file, asking for refactors brings no quick fix, and the other way round.
    const broken = VALID_SCENARIO.replace('gridCapacity: 300 MW', 'gridCapacity: 250 EUR');
    const brokenUri = uriOf('broken.gigafactory.yaml');
    client.open(brokenUri, broken);
    const everything = { start: positionAt(broken, 0), end: positionAt(broken, broken.length) };
    const diagnostics = await client.diagnostics(brokenUri);
    const onlyRefactors = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: brokenUri }, range: everything, context: { diagnostics, only: ['refactor'] } });
    assert.ok(onlyRefactors.length > 0 && onlyRefactors.every((a) => a.kind!.startsWith('refactor')));
    const onlyFixes = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: brokenUri }, range: everything, context: { diagnostics, only: ['quickfix'] } });
    assert.deepEqual(onlyFixes.map((a) => a.title), ['Write 250 MW (gridCapacity is a power, in MW when bare)']);
    client.close(brokenUri);
  });
});
