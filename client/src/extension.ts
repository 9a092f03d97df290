/**
 * The VS Code side: starts the bundled language server and adds what only
 * VS Code can show (status bar, commands, language detection by content).
 * All scenario logic lives in the server.
 */
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { ServerReadyNotification } from '../../common/protocol';
import { SERVER_NODE_FLAGS } from '../../common/serverProcess';
import { registerAuthoring } from './newScenario';
import { registerReportCommands } from './report';

export const LANGUAGE_ID = 'gigafactory';
const CLIENT_ID = 'gigafactory';
const CLIENT_NAME = 'Gigafactory Scenarios';

let client: LanguageClient | undefined;

/** The running client, for the extension-host tests. */
export function getClient(): LanguageClient | undefined {
  return client;
}

export async function activate(context: vscode.ExtensionContext): Promise<{ client: LanguageClient | undefined; ready: Promise<ServerReadyNotification.Params> }> {
  const output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  const status = new ScenarioStatus();
  context.subscriptions.push(output, status);

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    // The Node options that bound the server's memory on large files (common/serverProcess.ts).
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Any scheme: scenarios in virtual workspaces and unsaved buffers are checked too.
    documentSelector: [{ language: LANGUAGE_ID }],
    outputChannel: output,
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}') },
    initializationOptions: { settings: vscode.workspace.getConfiguration('gigafactory') },
  };
  client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
  const c = client;
  let resolveReady!: (params: ServerReadyNotification.Params) => void;
  const ready = new Promise<ServerReadyNotification.Params>((r) => (resolveReady = r));
  context.subscriptions.push(
    c.onDidChangeState((e) => status.setServerState(e.newState)),
    c.onNotification(ServerReadyNotification.type, (params) => resolveReady(params)),
  );

  context.subscriptions.push(
    vscode.commands.registerCommand('gigafactory.restartServer', async () => {
      output.info('Restarting the language server');
      await c.restart();
    }),
    vscode.commands.registerCommand('gigafactory.showOutput', () => output.show(true)),
    vscode.workspace.onDidOpenTextDocument(detectScenario),
    vscode.languages.onDidChangeDiagnostics(() => status.update()),
    vscode.window.onDidChangeActiveTextEditor(() => status.update()),
  );
  registerReportCommands(context, c);
  registerAuthoring(context, c);
  vscode.workspace.textDocuments.forEach(detectScenario);
  status.update();
  await c.start();
  return { client: c, ready };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** YAML files whose first non-comment line is `apiVersion: gigafactory/v1` are scenarios too. */
function detectScenario(doc: vscode.TextDocument): void {
  if (doc.languageId !== 'yaml') return;
  for (let i = 0; i < Math.min(doc.lineCount, 50); i++) {
    const line = doc.lineAt(i).text.replace(/^\uFEFF/, '').trim();
    if (line === '' || line.startsWith('#') || line === '---') continue;
    if (/^apiVersion:\s*["']?gigafactory\/v1["']?\s*(#.*)?$/.test(line)) void vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
    return;
  }
}

/** Status bar: the server's state and whether the active scenario passes every check. */
class ScenarioStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('gigafactory.status', vscode.StatusBarAlignment.Left, 10);
  private serverState: State = State.Starting;

  constructor() {
    this.item.name = CLIENT_NAME;
    this.item.command = 'gigafactory.showOutput';
  }

  setServerState(state: State): void {
    this.serverState = state;
    this.update();
  }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== LANGUAGE_ID) {
      this.item.hide();
      return;
    }
    if (this.serverState !== State.Running) {
      this.item.text = this.serverState === State.Starting ? '$(sync~spin) Gigafactory' : '$(error) Gigafactory: server stopped';
      this.item.tooltip = this.serverState === State.Starting ? 'Starting the scenario language server' : 'The language server is not running. Run "Gigafactory: Restart Language Server".';
      this.item.command = this.serverState === State.Starting ? 'gigafactory.showOutput' : 'gigafactory.restartServer';
      this.item.show();
      return;
    }
    this.item.command = 'gigafactory.showOutput';
    const diags = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'gigafactory');
    const errors = diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const warnings = diags.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
    if (errors === 0 && warnings === 0) {
      this.item.text = '$(check) Scenario valid';
      this.item.tooltip = 'Every schema rule and cross-field check passes';
    } else {
      this.item.text = `$(${errors ? 'error' : 'warning'}) Scenario: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
      this.item.tooltip = 'Problems in this scenario (see the Problems panel)';
    }
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
