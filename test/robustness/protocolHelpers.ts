/**
 * Shared by the robustness suites: time bounds on requests, whole-document
 * ranges, and the "method not found" tolerance for features that may not be
 * served yet.
 */
import type { Range } from 'vscode-languageserver-protocol';

/** JSON-RPC "method not found": a request the server does not serve (yet). */
export const METHOD_NOT_FOUND = -32601;

/** Resolves with the promise's value, or rejects once `ms` have passed. */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A request's answer, with "method not found" turned into `unsupported`. */
export async function tolerant<T>(promise: Promise<T>): Promise<T | { unsupported: true }> {
  try {
    return await promise;
  } catch (e) {
    if ((e as { code?: number }).code === METHOD_NOT_FOUND) return { unsupported: true };
    throw e;
  }
}

/** The range that covers all of `text`, in LSP positions. */
export function wholeRange(text: string): Range {
  let line = 0;
  let last = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) { line++; last = i + 1; }
  return { start: { line: 0, character: 0 }, end: { line, character: text.length - last } };
}
