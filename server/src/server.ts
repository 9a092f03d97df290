/**
 * The language server: LSP glue around the scenario library. Handlers look up
 * the document's analysis (computed once per version) and translate between
 * LSP positions and the library's offsets. No scenario logic lives here.
 */
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind, CompletionItemKind, DiagnosticSeverity, DidChangeConfigurationNotification, DocumentDiagnosticReportKind,
  FoldingRangeKind, InsertTextFormat, InsertTextMode, SymbolKind, TextDocumentSyncKind, TextDocuments,
  type CodeAction, type CompletionItem, type Connection, type Diagnostic, type DocumentSymbol, type FoldingRange,
  type InitializeResult, type InlayHint, type Location, type Range,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { serverTextDocuments } from './textDocument';
import { CatalogDocumentRequest, CompareRequest, ReportRequest, ServerReadyNotification } from '../../common/protocol';
import { DEFAULT_SETTINGS, resolveSettings, type GigafactorySettings } from '../../common/settings';
import { CatalogStore, type FileSystem } from './catalogStore';
import { UNTUNED, type HeapTuning } from './heapTuning';
import { comparePage, nameOfUri, reportPage } from './report/pages';
import { runSafe } from './runSafe';
import { analyze, type ScenarioAnalysis } from './scenario/analysis';
import { completions, type CompletionEntry } from './scenario/completion';
import { hover } from './scenario/hover';
import { IncrementalAnalyzer } from './scenario/incremental/analyzer';
import { inlayHints } from './scenario/inlayHints';
import { catalogRefAt, catalogView, definitionOf, modelReferences } from './scenario/navigation';
import { fixAll, repairsFor } from './scenario/quickFixes';
import { refactors } from './scenario/refactors';
import { analysisWarmUpSteps, warmUp } from './scenario/warmUp';
import { documentSymbols, foldingRanges, type ScenarioSymbol } from './scenario/symbols';
import type { Problem, Severity, Span } from './scenario/types';
import { parseYaml } from './scenario/yamlDocument';
import { findScenarioFiles } from './workspaceScenarios';

declare const SERVER_VERSION: string | undefined;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * Longest pause in edits that pushed diagnostics wait for (pull clients ask,
 * and cancel, themselves). Only a document whose last analysis was slow waits
 * at all (see onDidChangeContent).
 */
const PUSH_DELAY_MAX_MS = 100;
/** An analysis at least this slow (a whole-file one on a large file) makes the next push wait for a pause. */
const SLOW_ANALYSIS_MS = 25;

/** Runtime services the server needs from its host. */
export interface ServerRuntime {
  fs: FileSystem;
  /** How V8's heap growth is steered around whole-document reads (heapTuning.ts); none by default. */
  heap?: HeapTuning;
}

/** Starts serving LSP on `connection`. */
export function startServer(connection: Connection, runtime: ServerRuntime): void {
  // Documents whose line offsets are found natively (textDocument.ts): the first position asked of a large file is quick.
  const documents = new TextDocuments(serverTextDocuments);
  const cache = new Map<string, { version: number; analysis: ScenarioAnalysis }>();
  // One incremental analyzer per open document: an edit re-analyses only what it touched.
  const analyzers = new Map<string, IncrementalAnalyzer>();
  /** How long each document's last analysis took, for the push delay. */
  const lastAnalysisMs = new Map<string, number>();
  const logger = { error: (m: string) => connection.console.error(m), info: (m: string) => connection.console.info(m) };
  const catalogs = new CatalogStore(runtime.fs, logger);
  const heap = runtime.heap ?? UNTUNED;
  let settings: GigafactorySettings = DEFAULT_SETTINGS;
  let pullDiagnostics = false;
  let configurationRequests = false;
  /** Workspace folder URIs, for finding the scenarios that use a catalog id. */
  let folderUris: string[] = [];

  /** The analysis of the document's current version, computed at most once. */
  function analysisOf(doc: TextDocument): ScenarioAnalysis {
    const cached = cachedAnalysis(doc);
    if (cached) return cached;
    // The old analysis (and its text) must not outlive the analyzer's own use of it (see IncrementalAnalyzer.update).
    cache.delete(doc.uri);
    let analyzer = analyzers.get(doc.uri);
    if (!analyzer) analyzers.set(doc.uri, (analyzer = new IncrementalAnalyzer()));
    const started = performance.now();
    const text = doc.getText();
    const options = { catalog: catalogs.catalog, limits: settings.limits };
    const a = analyzer;
    // A document's first analysis reads it whole (heapTuning.ts); later ones are mostly incremental.
    const analysis = a.current ? a.update(text, options) : heap.reading(text.length, () => a.update(text, options));
    lastAnalysisMs.set(doc.uri, performance.now() - started);
    cache.set(doc.uri, { version: doc.version, analysis });
    return analysis;
  }

  /** The cached analysis of the document's current version, if any (a helper, so no frame below holds an older one). */
  function cachedAnalysis(doc: TextDocument): ScenarioAnalysis | undefined {
    const hit = cache.get(doc.uri);
    return hit && hit.version === doc.version ? hit.analysis : undefined;
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
    folderUris = (params.workspaceFolders ?? []).map((f) => f.uri).concat(params.rootUri && !params.workspaceFolders ? [params.rootUri] : []);
    catalogs.setWorkspaceFolders((params.workspaceFolders ?? []).map((f) => f.uri).concat(params.rootUri && !params.workspaceFolders ? [params.rootUri] : []));
    settings = resolveSettings(params.initializationOptions?.settings ?? DEFAULT_SETTINGS);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        ...(pullDiagnostics ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } : {}),
        inlayHintProvider: { resolveProvider: false },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, CodeActionKind.RefactorExtract, CodeActionKind.SourceFixAll] },
        completionProvider: { triggerCharacters: [' ', ':'] },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        definitionProvider: true,
        referencesProvider: true,
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
    void connection.sendNotification(ServerReadyNotification.type, {
      version: typeof SERVER_VERSION === 'string' ? SERVER_VERSION : 'dev',
      catalogEntries: catalogs.catalog.accelerators.size,
      nodeFlags: process.execArgv,
    });
    // While idle: analyses of a generated scenario, then hints and hovers on a small one, so that the first
    // real document does not run in code V8 has not compiled or optimized yet (warmUp.ts). One step per
    // turn of the event loop (10-40 ms each), so messages that arrive meanwhile are answered between them.
    if (documents.all().length === 0) warmUpAnalyses = analysisWarmUpSteps(catalogs.catalog);
    let hintsWarmUp = true;
    const next = (): void => {
      const step = warmUpAnalyses.shift() ?? (hintsWarmUp ? ((hintsWarmUp = false), () => warmUp(catalogs.catalog)) : undefined);
      if (step && runSafe(logger, 'warm-up', false, undefined, () => (step(), true)) === true) setImmediate(next);
    };
    setImmediate(next);
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

  /**
   * Pushed diagnostics follow each change at once when the document's last
   * analysis was quick (an incremental update costs a few milliseconds): no
   * fixed debounce. After a slow one (a whole-file analysis of a large file),
   * they wait for a pause of about that long, so that a burst of keystrokes is
   * analysed once, for its last version, instead of once per outdated version.
   */
  const pendingPush = new Map<string, ReturnType<typeof setTimeout>>();
  /**
   * The idle warm-up's analyses still to run (warmUp.ts). A document opened
   * before they are done drops them: its own analysis compiles the same code,
   * and they would only compete with it for the CPU.
   */
  let warmUpAnalyses: (() => unknown)[] = [];
  documents.onDidOpen(() => {
    warmUpAnalyses = [];
  });
  documents.onDidChangeContent((e) => {
    if (pullDiagnostics) return;
    const uri = e.document.uri;
    clearTimeout(pendingPush.get(uri));
    const cost = lastAnalysisMs.get(uri) ?? 0;
    const wait = cost < SLOW_ANALYSIS_MS ? 0 : Math.min(PUSH_DELAY_MAX_MS, cost);
    pendingPush.set(uri, setTimeout(() => {
      pendingPush.delete(uri);
      const current = documents.get(uri);
      if (current) pushDiagnostics(current);
    }, wait));
  });
  documents.onDidClose((e) => {
    clearTimeout(pendingPush.get(e.document.uri));
    pendingPush.delete(e.document.uri);
    cache.delete(e.document.uri);
    analyzers.delete(e.document.uri);
    lastAnalysisMs.delete(e.document.uri);
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
      // The text lets the hints find the visible list lines by binary search; line numbers name a long sum's largest lines.
      const lineAt = (offset: number) => doc.positionAt(offset).line + 1;
      return inlayHints(a.model, a.figures, span, settings.inlayHints, { text: a.text, lineAt }).map((h): InlayHint => ({
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
      const lineAt = (offset: number) => doc.positionAt(offset).line + 1;
      const h = hover({ document: a.document, model: a.model, figures: a.figures, catalog: a.catalog, lineAt }, doc.offsetAt(params.position));
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
      // A request for refactors only (or quick fixes only) gets just those.
      const wants = (kind: string) => !params.context.only || params.context.only.some((k) => kind === k || kind.startsWith(`${k}.`));
      for (const p of a.problems) {
        if (!wants(CodeActionKind.QuickFix) || p.span.end < start || p.span.start > end) continue;
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
      // Fix all is asked for by kind only (on save, or from the Source Action menu).
      if (params.context.only?.some((k) => k === CodeActionKind.SourceFixAll || CodeActionKind.SourceFixAll.startsWith(`${k}.`))) {
        const all = fixAll(a);
        if (all.count > 0) {
          actions.push({
            title: `Fix all: ${all.count} problem${all.count === 1 ? '' : 's'} with an obvious repair`,
            kind: CodeActionKind.SourceFixAll,
            edit: { changes: { [doc.uri]: all.edits.map((e) => ({ range: toRange(doc, e.span), newText: e.text })) } },
          });
        }
      }
      for (const r of refactors(a, { start, end })) {
        if (!wants(r.kind)) continue;
        actions.push({ title: r.title, kind: r.kind, edit: { changes: { [doc.uri]: r.edits.map((e) => ({ range: toRange(doc, e.span), newText: e.text })) } } });
      }
      return actions;
    });
  });

  const COMPLETION_KINDS: Record<CompletionEntry['kind'], CompletionItemKind> = {
    property: CompletionItemKind.Property, value: CompletionItemKind.EnumMember, unit: CompletionItemKind.Unit,
    snippet: CompletionItemKind.Snippet, reference: CompletionItemKind.Reference,
  };

  connection.onCompletion((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    return runSafe(logger, 'completion', [] as CompletionItem[], token, () =>
      completions(doc.getText(), doc.offsetAt(params.position), catalogs.catalog).map((c): CompletionItem => ({
        label: c.label,
        kind: COMPLETION_KINDS[c.kind],
        ...(c.detail ? { detail: c.detail } : {}),
        ...(c.documentation ? { documentation: { kind: 'markdown', value: c.documentation } } : {}),
        ...(c.sortText ? { sortText: c.sortText } : {}),
        ...(c.filterText ? { filterText: c.filterText } : {}),
        textEdit: { range: toRange(doc, c.replace), newText: c.insertText },
        insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        // Inserted lines carry their full indentation already.
        insertTextMode: InsertTextMode.asIs,
        ...(c.retrigger ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
      })));
  });

  const SYMBOL_KINDS: Record<ScenarioSymbol['kind'], SymbolKind> = {
    section: SymbolKind.Namespace, site: SymbolKind.Module, list: SymbolKind.Array,
    accelerator: SymbolKind.Struct, funding: SymbolKind.Object, key: SymbolKind.Property,
  };

  connection.onDocumentSymbol((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    return runSafe(logger, 'document symbols', [] as DocumentSymbol[], token, () => {
      const a = analysisOf(doc);
      if (!a.document) return [];
      const toSymbol = (s: ScenarioSymbol): DocumentSymbol => ({
        name: s.name,
        kind: SYMBOL_KINDS[s.kind],
        range: toRange(doc, s.span),
        selectionRange: toRange(doc, s.selectionSpan),
        ...(s.detail ? { detail: s.detail } : {}),
        children: s.children.map(toSymbol),
      });
      return documentSymbols({ document: a.document, model: a.model, figures: a.figures, text: a.text }).map(toSymbol);
    });
  });

  connection.onFoldingRanges((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    return runSafe(logger, 'folding ranges', [] as FoldingRange[], token, () => {
      const a = analysisOf(doc);
      if (!a.document) return [];
      return foldingRanges(a.document, a.text).flatMap((f): FoldingRange[] => {
        const startLine = doc.positionAt(f.start).line;
        const endLine = doc.positionAt(f.end).line;
        if (endLine <= startLine) return [];
        return [{ startLine, endLine, ...(f.kind === 'comment' ? { kind: FoldingRangeKind.Comment } : {}) }];
      });
    });
  });

  /** The location of an offset span in a text that is not an open document. */
  const locationIn = (uri: string, text: string, span: Span): Location => {
    const t = TextDocument.create(uri, 'yaml', 0, text);
    return { uri, range: { start: t.positionAt(span.start), end: t.positionAt(span.end) } };
  };

  // Go to definition of a catalog id or country code: the read-only catalog view, or the workspace catalog file.
  connection.onDefinition(async (params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    try {
      const a = analysisOf(doc);
      const ref = a.document ? catalogRefAt(a.document, doc.offsetAt(params.position)) : undefined;
      const def = ref ? definitionOf(a.catalog, ref) : undefined;
      if (!def || token.isCancellationRequested) return null;
      if ('view' in def) return locationIn(def.view.uri, def.view.text, def.span);
      return locationIn(pathToFileURL(def.file).href, await runtime.fs.readFile(def.file), def.span);
    } catch (e) {
      logger.error(`definition failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return null;
    }
  });

  // Find references of a catalog id across the workspace's scenarios (open documents as they are in the editor).
  connection.onReferences(async (params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    try {
      const a = analysisOf(doc);
      const ref = a.document ? catalogRefAt(a.document, doc.offsetAt(params.position)) : undefined;
      if (!ref || ref.kind !== 'accelerator') return [];
      const out: Location[] = [];
      const seen = new Set<string>();
      for (const open of documents.all()) {
        seen.add(open.uri);
        const d = analysisOf(open).document;
        if (d) for (const span of modelReferences(d, ref.id)) out.push({ uri: open.uri, range: toRange(open, span) });
      }
      for (const file of await findScenarioFiles(folderUris)) {
        if (token.isCancellationRequested) return [];
        const uri = pathToFileURL(file).href;
        if (seen.has(uri)) continue;
        const text = await runtime.fs.readFile(file);
        const d = parseYaml(text).document;
        if (d) for (const span of modelReferences(d, ref.id)) out.push(locationIn(uri, text, span));
      }
      if (params.context.includeDeclaration) {
        const def = definitionOf(a.catalog, ref);
        if (def && 'view' in def) out.push(locationIn(def.view.uri, def.view.text, def.span));
        else if (def) out.push(locationIn(pathToFileURL(def.file).href, await runtime.fs.readFile(def.file), def.span));
      }
      return out;
    } catch (e) {
      logger.error(`references failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return [];
    }
  });

  // The read-only catalog views that go to definition opens (the client shows them through a content provider).
  connection.onRequest(CatalogDocumentRequest.type, (params) => {
    const view = runSafe(logger, 'catalog view', undefined, undefined, () => catalogView(catalogs.catalog, params.uri));
    return view && !('code' in view) ? { text: view.text } : null;
  });

  // The report webview: the CLI's report and comparison pages, from the cached analysis.
  connection.onRequest(ReportRequest.type, (params, token) => {
    const doc = documents.get(params.uri);
    return doc ? runSafe(logger, 'report', null, token, () => reportPage(analysisOf(doc), doc.uri)) : null;
  });
  connection.onRequest(CompareRequest.type, (params, token) => {
    const doc = documents.get(params.uri);
    if (!doc) return null;
    return runSafe(logger, 'compare', null, token, () => {
      const other = analyze(params.otherText, { catalog: catalogs.catalog, limits: settings.limits });
      return comparePage(analysisOf(doc), params.label ?? nameOfUri(doc.uri), other, params.otherLabel);
    });
  });

  documents.listen(connection);
  connection.listen();
}
