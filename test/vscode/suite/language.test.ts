/// <reference types="mocha" />
/**
 * The extension's features through the VS Code API, in a real extension host:
 * the same providers the editor calls, against test/fixtures/workspace.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SERVER_NODE_FLAGS } from '../../../common/serverProcess';
import { activateExtension, hintLabel, hoverText, open, positionOf, waitFor, type ServerReady } from './helpers';

const errorsOf = (uri: vscode.Uri) =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);

suite('Gigafactory Scenarios in the extension host', () => {
  let ready: ServerReady | undefined;
  suiteSetup(async () => {
    ready = await activateExtension();
  });

  test('the server runs with the Node options that bound its memory (common/serverNodeFlags.json)', () => {
    assert.ok(ready, 'the server said it is ready');
    assert.deepEqual(ready.nodeFlags.filter((f) => SERVER_NODE_FLAGS.includes(f)), [...SERVER_NODE_FLAGS]);
    assert.ok(SERVER_NODE_FLAGS.length > 0);
  });

  test('*.gigafactory.yaml files get the gigafactory language', async () => {
    const doc = await open('valid.gigafactory.yaml');
    assert.equal(doc.languageId, 'gigafactory');
  });

  test('a plain .yaml file whose first line is apiVersion: gigafactory/v1 is a scenario too', async () => {
    const doc = await open('by-content.yaml');
    await waitFor('by-content.yaml to switch to gigafactory', () =>
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === doc.uri.toString() && d.languageId === 'gigafactory'),
    );
  });

  test('diagnostics: none on a valid scenario, an error on gridCapacity when the grid is too small', async () => {
    const valid = await open('valid.gigafactory.yaml');
    const broken = await open('grid-too-small.gigafactory.yaml');
    const errors = await waitFor('an error on grid-too-small', () => {
      const found = errorsOf(broken.uri);
      return found.length > 0 ? found : undefined;
    });
    const grid = positionOf(broken, /gridCapacity: (200 MW)/);
    const onGrid = errors.find((d) => d.range.start.line === grid.line);
    assert.ok(onGrid, `an error on line ${grid.line + 1}; got ${JSON.stringify(errors.map((e) => [e.range.start.line, e.message]))}`);
    assert.equal(onGrid.range.start.character, grid.character);
    assert.match(onGrid.message, /MW/);
    assert.deepEqual(errorsOf(valid.uri).map((d) => d.message), []);
  });

  test('inlay hints: power after pue, the summary with capex after metadata.name', async () => {
    const doc = await open('valid.gigafactory.yaml');
    const range = new vscode.Range(0, 0, doc.lineCount, 0);
    const hints = await waitFor('inlay hints', async () => {
      const found = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', doc.uri, range);
      return found && found.length > 0 ? found : undefined;
    });
    const pueLine = positionOf(doc, /pue: /).line;
    const nameLine = positionOf(doc, /name: fixture-valid/).line;
    const on = (line: number) => hints.filter((h) => h.position.line === line).map(hintLabel).join(' | ');
    assert.match(on(pueLine), /MW/);
    assert.match(on(nameLine), /capex/i);
  });

  test('hover on the scenario name: a breakdown table with capex', async () => {
    const doc = await open('valid.gigafactory.yaml');
    const at = positionOf(doc, /name: (fixture-valid)/).translate(0, 2);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
    const text = hoverText(hovers);
    assert.match(text, /capex/i);
    assert.match(text, /\|\s*-+/, 'a Markdown table');
  });

  test('quick fix: "Raise gridCapacity" repairs the grid error', async () => {
    const doc = await open('grid-too-small.gigafactory.yaml');
    const grid = positionOf(doc, /gridCapacity: (200 MW)/);
    await waitFor('the grid error', () => errorsOf(doc.uri).find((d) => d.range.start.line === grid.line));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      new vscode.Range(grid, grid.translate(0, 6)),
      vscode.CodeActionKind.QuickFix.value,
    );
    const raise = actions.find((a) => /Raise gridCapacity/i.test(a.title));
    assert.ok(raise?.edit, `a "Raise gridCapacity" fix with an edit; offered: ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.ok(await vscode.workspace.applyEdit(raise.edit));
    const line = doc.lineAt(grid.line).text;
    const mw = Number(/gridCapacity:\s*([\d.]+)\s*MW/.exec(line)?.[1]);
    assert.ok(mw >= 216, `raised to at least 216 MW: ${line}`);
    await waitFor('the grid error to go', () => !errorsOf(doc.uri).some((d) => d.range.start.line === grid.line));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('completion offers funding types and catalog ids, with documentation', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'gigafactory',
      content: 'apiVersion: gigafactory/v1\nkind: Scenario\nhardware:\n  accelerators:\n    - model: \n      count: 1\nfunding:\n  - name: x\n    type: \n    amount: 1\n',
    });
    await vscode.window.showTextDocument(doc);
    const labels = async (line: number) => {
      const at = new vscode.Position(line, doc.lineAt(line).text.length);
      // Resolve the items too, so lazily computed documentation is filled in.
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at, undefined, 100);
      return list.items;
    };
    const label = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);
    const models = await waitFor('catalog ids', async () => {
      const items = await labels(4);
      return items.some((i) => label(i) === 'nvidia-b200') ? items : undefined;
    });
    const b200 = models.find((i) => label(i) === 'nvidia-b200')!;
    assert.ok(b200.documentation || b200.detail, 'the catalog id comes with documentation');
    const types = await labels(8);
    assert.ok(types.some((i) => label(i) === 'eu-grant'), `funding types offered: ${types.map(label).join(', ')}`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
