/**
 * A minimal LSP client for protocol tests: spawns the bundled server as a real
 * process over stdio and speaks JSON-RPC to it, as an editor would.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection,
} from 'vscode-languageserver-protocol/node';
import type {
  CodeAction, Diagnostic, DocumentDiagnosticReport, Hover, InitializeResult, InlayHint, Position, PublishDiagnosticsParams, Range,
} from 'vscode-languageserver-protocol';

export const ROOT = join(__dirname, '..', '..');
export const SERVER = join(ROOT, 'dist', 'server.js');

export interface ClientOptions {
  /** Ask for pull diagnostics (LSP 3.17); otherwise the server pushes them. */
  pull?: boolean;
  settings?: unknown;
  workspaceFolder?: string;
  /** Another server to run instead of ours (argv after `node`). */
  serverArgs?: string[];
  /** Answers `workspace/configuration` per section; default: `settings` for every item. */
  configuration?: (section: string | undefined) => unknown;
}

export class TestClient {
  readonly process: ChildProcessWithoutNullStreams;
  readonly connection: MessageConnection;
  readonly stderr: string[] = [];
  readonly logs: string[] = [];
  private readonly pushed = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: (() => void)[] = [];
  private versions = new Map<string, number>();
  initializeResult!: InitializeResult;
  /** Resolves when our server has loaded its settings and catalogs (never for other servers). */
  readonly ready: Promise<void>;

  private constructor(options: ClientOptions) {
    this.process = spawn(process.execPath, options.serverArgs ?? [SERVER, '--stdio'], { stdio: 'pipe' });
    this.process.stderr.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.pushed.set(p.uri, p);
      this.waiters.splice(0).forEach((w) => w());
    });
    this.ready = new Promise((resolve) => this.connection.onNotification('gigafactory/serverReady', () => resolve()));
    this.connection.onNotification('window/logMessage', (p: { message: string }) => { this.logs.push(p.message); });
    this.connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((i) => (options.configuration ? options.configuration(i.section) : options.settings ?? {})));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/inlayHint/refresh', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => null);
    this.connection.listen();
  }

  static async start(options: ClientOptions = {}): Promise<TestClient> {
    const c = new TestClient(options);
    const folder = options.workspaceFolder ?? ROOT;
    c.initializeResult = await c.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(folder).href,
      workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'ws' }],
      capabilities: {
        workspace: { configuration: true, inlayHint: { refreshSupport: true } },
        textDocument: {
          ...(options.pull === false ? {} : { diagnostic: { dynamicRegistration: false } }),
          publishDiagnostics: {},
          hover: { contentFormat: ['markdown', 'plaintext'] },
          inlayHint: {},
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'refactor.rewrite'] } } },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } },
        },
      },
      initializationOptions: { settings: options.settings },
    });
    await c.connection.sendNotification('initialized', {});
    return c;
  }

  open(uri: string, text: string, languageId = 'gigafactory'): void {
    this.versions.set(uri, 1);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces a range (or the whole text when `range` is omitted). */
  change(uri: string, text: string, range?: Range): void {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    void this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [range ? { range, text } : { text }],
    });
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const report = await this.connection.sendRequest<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
    return report.kind === 'full' ? report.items : [];
  }

  /** Waits for pushed diagnostics of `uri` with at least the given version. */
  async pushedDiagnostics(uri: string, version = 1, timeoutMs = 10000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = this.pushed.get(uri);
      if (p && (p.version === undefined || p.version >= version)) return p.diagnostics;
      if (Date.now() > deadline) throw new Error(`no diagnostics pushed for ${uri}`);
      await new Promise<void>((r) => { this.waiters.push(r); setTimeout(r, 100); });
    }
  }

  inlayHints(uri: string, range: Range): Promise<InlayHint[] | null> {
    return this.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range });
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[] = []): Promise<CodeAction[] | null> {
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params);
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      void this.connection.sendNotification('exit');
    } catch {
      // the process may already be gone
    }
    this.connection.dispose();
    await new Promise<void>((r) => {
      if (this.process.exitCode !== null) return r();
      const t = setTimeout(() => { this.process.kill('SIGKILL'); r(); }, 2000);
      this.process.once('exit', () => { clearTimeout(t); r(); });
    });
  }
}

/** Offset → LSP position in `text` (UTF-16, as the server reports). */
export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === '\n') { line++; lineStart = i + 1; }
  }
  return { line, character: offset - lineStart };
}

/** Applies LSP text edits to a text. */
export function applyEdits(text: string, edits: { range: Range; newText: string }[]): string {
  const offsetOf = (p: Position) => {
    let off = 0;
    for (let l = 0; l < p.line; l++) off = text.indexOf('\n', off) + 1;
    return off + p.character;
  };
  const sorted = edits.map((e) => ({ s: offsetOf(e.range.start), e: offsetOf(e.range.end), t: e.newText })).sort((a, b) => b.s - a.s);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.s) + e.t + out.slice(e.e);
  return out;
}
