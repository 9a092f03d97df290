/**
 * The language server: LSP glue around the scenario library. Handlers look up
 * the document's analysis (computed once per version) and translate between
 * LSP positions and the library's offsets. No scenario logic lives here.
 */
import {
  CodeActionKind, DiagnosticSeverity, DidChangeConfigurationNotification, DocumentDiagnosticReportKind,
  TextDocumentSyncKind, TextDocuments, type CodeAction, type Connection, type Diagnostic,
  type InitializeResult, type InlayHint, type Range,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ServerReadyNotification } from '../../common/protocol';
import { DEFAULT_SETTINGS, resolveSettings, type GigafactorySettings } from '../../common/settings';
import { CatalogStore, type FileSystem } from './catalogStore';
import { runSafe } from './runSafe';
import { analyze, type ScenarioAnalysis } from './scenario/analysis';
import { IncrementalAnalyzer } from './scenario/incremental/analyzer';
import { hover } from './scenario/hover';
import { inlayHints } from './scenario/inlayHints';
import { repairsFor } from './scenario/quickFixes';
import type { Problem, Severity, Span } from './scenario/types';

declare const SERVER_VERSION: string | undefined;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Runtime services the server needs from its host. */
export interface ServerRuntime {
  fs: FileSystem;
}

/** Starts serving LSP on `connection`. */
export function startServer(connection: Connection, runtime: ServerRuntime): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new Map<string, { version: number; analysis: ScenarioAnalysis }>();
  // One incremental analyzer per open document: an edit re-analyses only what it touched.
  const analyzers = new Map<string, IncrementalAnalyzer>();
  const logger = { error: (m: string) => connection.console.error(m), info: (m: string) => connection.console.info(m) };
  const catalogs = new CatalogStore(runtime.fs, logger);
  let settings: GigafactorySettings = DEFAULT_SETTINGS;
  let pullDiagnostics = false;
  let configurationRequests = false;

  /** The analysis of the document's current version, computed at most once. */
  function analysisOf(doc: TextDocument): ScenarioAnalysis {
    const hit = cache.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.analysis;
    let analyzer = analyzers.get(doc.uri);
    if (!analyzer) analyzers.set(doc.uri, (analyzer = new IncrementalAnalyzer()));
    const analysis = analyzer.update(doc.getText(), { catalog: catalogs.catalog, limits: settings.limits });
    cache.set(doc.uri, { version: doc.version, analysis });
    return analysis;
  }

  const toRange = (doc: TextDocument, span: Span): Range => ({ start: doc.positionAt(span.start), end: doc.positionAt(span.end) });

  function toDiagnostic(doc: TextDocument, p: Problem): Diagnostic {
    return { range: toRange(doc, p.span), severity: SEVERITY[p.severity], source: 'gigafactory', code: p.code, message: p.message };
  }

  function diagnosticsOf(doc: TextDocument): Diagnostic[] {
    return analysisOf(doc).problems.map((p) => toDiagnostic(doc, p));
  }

  function pushDiagnostics(doc: TextDocument): void {
    if (pullDiagnostics) return;
    const result = runSafe(logger, 'diagnostics', [] as Diagnostic[], undefined, () => diagnosticsOf(doc));
    if (Array.isArray(result)) void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: result });
  }

  /** After settings or catalogs change, every figure may differ: recompute and ask the client to refresh. */
  function invalidateAll(): void {
    cache.clear();
    if (pullDiagnostics) connection.languages.diagnostics.refresh();
    else documents.all().forEach(pushDiagnostics);
    connection.languages.inlayHint.refresh();
  }

  async function loadSettings(): Promise<void> {
    if (!configurationRequests) return;
    try {
      settings = resolveSettings(await connection.workspace.getConfiguration('gigafactory'));
    } catch (e) {
      logger.error(`reading settings failed: ${String(e)}`);
    }
    await catalogs.load(settings.catalogFiles);
  }

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    pullDiagnostics = !!caps.textDocument?.diagnostic;
    configurationRequests = !!caps.workspace?.configuration;
    catalogs.setWorkspaceFolders((params.workspaceFolders ?? []).map((f) => f.uri).concat(params.rootUri && !params.workspaceFolders ? [params.rootUri] : []));
    settings = resolveSettings(params.initializationOptions?.settings ?? DEFAULT_SETTINGS);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        ...(pullDiagnostics ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } : {}),
        inlayHintProvider: { resolveProvider: false },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'gigafactory-scenarios', version: typeof SERVER_VERSION === 'string' ? SERVER_VERSION : 'dev' },
    };
  });

  connection.onInitialized(async () => {
    if (configurationRequests) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'gigafactory' }).catch(() => undefined);
    }
    await loadSettings();
    if (!configurationRequests) await catalogs.load(settings.catalogFiles);
    invalidateAll();
    void connection.sendNotification(ServerReadyNotification.type, { version: typeof SERVER_VERSION === 'string' ? SERVER_VERSION : 'dev', catalogEntries: catalogs.catalog.accelerators.size });
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (!configurationRequests) settings = resolveSettings((change.settings as { gigafactory?: unknown } | undefined)?.gigafactory);
    await loadSettings();
    if (!configurationRequests) await catalogs.load(settings.catalogFiles);
    invalidateAll();
  });

  connection.onDidChangeWatchedFiles(async () => {
    await catalogs.load(settings.catalogFiles);
    invalidateAll();
  });

  documents.onDidChangeContent((e) => pushDiagnostics(e.document));
  documents.onDidClose((e) => {
    cache.delete(e.document.uri);
    analyzers.delete(e.document.uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.languages.diagnostics.on((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    const items = doc ? runSafe(logger, 'diagnostics', [] as Diagnostic[], token, () => diagnosticsOf(doc)) : [];
    if (!Array.isArray(items)) return Promise.reject(items);
    return { kind: DocumentDiagnosticReportKind.Full, items };
  });

  connection.languages.inlayHint.on((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    return runSafe(logger, 'inlay hints', [] as InlayHint[], token, () => {
      const a = analysisOf(doc);
      if (!a.model || !a.figures) return [];
      const span = { start: doc.offsetAt(params.range.start), end: doc.offsetAt(params.range.end) };
      return inlayHints(a.model, a.figures, span, settings.inlayHints).map((h): InlayHint => ({
        position: doc.positionAt(h.offset),
        label: h.label,
        paddingLeft: h.paddingLeft ?? true,
        ...(h.tooltip ? { tooltip: { kind: 'markdown', value: h.tooltip } } : {}),
      }));
    });
  });

  connection.onHover((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    return runSafe(logger, 'hover', null, token, () => {
      const a = analysisOf(doc);
      if (!a.document || !a.model || !a.figures) return null;
      const h = hover({ document: a.document, model: a.model, figures: a.figures, catalog: a.catalog }, doc.offsetAt(params.position));
      return h ? { contents: { kind: 'markdown', value: h.markdown }, range: toRange(doc, h.span) } : null;
    });
  });

  connection.onCodeAction((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    return runSafe(logger, 'code actions', [] as CodeAction[], token, () => {
      const a = analysisOf(doc);
      const start = doc.offsetAt(params.range.start);
      const end = doc.offsetAt(params.range.end);
      const actions: CodeAction[] = [];
      for (const p of a.problems) {
        if (p.span.end < start || p.span.start > end) continue;
        const repairs = repairsFor(a, p);
        if (repairs.length === 0) continue;
        const diagnostic = toDiagnostic(doc, p);
        for (const r of repairs) {
          actions.push({
            title: r.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: r.preferred ?? false,
            edit: { changes: { [doc.uri]: r.edits.map((e) => ({ range: toRange(doc, e.span), newText: e.text })) } },
          });
        }
      }
      return actions;
    });
  });

  documents.listen(connection);
  connection.listen();
}
