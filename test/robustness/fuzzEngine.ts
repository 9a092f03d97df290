/**
 * The edit fuzzer, shared by the short run in the test suite (fuzz.test.ts)
 * and the long one (`npm run fuzz`, scripts/fuzz.mjs).
 *
 * fast-check draws an example scenario and a sequence of edits (insert,
 * delete, replace, paste of a fragment of another example, with YAML's
 * awkward tokens among the inserted text). Each edit goes to the real server
 * process as an incremental didChange; after each, every feature is asked for
 * (diagnostics, inlay hints over the whole document, hover at a random place,
 * code actions over a random range, completion, document symbols) and must
 * answer within a bound, with no error response, every range inside the
 * document, no failure in the server's log and nothing on stderr. The
 * diagnostics of the edited document must also equal those of the same text
 * opened fresh: the incremental path may never differ from a full analysis.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Diagnostic, Position, Range } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ROOT, TestClient } from '../protocol/lspClient';
import { METHOD_NOT_FOUND, wholeRange, within } from './protocolHelpers';

const dir = (d: string) => readdirSync(d).filter((f) => /\.gigafactory\.ya?ml$/.test(f)).sort().map((f) => readFileSync(join(d, f), 'utf8'));
/** The starting documents: the valid examples. */
export const EXAMPLES = dir(join(ROOT, 'examples'));
/** Where pasted fragments come from: every example, valid and broken. */
const SOURCES = [...EXAMPLES, ...dir(join(ROOT, 'examples', 'broken'))];

/** Text that YAML and the quantity parser find awkward. */
const TOKENS = [
  '\n', '\r\n', '\r', '  ', '\t', '- ', ': ', ':', '? ', '[', ']', '{', '}', ', ', '#', '"', "'", '\\', '|\n', '>-\n',
  '&a ', '*a', '&a [x, *a]', '<<: *a', '!!js/function ', '!include ', '!!binary ', '---\n', '...\n', '%YAML 1.2\n',
  '\u0000', '\ufeff', '\ufffd', '\ud800', '\u2028', '😀', 'é', '1e400', '-0', '.nan', '.inf', '-.inf', '0x1F', '1_000',
  '99999999999999999999', '-5', '100000', '2.5', '80%', '250 MW', '1.5B EUR', '95 EUR/MWh', '12k USD', 'null', '~', 'true',
  'count: ', 'model: nvidia-b200', 'amount: ', 'type: eib-loan', 'pue: ', 'country: DE', 'currency: USD', 'kind: Scenario',
];

/**
 * One edit, with where to probe afterwards (offsets are taken modulo the
 * text's length). With `burst` 0 the next edit follows at once, before any
 * request, as when typing fast.
 */
export type Edit = { probe: number; burst: number } & (
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'replace'; at: number; length: number; text: string }
  | { kind: 'paste'; at: number; length: number; source: number; from: number; size: number });

const fragment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TOKENS) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 6 }).map((a) => a.join('')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
);
const at = fc.nat({ max: 1_000_000 });
const probe = fc.nat({ max: 1_000_000 });
const burst = fc.nat({ max: 3 });
export const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at, text: fragment, probe, burst }),
  fc.record({ kind: fc.constant('delete' as const), at, length: fc.nat({ max: 120 }), probe, burst }),
  fc.record({ kind: fc.constant('replace' as const), at, length: fc.nat({ max: 40 }), text: fragment, probe, burst }),
  fc.record({ kind: fc.constant('paste' as const), at, length: fc.nat({ max: 40 }), source: fc.nat(), from: fc.nat(), size: fc.nat({ max: 600 }), probe, burst }),
);
export const scenario = (maxSteps: number) => fc.record({ example: fc.nat({ max: EXAMPLES.length - 1 }), edits: fc.array(edit, { minLength: 1, maxLength: maxSteps }) });

/** The range an edit replaces, and its new text. */
export function resolve(text: string, e: Edit): { start: number; end: number; insert: string } {
  const start = e.at % (text.length + 1);
  switch (e.kind) {
    case 'insert': return { start, end: start, insert: e.text };
    case 'delete': return { start, end: Math.min(text.length, start + e.length), insert: '' };
    case 'replace': return { start, end: Math.min(text.length, start + e.length), insert: e.text };
    case 'paste': {
      const src = SOURCES[e.source % SOURCES.length]!;
      const from = e.from % src.length;
      return { start, end: Math.min(text.length, start + e.length), insert: src.slice(from, from + e.size) };
    }
  }
}

/**
 * The client's copy of the document, kept with the same text model the server
 * uses: an editor never puts a position between the CR and LF of a line end
 * (LSP cannot express one), and TextDocument moves such an offset before the
 * CR exactly as the server's copy does.
 */
function lineLengths(doc: TextDocument): number[] {
  return Array.from({ length: doc.lineCount }, (_, line) => doc.offsetAt({ line, character: Number.MAX_SAFE_INTEGER }) - doc.offsetAt({ line, character: 0 }));
}

export interface FuzzStats {
  inputs: number;
  steps: number;
  requests: number;
  unsupported: Set<string>;
}

export interface FuzzOptions {
  seed: number;
  runs: number;
  maxSteps: number;
  /** Each request's time bound. */
  boundMs: number;
  /** Compare each step's diagnostics with those of the same text opened fresh. */
  compareFresh?: boolean;
  /** Replays one failing input: fast-check's path from a failure report (with the same seed). */
  path?: string;
  log?: (line: string) => void;
}

/**
 * Runs the fuzzer against one server process. Throws (after printing the seed
 * and the failing edits) on the first failure; returns the counts otherwise.
 */
export async function fuzz(options: FuzzOptions): Promise<FuzzStats> {
  const client = await TestClient.start();
  const stats: FuzzStats = { inputs: 0, steps: 0, requests: 0, unsupported: new Set() };
  let docs = 0;

  const ask = async <T>(what: string, method: string, params: unknown): Promise<T | undefined> => {
    stats.requests++;
    try {
      return await within(options.boundMs, what, client.request<T>(method, params));
    } catch (e) {
      if ((e as { code?: number }).code === METHOD_NOT_FOUND) {
        stats.unsupported.add(method);
        return undefined;
      }
      throw e;
    }
  };

  const inside = (what: string, r: Range, lengths: number[]) => {
    for (const p of [r.start, r.end]) {
      assert.ok(p.line >= 0 && p.line < lengths.length && p.character >= 0 && p.character <= lengths[p.line]!, `${what}: ${JSON.stringify(r)} lies outside the document`);
    }
  };

  const property = fc.asyncProperty(scenario(options.maxSteps), async ({ example, edits }) => {
    // A run's edits all apply; requests follow each edit except within a burst.
    stats.inputs++;
    const uri = `file:///fuzz/doc-${docs++}.gigafactory.yaml`;
    let text = EXAMPLES[example]!;
    let local = TextDocument.create(uri, 'gigafactory', 1, text);
    client.open(uri, text);
    const logsBefore = client.logs.length;
    try {
      for (const e of edits) {
        stats.steps++;
        const { start, end, insert } = resolve(text, e);
        const range = { start: local.positionAt(start), end: local.positionAt(end) };
        client.change(uri, insert, range);
        local = TextDocument.update(local, [{ range, text: insert }], local.version + 1);
        text = local.getText();
        if (e.burst === 0 && e !== edits[edits.length - 1]) continue;
        const lengths = lineLengths(local);
        const positionAt = (offset: number) => local.positionAt(offset);
        const p = e.probe % (text.length + 1);
        const q = Math.min(text.length, p + (e.probe % 97));
        const doc = { textDocument: { uri } };
        const report = await ask<{ kind: string; items: Diagnostic[] }>('diagnostics', 'textDocument/diagnostic', doc);
        const diagnostics = report?.items ?? [];
        diagnostics.forEach((d) => inside(`diagnostic ${String(d.code)}`, d.range, lengths));
        const hints = await ask<{ position: Position; label: unknown }[] | null>('inlay hints', 'textDocument/inlayHint', { ...doc, range: wholeRange(text) });
        (hints ?? []).forEach((h) => inside('inlay hint', { start: h.position, end: h.position }, lengths));
        const hover = await ask<{ range?: Range } | null>('hover', 'textDocument/hover', { ...doc, position: positionAt(p) });
        if (hover?.range) inside('hover', hover.range, lengths);
        const actions = await ask<{ edit?: { changes?: Record<string, { range: Range }[]> } }[] | null>('code actions', 'textDocument/codeAction', {
          ...doc, range: { start: positionAt(p), end: positionAt(q) }, context: { diagnostics: diagnostics.slice(0, 5) },
        });
        for (const a of actions ?? []) for (const te of a.edit?.changes?.[uri] ?? []) inside('code action edit', te.range, lengths);
        await ask('completion', 'textDocument/completion', { ...doc, position: positionAt(p) });
        await ask('document symbols', 'textDocument/documentSymbol', doc);
        if (options.compareFresh) {
          const fresh = `file:///fuzz/fresh-${docs++}.gigafactory.yaml`;
          client.open(fresh, text);
          const freshReport = await ask<{ items: Diagnostic[] }>('fresh diagnostics', 'textDocument/diagnostic', { textDocument: { uri: fresh } });
          const freshHints = await ask<unknown[] | null>('fresh inlay hints', 'textDocument/inlayHint', { textDocument: { uri: fresh }, range: wholeRange(text) });
          client.close(fresh);
          assert.deepEqual(diagnostics, freshReport?.items ?? [], 'the edited document\'s diagnostics differ from the same text opened fresh');
          assert.deepEqual(hints ?? [], freshHints ?? [], 'the edited document\'s inlay hints differ from the same text opened fresh');
        }
      }
      const failures = client.logs.slice(logsBefore).filter((m) => /failed|uncaught|unhandled/i.test(m));
      assert.deepEqual(failures, [], 'the server logged a failure');
      assert.equal(client.stderr.join(''), '', 'the server wrote to stderr');
      assert.equal(client.process.exitCode, null, 'the server process exited');
    } finally {
      client.close(uri);
    }
  });

  try {
    await fc.assert(property, { seed: options.seed, numRuns: options.runs, endOnFailure: true, verbose: 1, ...(options.path ? { path: options.path } : {}) });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const cause = e instanceof Error && e.cause instanceof Error ? `\ncause: ${e.cause.stack ?? e.cause.message}` : '';
    const path = /path: "([\d:]+)"/.exec(message)?.[1];
    const replay = `npm run fuzz -- --seed ${options.seed} --runs ${options.runs} --steps ${options.maxSteps} --bound ${options.boundMs}${path ? ` --path ${path}` : ''}`;
    (options.log ?? console.error)(`fuzz failed with seed ${options.seed} (replay: ${replay})\n${message}${cause}`);
    throw e;
  } finally {
    await client.stop();
  }
  return stats;
}
