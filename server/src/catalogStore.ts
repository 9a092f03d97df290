/**
 * The catalog in force: the built-in one, overlaid with the workspace's own
 * catalog files (setting `gigafactory.catalogFiles`). Files are read only from
 * inside the workspace folders: no path traversal, no symlink escape.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinCatalog, mergeCatalogs, parseCatalogFile, type Catalog } from './scenario/catalog';

/** The file access the store needs; the real one is node:fs/promises. */
export interface FileSystem {
  readFile(path: string): Promise<string>;
  realpath(path: string): Promise<string>;
}

export class CatalogStore {
  private folders: string[] = [];
  private current: Catalog = builtinCatalog();

  constructor(private readonly fs: FileSystem, private readonly logger: { error(m: string): void; info(m: string): void }) {}

  get catalog(): Catalog {
    return this.current;
  }

  setWorkspaceFolders(uris: string[]): void {
    this.folders = uris.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
  }

  /** Reloads the built-in catalog plus each readable workspace catalog file. */
  async load(files: readonly string[]): Promise<void> {
    const overlays = [];
    for (const file of files) {
      const path = await this.resolveInside(file);
      if (!path) continue;
      try {
        const parsed = parseCatalogFile(await this.fs.readFile(path), path);
        for (const p of parsed.problems) this.logger.error(`catalog ${file}: ${p.message}`);
        overlays.push(parsed);
      } catch (e) {
        this.logger.error(`catalog ${file} could not be read: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    this.current = mergeCatalogs(builtinCatalog(), ...overlays);
    if (files.length > 0) this.logger.info(`catalog: ${this.current.accelerators.size} accelerators after ${overlays.length} workspace file(s)`);
  }

  /** The real path of a workspace-relative file, if it lies inside a workspace folder. */
  private async resolveInside(file: string): Promise<string | undefined> {
    for (const folder of this.folders) {
      const candidate = isAbsolute(file) ? file : resolve(folder, file);
      let real: string;
      let realFolder: string;
      try {
        real = await this.fs.realpath(candidate);
        realFolder = await this.fs.realpath(folder);
      } catch {
        continue;
      }
      const rel = relative(realFolder, real);
      if (rel !== '' && !rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel)) return real;
    }
    this.logger.error(`catalog file ${file} is not inside a workspace folder; ignored`);
    return undefined;
  }
}
