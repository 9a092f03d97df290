/// <reference types="mocha" />
/**
 * Authoring through the VS Code API, in a real extension host: completion,
 * the outline, go to definition into the read-only catalog view (a content
 * provider only VS Code has), find references, a refactor, and the
 * `Gigafactory: New Scenario` command.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, fixture, open, positionOf, waitFor } from './helpers';

suite('Authoring in the extension host', () => {
  suiteSetup(async () => {
    await activateExtension();
  });

  test('completion of a catalog id shows price and power', async () => {
    const doc = await open('valid.gigafactory.yaml');
    const at = positionOf(doc, /model: (nvidia-b200)/);
    const list = await waitFor('completion items', async () => {
      const l = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at);
      return l && l.items.length > 0 ? l : undefined;
    });
    const b200 = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'nvidia-b200');
    assert.ok(b200, `nvidia-b200 offered; got ${list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)).join(', ')}`);
    assert.equal(b200.detail, 'USD 35,000 · 1,000 W');
  });

  test('the outline lists the site, the accelerator line with its capex and the funding lines', async () => {
    const doc = await open('valid.gigafactory.yaml');
    const symbols = await waitFor('document symbols', async () => {
      const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
      return s && s.length > 0 ? s : undefined;
    });
    assert.ok(symbols.some((s) => s.name === 'site' && /AT/.test(s.detail)));
    const line = symbols.find((s) => s.name === 'hardware')?.children[0]?.children[0];
    assert.equal(line?.name, 'nvidia-b200 × 100,000');
    assert.match(line?.detail ?? '', /^capex €/);
    assert.ok((symbols.find((s) => s.name === 'funding')?.children.length ?? 0) >= 3);
  });

  test('go to definition of a catalog id opens its entry in the read-only catalog view', async () => {
    const doc = await open('valid.gigafactory.yaml');
    const at = positionOf(doc, /model: (nvidia-b200)/).translate(0, 3);
    const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, at);
    assert.equal(locations.length, 1);
    const loc = locations[0]!;
    const uri = 'targetUri' in loc ? loc.targetUri : loc.uri;
    const range = 'targetRange' in loc ? loc.targetRange : loc.range;
    assert.equal(uri.toString(), 'gigafactory-catalog:/accelerators.yaml');
    const view = await vscode.workspace.openTextDocument(uri);
    assert.equal(view.lineAt(range.start.line).text.trim(), '- id: nvidia-b200');
    assert.notEqual(view.languageId, 'gigafactory', 'the catalog view is not taken for a scenario');
  });

  test('find references of a catalog id lists the scenarios of the workspace that use it', async () => {
    const doc = await open('valid.gigafactory.yaml');
    const at = positionOf(doc, /model: (nvidia-b200)/);
    const refs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, at);
    const files = new Set(refs.map((r) => r.uri.path.split('/').pop()));
    assert.ok(files.has('valid.gigafactory.yaml') && files.has('grid-too-small.gigafactory.yaml'), JSON.stringify([...files]));
  });

  test('refactor: split an accelerator line keeps the total count', async () => {
    const doc = await open('valid.gigafactory.yaml');
    const at = positionOf(doc, /count: (100000)/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(at, at), vscode.CodeActionKind.Refactor.value);
    const split = actions.find((a) => a.title.startsWith('Split the nvidia-b200 line'));
    assert.ok(split?.edit, `a split refactor; offered ${JSON.stringify(actions.map((a) => a.title))}`);
    const before = doc.getText();
    assert.ok(await vscode.workspace.applyEdit(split.edit));
    try {
      assert.equal((doc.getText().match(/count: 50000/g) ?? []).length, 2);
    } finally {
      const all = new vscode.WorkspaceEdit();
      all.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), before);
      await vscode.workspace.applyEdit(all);
      await doc.save();
    }
  });

  test('Gigafactory: New Scenario writes a scenario that passes every check', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('gigafactory.newScenario', 'from-template');
    assert.ok(uri, 'the command returns the new file');
    assert.equal(uri.toString(), fixture('from-template.gigafactory.yaml').toString());
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      assert.match(doc.getText(), /name: from-template/);
      assert.equal(doc.languageId, 'gigafactory');
      // The server has seen it once hints arrive; then there must be no diagnostics at all.
      await waitFor('inlay hints on the new scenario', async () => {
        const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', uri, new vscode.Range(0, 0, doc.lineCount, 0));
        return hints && hints.length > 0;
      });
      assert.deepEqual(vscode.languages.getDiagnostics(uri).map((d) => d.message), []);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(uri);
    }
  });
});
