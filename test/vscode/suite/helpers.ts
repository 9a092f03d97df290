/** Shared by the extension-host suites: the fixture workspace, activation, polling. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ServerReadyNotification } from '../../../common/protocol';

export const EXTENSION_ID = 'gigafactory-scenarios.gigafactory-scenarios';

export function fixture(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** What the server says when it is ready. */
export type ServerReady = ServerReadyNotification.Params;

/** Activates the extension (under development) and waits for its server to say it is ready; undefined if it never does. */
export async function activateExtension(): Promise<ServerReady | undefined> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is loaded`);
  const api = (await extension.activate()) as { ready?: Promise<ServerReady> } | undefined;
  return api?.ready ? Promise.race([api.ready, sleep(60_000).then(() => undefined)]) : undefined;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `probe` returns a truthy value; fails after `timeout` ms with `what`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | null | false | Thenable<T | undefined | null | false>, timeout = 60_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last as T;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

/** Opens a fixture in an editor. */
export async function open(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(fixture(name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Position of the first match of `pattern` (of its group 1 when present). */
export function positionOf(doc: vscode.TextDocument, pattern: RegExp): vscode.Position {
  const text = doc.getText();
  const match = pattern.exec(text);
  assert.ok(match, `${pattern} occurs in ${doc.uri.path}`);
  const offset = match[1] !== undefined ? match.index + match[0].indexOf(match[1]) : match.index;
  return doc.positionAt(offset);
}

/** Plain text of a hover's contents. */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n');
}

/** Plain text of an inlay hint's label. */
export function hintLabel(hint: vscode.InlayHint): string {
  return typeof hint.label === 'string' ? hint.label : hint.label.map((part) => part.value).join('');
}
