/**
 * The scenario files of the workspace, for "find references" of a catalog id.
 * Walks the workspace folders for `*.gigafactory.yaml` / `.yml`, skipping
 * dependency, build and hidden folders and never following symbolic links, so
 * the walk stays inside the workspace and ends.
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SKIP = new Set(['node_modules', 'dist', 'out', 'build', '.git', '.vscode-test', '.editor-cache']);
const SCENARIO_FILE = /\.gigafactory\.ya?ml$/;
/** Enough for any real workspace; a bound keeps a huge folder from stalling the server. */
const MAX_FILES = 5000;
const MAX_DEPTH = 12;

export interface DirectoryReader {
  readdir(path: string): Promise<Dirent[]>;
  readFile(path: string): Promise<string>;
}

const nodeReader: DirectoryReader = {
  readdir: (p) => readdir(p, { withFileTypes: true }),
  readFile: (p) => readFile(p, 'utf8'),
};

/** Paths of the scenario files under the workspace folders (`file:` URIs; others are skipped). */
export async function findScenarioFiles(folderUris: readonly string[], reader: DirectoryReader = nodeReader): Promise<string[]> {
  const folders = folderUris.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
  const out: string[] = [];
  const visit = async (dir: string, depth: number): Promise<void> => {
    if (out.length >= MAX_FILES || depth > MAX_DEPTH) return;
    let list: Dirent[];
    try {
      list = await reader.readdir(dir);
    } catch {
      return;
    }
    for (const d of list) {
      if (out.length >= MAX_FILES) return;
      if (d.isDirectory()) {
        if (!SKIP.has(d.name) && !d.name.startsWith('.')) await visit(join(dir, d.name), depth + 1);
      } else if (d.isFile() && SCENARIO_FILE.test(d.name)) {
        out.push(join(dir, d.name));
      }
    }
  };
  for (const f of folders) await visit(f, 0);
  return out.sort();
}

export { nodeReader };
