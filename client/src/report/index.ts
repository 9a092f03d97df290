/**
 * The cost report in the editor: "Gigafactory: Show Cost Report" opens the
 * scenario's report (the page `gigafactory report --format html` writes) in a
 * webview beside the editor, and "Gigafactory: Compare With…" compares the
 * scenario with another file or with its version at git HEAD. The pages come
 * from the language server, which builds them from the analysis it already
 * holds; the webview refreshes as the scenario changes. No script runs in the
 * webview: the page is static HTML and SVG under a strict content policy.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CompareRequest, ReportRequest } from '../../../common/protocol';
import { readHeadVersion } from './git';

export const SHOW_REPORT_COMMAND = 'gigafactory.showReport';
export const COMPARE_COMMAND = 'gigafactory.compareWith';
const LANGUAGE_ID = 'gigafactory';
const REFRESH_DELAY_MS = 300;

/** What a panel shows, re-requested from the server on every change of the scenario. */
interface PanelSource {
  uri: vscode.Uri;
  fetch(): Promise<{ title: string; html: string } | null>;
}

class ReportPanel implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private version = 0;

  constructor(readonly panel: vscode.WebviewPanel, private readonly source: PanelSource, onDispose: () => void) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === source.uri.toString()) this.schedule();
      }),
      panel.onDidDispose(() => {
        onDispose();
        this.dispose();
      }),
    );
  }

  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  async refresh(): Promise<void> {
    const mine = ++this.version;
    try {
      const page = await this.source.fetch();
      if (mine !== this.version) return; // A newer refresh is on its way.
      if (!page) return; // The document closed: keep showing the last report.
      this.panel.title = page.title;
      this.panel.webview.html = page.html;
    } catch (e) {
      if (mine === this.version) void vscode.window.showWarningMessage(`Gigafactory: the report could not be updated: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.disposables.forEach((d) => d.dispose());
  }
}

/** The scenario a command is about: the resource it was invoked on, or the active editor's. */
async function scenarioDocument(arg: unknown): Promise<vscode.TextDocument | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showInformationMessage('Gigafactory: open a scenario file (*.gigafactory.yaml) first.');
    return undefined;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== LANGUAGE_ID) {
    void vscode.window.showInformationMessage('Gigafactory: the report needs a scenario file (*.gigafactory.yaml, or YAML starting with apiVersion: gigafactory/v1).');
    return undefined;
  }
  return doc;
}

function baseName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

function createPanel(kind: string, title: string): vscode.WebviewPanel {
  return vscode.window.createWebviewPanel(kind, title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
    enableScripts: false,
    enableFindWidget: true,
    localResourceRoots: [],
  });
}

/** Registers the report commands; the panels live until closed or the extension stops. */
export function registerReportCommands(context: vscode.ExtensionContext, client: LanguageClient): void {
  const panels = new Map<string, ReportPanel>();

  const open = async (key: string, kind: string, title: string, source: PanelSource): Promise<void> => {
    const existing = panels.get(key);
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      await existing.refresh();
      return;
    }
    const panel = createPanel(kind, title);
    const rp = new ReportPanel(panel, source, () => panels.delete(key));
    panels.set(key, rp);
    panel.webview.html = `<!DOCTYPE html><html><body><p>Computing the report…</p></body></html>`;
    await rp.refresh();
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_REPORT_COMMAND, async (arg?: unknown) => {
      const doc = await scenarioDocument(arg);
      if (!doc) return;
      const uri = doc.uri.toString();
      await open(`report:${uri}`, 'gigafactory.report', `Report: ${baseName(doc.uri)}`, {
        uri: doc.uri,
        fetch: () => client.sendRequest(ReportRequest.type, { uri }),
      });
    }),
    vscode.commands.registerCommand(COMPARE_COMMAND, async (arg?: unknown, otherArg?: unknown) => {
      const doc = await scenarioDocument(arg);
      if (!doc) return;
      const other = otherArg instanceof vscode.Uri ? await readOther(otherArg) : await pickOther(doc);
      if (!other) return;
      const uri = doc.uri.toString();
      await open(`compare:${uri}:${other.key}`, 'gigafactory.compare', `${baseName(doc.uri)} ↔ ${other.label}`, {
        uri: doc.uri,
        fetch: () => client.sendRequest(CompareRequest.type, { uri, otherText: other.text, otherLabel: other.label, label: baseName(doc.uri) }),
      });
    }),
    { dispose: () => panels.forEach((p) => p.panel.dispose()) },
  );
}

interface Other {
  key: string;
  label: string;
  text: string;
}

async function readOther(uri: vscode.Uri): Promise<Other | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  try {
    const text = open ? open.getText() : new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri)).replace(/^\uFEFF/, '');
    return { key: uri.toString(), label: baseName(uri), text };
  } catch (e) {
    void vscode.window.showErrorMessage(`Gigafactory: ${baseName(uri)} could not be read: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

async function pickOther(doc: vscode.TextDocument): Promise<Other | undefined> {
  const items: (vscode.QuickPickItem & { id: 'file' | 'head' })[] = [
    { id: 'head', label: '$(git-commit) Version at git HEAD', description: 'the last committed version of this file' },
    { id: 'file', label: '$(file) Another scenario file…', description: 'pick a *.gigafactory.yaml file' },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: `Compare ${baseName(doc.uri)} with…`, placeHolder: 'What to compare the open scenario with' });
  if (!pick) return undefined;
  if (pick.id === 'file') {
    const dir = vscode.Uri.joinPath(doc.uri, '..');
    const chosen = await vscode.window.showOpenDialog({
      canSelectMany: false, defaultUri: dir, openLabel: 'Compare',
      filters: { 'Gigafactory scenarios': ['yaml', 'yml'] },
    });
    return chosen?.[0] ? readOther(chosen[0]) : undefined;
  }
  const head = await readHeadVersion(doc.uri);
  if (!head.ok) {
    void vscode.window.showWarningMessage(`Gigafactory: no version at HEAD to compare with: ${head.message}`);
    return undefined;
  }
  return { key: 'HEAD', label: `${baseName(doc.uri)} at HEAD`, text: head.text };
}
