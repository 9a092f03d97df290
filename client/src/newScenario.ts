/**
 * VS Code-only pieces of authoring: the `Gigafactory: New Scenario` command,
 * and the read-only catalog views that go to definition opens for built-in
 * catalog entries (the server renders them; a content provider shows them).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CatalogDocumentRequest } from '../../common/protocol';
import { SCENARIO_TEMPLATE } from '../../common/scenarioTemplate';

/** URI scheme of the catalog views; the server names the same. */
export const CATALOG_SCHEME = 'gigafactory-catalog';

/** Registers the New Scenario command and the catalog view provider. */
export function registerAuthoring(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('gigafactory.newScenario', newScenario),
    vscode.workspace.registerTextDocumentContentProvider(CATALOG_SCHEME, {
      async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
        const result = await client.sendRequest(CatalogDocumentRequest.type, { uri: uri.toString() }, token);
        return result?.text ?? `# ${uri.toString()} is not a catalog view of this extension.\n`;
      },
    }),
  );
}

/**
 * Creates a scenario from the template: in the workspace when one is open
 * (asking for a name unless one is given, never overwriting a file), else as
 * an untitled editor. Returns the new document's URI.
 */
async function newScenario(givenName?: unknown): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    const doc = await vscode.workspace.openTextDocument({ language: 'gigafactory', content: SCENARIO_TEMPLATE });
    await vscode.window.showTextDocument(doc);
    return doc.uri;
  }
  const valid = (v: string) => /^[a-z0-9][a-z0-9-]*$/.test(v);
  const name = typeof givenName === 'string' && valid(givenName) ? givenName : await vscode.window.showInputBox({
    title: 'New Gigafactory Scenario',
    prompt: 'Scenario id: lower-case letters, digits and hyphens',
    value: 'new-scenario',
    validateInput: (v) => (valid(v) ? undefined : 'Use lower-case letters, digits and hyphens, starting with a letter or digit.'),
  });
  if (!name) return undefined;
  const target = vscode.Uri.joinPath(folder.uri, `${name}.gigafactory.yaml`);
  try {
    await vscode.workspace.fs.stat(target);
    void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(target)} exists already; choose another name.`);
    return undefined;
  } catch {
    // Not there yet: create it.
  }
  const text = SCENARIO_TEMPLATE.replace('name: new-scenario', `name: ${name}`);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  await vscode.window.showTextDocument(target);
  return target;
}
