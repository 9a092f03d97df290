/**
 * Finding and reading scenario and catalog files for the CLI. Scenario text is
 * read as the editor holds it (a UTF-8 byte order mark is dropped), so every
 * position the CLI prints is the one the editor shows.
 */
import type { Dirent } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { analyze, type ScenarioAnalysis } from '../scenario/analysis';
import { builtinCatalog, mergeCatalogs, parseCatalogFile, type Catalog } from '../scenario/catalog';
import type { Problem } from '../scenario/types';
import { UsageError, type Io } from './io';

export const SCENARIO_NAME = /\.gigafactory\.ya?ml$/i;
const YAML_NAME = /\.ya?ml$/i;
/** Folders never searched: dependencies and tool state. */
const SKIPPED_DIRS = new Set(['node_modules']);

/** The file, in any searched folder, that lists what a folder search skips. */
export const IGNORE_FILE = '.gigafactoryignore';

/** One line of an ignore file, relative to the folder that holds it. */
interface IgnoreRule {
  base: string;
  regex: RegExp;
  dirOnly: boolean;
}

/**
 * Reads `.gigafactoryignore`: one pattern a line, `#` comments, gitignore-like
 * (`*` within a name, `**` across folders, a trailing `/` for folders only, a
 * pattern without `/` matching a name at any depth).
 */
export function parseIgnore(text: string, base: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const dirOnly = line.endsWith('/');
    line = line.replace(/\/+$/, '');
    const anchored = line.includes('/');
    line = line.replace(/^\//, '');
    const body = line.split(/(\*\*\/?|\*|\?)/).map((part) => {
      if (part === '**/') return '(?:.*/)?';
      if (part === '**') return '.*';
      if (part === '*') return '[^/]*';
      if (part === '?') return '[^/]';
      return part.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }).join('');
    rules.push({ base, regex: new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}$`), dirOnly });
  }
  return rules;
}

function ignored(rules: readonly IgnoreRule[], path: string, isDir: boolean): boolean {
  return rules.some((r) => (!r.dirOnly || isDir) && r.regex.test(relative(r.base, path).split(sep).join('/')));
}

export interface FileRef {
  /** Absolute path. */
  path: string;
  /** As printed: relative to the working directory when inside it. */
  display: string;
}

export function fileRef(path: string, cwd: string): FileRef {
  const abs = resolve(cwd, path);
  const rel = relative(cwd, abs);
  const display = rel === '' ? abs : rel.startsWith('..') || isAbsolute(rel) ? abs : rel;
  return { path: abs, display: display.split(sep).join('/') };
}

/**
 * The first non-comment line of a YAML file written for this format, as the
 * extension detects scenarios by content.
 */
export function looksLikeScenario(head: string): boolean {
  for (const raw of head.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line === '---') continue;
    return /^apiVersion:\s*["']?gigafactory\/v1["']?\s*(#.*)?$/.test(line);
  }
  return false;
}

async function readHead(path: string, bytes = 4096): Promise<string> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}

/**
 * Every scenario file under `paths`: a file is taken as named; a folder is
 * searched (not following symbolic links to folders, skipping hidden folders
 * and node_modules, and what `.gigafactoryignore` files list) for
 * `*.gigafactory.yaml` / `.yml`, and for other YAML files whose first line is
 * `apiVersion: gigafactory/v1`. Sorted, without duplicates. A path named on
 * the command line is never ignored. A path that does not exist is a usage
 * error.
 */
export async function findScenarios(paths: readonly string[], cwd: string): Promise<FileRef[]> {
  const found = new Map<string, FileRef>();
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let st;
    try {
      st = await stat(abs);
    } catch {
      throw new UsageError(`${p}: no such file or folder`);
    }
    if (st.isFile()) found.set(abs, fileRef(abs, cwd));
    else if (st.isDirectory()) for (const f of await walk(abs, [])) found.set(f, fileRef(f, cwd));
    else throw new UsageError(`${p}: not a file or folder`);
  }
  return [...found.values()].sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
}

async function walk(dir: string, inherited: readonly IgnoreRule[]): Promise<string[]> {
  const out: string[] = [];
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out; // An unreadable folder is skipped, as `find` would report and go on.
  }
  let rules = inherited;
  if (entries.some((e) => e.name === IGNORE_FILE && e.isFile())) {
    try {
      rules = [...inherited, ...parseIgnore(await readFile(join(dir, IGNORE_FILE), 'utf8'), dir)];
    } catch {
      // An unreadable ignore file ignores nothing.
    }
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name.startsWith('.') || SKIPPED_DIRS.has(e.name) || ignored(rules, path, true)) continue;
      out.push(...(await walk(path, rules)));
    } else if (e.isFile() || e.isSymbolicLink()) {
      if (!YAML_NAME.test(e.name) || ignored(rules, path, false)) continue;
      if (e.isSymbolicLink()) {
        try {
          if (!(await stat(path)).isFile()) continue;
        } catch {
          continue;
        }
      }
      if (SCENARIO_NAME.test(e.name)) out.push(path);
      else {
        try {
          if (looksLikeScenario(await readHead(path))) out.push(path);
        } catch {
          // Unreadable: not ours to judge; named scenario files are reported when read.
        }
      }
    }
  }
  return out;
}

/** The scenario text as the editor holds it: without a byte order mark. */
export function editorText(raw: string): string {
  return raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
}

export type ReadResult = { ok: true; text: string } | { ok: false; message: string };

/** Reads a file, turning I/O failures into a message for the user. */
export async function readText(io: Io, file: FileRef): Promise<ReadResult> {
  try {
    const text = await io.readFile(file.path);
    if (text.includes('\u0000')) return { ok: false, message: `${file.display}: not a text file` };
    return { ok: true, text: editorText(text) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    return { ok: false, message: `${file.display}: ${why}` };
  }
}

/** Problems of one file, for printing. */
export interface FileProblems {
  file: FileRef;
  text: string;
  problems: Problem[];
}

export interface LoadedCatalog {
  catalog: Catalog;
  /** Problems in the workspace catalog files: entries with problems are left out. */
  problems: FileProblems[];
}

/** The built-in catalog with each `--catalog` file laid over it, in order (as the setting `gigafactory.catalogFiles` does). */
export async function loadCatalog(io: Io, files: readonly string[]): Promise<LoadedCatalog> {
  const overlays = [];
  const problems: FileProblems[] = [];
  for (const f of files) {
    const ref = fileRef(f, io.cwd);
    const read = await readText(io, ref);
    if (!read.ok) throw new UsageError(`--catalog ${read.message}`);
    const parsed = parseCatalogFile(read.text, ref.display);
    if (parsed.problems.length) problems.push({ file: ref, text: read.text, problems: parsed.problems });
    overlays.push(parsed);
  }
  return { catalog: overlays.length ? mergeCatalogs(builtinCatalog(), ...overlays) : builtinCatalog(), problems };
}

/** Reads and analyses one scenario named on the command line (report, compare): a file that cannot be read is a usage error. */
export async function analyzeFile(io: Io, path: string, catalog: Catalog): Promise<{ file: FileRef; analysis: ScenarioAnalysis }> {
  const file = fileRef(path, io.cwd);
  let st;
  try {
    st = await stat(file.path);
  } catch {
    throw new UsageError(`${path}: no such file`);
  }
  if (st.isDirectory()) throw new UsageError(`${path}: is a folder; name one scenario file`);
  const read = await readText(io, file);
  if (!read.ok) throw new UsageError(read.message);
  return { file, analysis: analyze(read.text, { catalog }) };
}
