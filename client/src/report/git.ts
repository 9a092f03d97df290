/**
 * A scenario's text at git HEAD: through VS Code's built-in git extension
 * when it is there, else by running `git show` for files on disk.
 */
import { execFile } from 'node:child_process';
import { basename, dirname } from 'node:path';
import * as vscode from 'vscode';

/** The part of the git extension's API (version 1) used here. */
interface GitApi {
  getRepository(uri: vscode.Uri): { show(ref: string, path: string): Promise<string> } | null;
}

export type HeadResult = { ok: true; text: string } | { ok: false; message: string };

export async function readHeadVersion(uri: vscode.Uri): Promise<HeadResult> {
  const ext = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  if (ext) {
    try {
      const api = (ext.isActive ? ext.exports : await ext.activate()).getAPI(1);
      const repo = api.getRepository(uri);
      if (repo) return { ok: true, text: await repo.show('HEAD', uri.fsPath) };
    } catch (e) {
      if (uri.scheme !== 'file') return { ok: false, message: e instanceof Error ? e.message : String(e) };
      // Fall through to the git command line.
    }
  }
  if (uri.scheme !== 'file') return { ok: false, message: 'the file is not in a git repository on disk' };
  // A repository's own config can make git run commands (core.fsmonitor, core.pager, ...):
  // in a workspace the user has not trusted, git is not run at all.
  if (!vscode.workspace.isTrusted) return { ok: false, message: 'git is not run in an untrusted workspace; trust the workspace to compare with HEAD' };
  return new Promise((resolve) => {
    execFile('git', ['show', `HEAD:./${basename(uri.fsPath)}`], { cwd: dirname(uri.fsPath), maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) resolve({ ok: false, message: (stderr || err.message).trim().split('\n')[0] ?? 'git show failed' });
      else resolve({ ok: true, text: stdout.replace(/^\uFEFF/, '') });
    });
  });
}
