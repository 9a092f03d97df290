/**
 * Guards every request handler: a failure in one document's analysis is
 * logged and answered with an empty result, never a crash, and a cancelled
 * request stops with the LSP cancellation error.
 */
import { CancellationToken, LSPErrorCodes, ResponseError } from 'vscode-languageserver';

export interface Logger {
  error(message: string): void;
}

export function runSafe<T>(logger: Logger, what: string, errorValue: T, token: CancellationToken | undefined, fn: () => T): T | ResponseError<void> {
  if (token?.isCancellationRequested) return cancelled();
  try {
    const result = fn();
    if (token?.isCancellationRequested) return cancelled();
    return result;
  } catch (e) {
    logger.error(`${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return errorValue;
  }
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}
