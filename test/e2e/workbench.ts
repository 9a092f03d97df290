/**
 * Drives the real VS Code workbench (code-server) in headless Chromium, the
 * way an author uses it: keyboard shortcuts, the Problems panel, what the
 * editor renders. The extension comes from the packaged .vsix, installed into
 * a fresh extensions folder, never from the source tree.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  chromiumArgs,
  chromiumPath,
  extensionId,
  freePort,
  installVsix,
  quietSettings,
  root,
  startCodeServer,
  vsixPath,
  writeUserSettings,
  type RunningCodeServer,
} from '../../scripts/editor/lib.mjs';

/** Where screenshots and logs go (ignored by git). */
export const outputDir = process.env.E2E_OUTPUT_DIR ?? join(root, 'test-output', 'e2e');

/** The packaged extension under test; GIGAFACTORY_VSIX overrides it. */
export const vsix = process.env.GIGAFACTORY_VSIX ?? vsixPath;

/** Generous: this runs on two slow cores. */
export const STEP_TIMEOUT = 60_000;

export interface EditorOptions {
  /** Names screenshots and the run folder. */
  name: string;
  /**
   * false (default): workspace trust disabled, as most authors run.
   * 'untrusted': trust enabled and the folder not trusted, i.e. Restricted Mode.
   */
  trust?: false | 'untrusted';
  /** Extra user settings. */
  settings?: Record<string, unknown>;
}

/** Polls `probe` until it returns a truthy value; fails with `what` and the last value seen. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false | ''> | T | undefined | null | false | '',
  options: number | { timeout?: number; interval?: number } = {},
): Promise<T> {
  const { timeout = STEP_TIMEOUT, interval = 250 } = typeof options === 'number' ? { timeout: options } : options;
  const deadline = Date.now() + timeout;
  let last: unknown;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (last) return last as T;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  const detail = lastError ? ` (last error: ${(lastError as Error).message})` : ` (last value: ${JSON.stringify(last)})`;
  throw new Error(`timed out after ${timeout} ms waiting for ${what}${detail}`);
}

/** Normalises text the editor renders: non-breaking spaces become spaces. */
function plain(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}

export class Workbench {
  private step = 0;

  private constructor(
    readonly name: string,
    readonly page: Page,
    private readonly browser: Browser,
    private readonly server: RunningCodeServer,
    /** A copy of examples/ the tests may change freely. */
    readonly workspace: string,
    readonly runDir: string,
  ) {}

  /** The extensions folder the .vsix was installed into. */
  get extensionsDir(): string {
    return join(this.runDir, 'extensions');
  }

  /**
   * Process ids of this editor's language servers: processes whose command
   * line runs `dist/server.js` from this run's extensions folder, so never a
   * server of another editor on the machine.
   */
  languageServerPids(): number[] {
    const prefix = `${this.extensionsDir}/`;
    const pids: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let args: string[];
      try {
        args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      } catch {
        continue; // gone meanwhile
      }
      if (args.some((arg) => arg.startsWith(prefix) && arg.endsWith('/dist/server.js'))) pids.push(Number(entry));
    }
    return pids;
  }

  /** Starts code-server with the packaged extension and opens a copy of examples/ in Chromium. */
  static async start(options: EditorOptions): Promise<Workbench> {
    if (!existsSync(vsix)) throw new Error(`no ${vsix}: run \`npm run package\` (npm run test:e2e does it)`);
    mkdirSync(outputDir, { recursive: true });
    for (const file of readdirSync(outputDir)) if (file.startsWith(`${options.name}-`) && file.endsWith('.png')) rmSync(join(outputDir, file));
    const runDir = mkdtempSync(join(tmpdir(), `gigafactory-e2e-${options.name}-`));
    const workspace = join(runDir, 'examples');
    cpSync(join(root, 'examples'), workspace, { recursive: true });
    const userDataDir = join(runDir, 'user-data');
    const extensionsDir = join(runDir, 'extensions');
    installVsix({ vsix, userDataDir, extensionsDir });
    const trustSettings =
      options.trust === 'untrusted'
        ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.emptyWindow': false }
        : { 'security.workspace.trust.enabled': false };
    writeUserSettings(userDataDir, { ...quietSettings, ...trustSettings, ...options.settings });

    const port = await freePort();
    const logFile = join(outputDir, `${options.name}-code-server.log`);
    rmSync(logFile, { force: true });
    const server = await startCodeServer({ port, userDataDir, extensionsDir, folder: workspace, logFile });
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: STEP_TIMEOUT });
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      page.setDefaultTimeout(STEP_TIMEOUT);
      await page.goto(server.workbenchUrl);
      await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 120_000 });
      // The workbench takes keys only once it has focus somewhere.
      await page.locator('.monaco-workbench .part.statusbar').waitFor();
      const workbench = new Workbench(options.name, page, browser, server, workspace, runDir);
      await workbench.screenshot('workbench-loaded');
      return workbench;
    } catch (error) {
      await browser?.close();
      await server.stop();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.server.stop();
    rmSync(this.runDir, { recursive: true, force: true });
  }

  /** Saves test-output/e2e/<name>-NN-<label>.png and returns its path. */
  async screenshot(label: string): Promise<string> {
    this.step += 1;
    const file = join(outputDir, `${this.name}-${String(this.step).padStart(2, '0')}-${label.replace(/[^a-z0-9-]+/gi, '-')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Presses Escape a few times so no widget or quick input keeps the focus. */
  async dismiss(): Promise<void> {
    for (let i = 0; i < 3; i++) await this.page.keyboard.press('Escape');
  }

  /** Runs a command by its title from the command palette (F1). */
  async runCommand(title: string): Promise<void> {
    await this.dismiss();
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor();
    await this.page.keyboard.press('Enter');
  }

  /** Opens a workspace file with Quick Open (Ctrl+P), as a person would. */
  async openFile(relativePath: string): Promise<void> {
    const fileName = relativePath.split('/').pop()!;
    const activeTab = this.page.locator(`.tabs-container .tab.active[aria-label*="${fileName}"]`);
    // Quick Open shows recent files before it has filtered; an Enter pressed in
    // between can be lost, so wait for the focused row and retry if need be.
    for (let attempt = 1; ; attempt++) {
      await this.dismiss();
      await this.page.keyboard.press('Control+P');
      const input = this.page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill(relativePath);
      await this.page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: fileName }).first().waitFor();
      await this.page.waitForTimeout(300);
      await this.page.keyboard.press('Enter');
      try {
        await activeTab.waitFor({ timeout: attempt < 3 ? 10_000 : STEP_TIMEOUT });
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
    await this.page.locator('.editor-instance .monaco-editor .view-lines .view-line').first().waitFor();
  }

  /** The source text of a workspace file (the copy, which tests may have edited through the editor). */
  source(relativePath: string): string {
    return readFileSync(join(this.workspace, relativePath), 'utf8');
  }

  /** 1-based line and column of the first match of `pattern` in a file's source (column of the match's group 1 if any). */
  position(relativePath: string, pattern: RegExp): { line: number; column: number } {
    const lines = this.source(relativePath).split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const match = pattern.exec(lines[i]!);
      if (!match) continue;
      const offset = match[1] !== undefined ? match.index + match[0].indexOf(match[1]) : match.index;
      return { line: i + 1, column: offset + 1 };
    }
    throw new Error(`${pattern} not found in ${relativePath}`);
  }

  /** Moves the cursor with Go to Line (Ctrl+G) to a 1-based line and column. */
  async goTo(line: number, column = 1): Promise<void> {
    await this.dismiss();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    // Go to Line is Quick Open with a ':' prefix; filling replaces the prefix too.
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
  }

  /**
   * What the editor renders on a line, split into the document's own text and
   * the inlay hints. Monaco renders an inlay hint as injected text: a span
   * with a generated `dyn-rule-*` class among the line's token spans. The line
   * must be on screen (goTo reveals it); undefined while it is not rendered.
   */
  async renderedLine(line: number): Promise<{ text: string; hints: string[] } | undefined> {
    const parts = await this.page.evaluate((wanted) => {
      const editor = document.querySelector('.editor-instance .monaco-editor');
      if (!editor) return undefined;
      const numbers = [...editor.querySelectorAll<HTMLElement>('.margin-view-overlays .line-numbers')];
      const number = numbers.find((el) => el.textContent?.trim() === String(wanted));
      const top = number?.closest<HTMLElement>('[style*="top"]')?.style.top;
      if (!top) return undefined;
      const row = [...editor.querySelectorAll<HTMLElement>('.view-lines .view-line')].find((el) => el.style.top === top);
      if (!row) return undefined;
      return [...row.querySelectorAll<HTMLElement>(':scope > span > span')].map((span) => ({
        hint: [...span.classList].some((c) => c.startsWith('dyn-rule-')),
        text: span.textContent ?? '',
      }));
    }, line);
    if (!parts) return undefined;
    return {
      text: plain(parts.filter((p) => !p.hint).map((p) => p.text).join('')),
      hints: parts.filter((p) => p.hint).map((p) => plain(p.text).trim()).filter((t) => t !== ''),
    };
  }

  /** The document text of a line as the editor shows it (without hints). */
  async lineText(line: number): Promise<string> {
    await this.goTo(line, 1);
    return (await waitFor(`line ${line} to render`, () => this.renderedLine(line))).text;
  }

  /** Waits until the inlay hints on a line satisfy `accept`; returns them joined by " | ". */
  async waitForHints(line: number, accept: (hints: string) => boolean, timeout = STEP_TIMEOUT): Promise<string> {
    await this.goTo(line, 1);
    let seen = '';
    try {
      return await waitFor(`inlay hints on line ${line}`, async () => {
        const rendered = await this.renderedLine(line);
        if (!rendered) return undefined;
        seen = rendered.hints.join(' | ');
        return accept(seen) ? seen || '(none)' : undefined;
      }, { timeout });
    } catch (error) {
      throw new Error(`${(error as Error).message}; hints shown: ${JSON.stringify(seen)}`);
    }
  }

  /** Number of squiggles of a kind (error, warning, info) in the active editor's visible part. */
  async squiggles(kind: 'error' | 'warning' | 'info' = 'error'): Promise<number> {
    return this.page.locator(`.editor-instance .monaco-editor .squiggly-${kind}`).count();
  }

  /** Opens the Problems panel (Ctrl+Shift+M) and returns its rows' accessible labels. */
  async problems(): Promise<string[]> {
    if (!(await this.page.locator('.markers-panel').isVisible().catch(() => false))) {
      await this.dismiss();
      await this.page.keyboard.press('Control+Shift+M');
      await this.page.locator('.markers-panel').waitFor({ state: 'visible' });
    }
    return this.page
      .locator('.markers-panel .monaco-list-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? row.textContent ?? ''));
  }

  /** Waits until the Problems panel lists rows that satisfy `accept`. */
  async waitForProblems(accept: (rows: string[]) => boolean, timeout = STEP_TIMEOUT): Promise<string[]> {
    let seen: string[] = [];
    try {
      return await waitFor('the Problems panel', async () => {
        seen = await this.problems();
        return accept(seen) ? seen : undefined;
      }, { timeout });
    } catch (error) {
      throw new Error(`${(error as Error).message}; Problems shows: ${JSON.stringify(seen)}`);
    }
  }

  /** Hides the panel (Problems, Output) with Ctrl+J so the editor has the room. */
  async closePanel(): Promise<void> {
    const panel = this.page.locator('.part.panel');
    if (!(await panel.isVisible().catch(() => false))) return;
    await this.dismiss();
    await this.page.keyboard.press('Control+J');
    await panel.waitFor({ state: 'hidden' });
  }

  /** Shows the hover at a position with the keyboard (Ctrl+K Ctrl+I) and returns its text. */
  async hover(line: number, column: number, accept: (text: string) => boolean = (text) => text.trim() !== ''): Promise<string> {
    return waitFor(`a hover at ${line}:${column}`, async () => {
      await this.goTo(line, column);
      await this.page.keyboard.press('Control+K');
      await this.page.keyboard.press('Control+I');
      const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden) .monaco-hover-content').first();
      await hover.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
      const text = plain((await hover.textContent({ timeout: 1_000 }).catch(() => '')) ?? '');
      return accept(text) ? text : undefined;
    }, { timeout: STEP_TIMEOUT * 2, interval: 1_000 });
  }

  /** Moves the mouse over the first token on a line whose text is `token` and returns the hover's text. */
  async mouseHover(line: number, token: string, accept: (text: string) => boolean = (text) => text.trim() !== ''): Promise<string> {
    return waitFor(`a mouse hover over "${token}" on line ${line}`, async () => {
      await this.goTo(line, 1);
      await this.page.mouse.move(5, 5);
      const top = await this.page.evaluate((wanted) => {
        const numbers = [...document.querySelectorAll<HTMLElement>('.editor-instance .monaco-editor .margin-view-overlays .line-numbers')];
        return numbers.find((el) => el.textContent?.trim() === String(wanted))?.closest<HTMLElement>('[style*="top"]')?.style.top;
      }, line);
      if (!top) return undefined;
      const span = this.page.locator(`.editor-instance .monaco-editor .view-lines .view-line[style*="top:${top}"] span > span`, { hasText: token }).first();
      await span.hover();
      const hover = this.page.locator('.monaco-editor .monaco-hover:not(.hidden) .monaco-hover-content').first();
      await hover.waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
      const text = plain((await hover.textContent({ timeout: 1_000 }).catch(() => '')) ?? '');
      return accept(text) ? text : undefined;
    }, { timeout: STEP_TIMEOUT * 2, interval: 1_000 });
  }

  /** The titles the quick fix menu (Ctrl+.) offers at a position. Leaves the menu open. */
  async quickFixes(line: number, column: number): Promise<string[]> {
    return waitFor(`quick fixes at ${line}:${column}`, async () => {
      await this.goTo(line, column);
      await this.page.keyboard.press('Control+.');
      const rows = this.page.locator('.action-widget .monaco-list-row.action');
      await rows.first().waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
      const titles = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? el.textContent ?? ''));
      return titles.length > 0 ? titles : undefined;
    }, { timeout: STEP_TIMEOUT * 2, interval: 1_000 });
  }

  /** Applies the quick fix whose title matches, with the keyboard only (Ctrl+., arrows, Enter). */
  async applyQuickFix(line: number, column: number, title: RegExp): Promise<string> {
    const titles = await this.quickFixes(line, column);
    const index = titles.findIndex((t) => title.test(t));
    if (index < 0) throw new Error(`no quick fix matching ${title} at ${line}:${column}; offered: ${JSON.stringify(titles)}`);
    // The menu opens with the first action focused.
    for (let i = 0; i < index; i++) await this.page.keyboard.press('ArrowDown');
    await this.screenshot('quick-fix-menu');
    await this.page.keyboard.press('Enter');
    await this.page.locator('.action-widget').waitFor({ state: 'hidden' }).catch(() => undefined);
    return titles[index]!;
  }

  /** Selects `length` characters from a position and types `text` over them. */
  async replaceAt(line: number, column: number, length: number, text: string): Promise<void> {
    await this.goTo(line, column);
    for (let i = 0; i < length; i++) await this.page.keyboard.press('Shift+ArrowRight');
    await this.page.keyboard.type(text, { delay: 20 });
  }

  /** True when a file's tab shows unsaved changes. */
  async isDirty(relativePath: string): Promise<boolean> {
    const fileName = relativePath.split('/').pop()!;
    return (await this.page.locator(`.tabs-container .tab.dirty[aria-label*="${fileName}"]`).count()) > 0;
  }

  /** Saves the active editor (Ctrl+S). */
  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
  }

  /** The status bar item of this extension (its text), or undefined when hidden. */
  async extensionStatus(): Promise<string | undefined> {
    const item = this.page.locator(`.part.statusbar [id="${extensionId}.gigafactory.status"]`).first();
    if (!(await item.isVisible().catch(() => false))) return undefined;
    return plain(await item.innerText()).trim();
  }

  /** The name of the channel the Output panel shows, and its text (the panel must be open). */
  async outputChannel(): Promise<{ channel: string; text: string }> {
    const panel = this.page.locator('.part.panel');
    await panel.waitFor({ state: 'visible' });
    const channel = await panel
      .locator('.monaco-select-box')
      .evaluateAll((boxes) => boxes.map((b) => (b as HTMLSelectElement).title || (b as HTMLSelectElement).selectedOptions?.[0]?.text || '').join(' '));
    const text = plain((await panel.locator('.view-lines').first().innerText().catch(() => '')) ?? '');
    return { channel, text };
  }

  /** The texts of the status bar items. */
  async statusBar(): Promise<string[]> {
    const texts = await this.page.locator('.part.statusbar .statusbar-item').allInnerTexts();
    return texts.map((t) => plain(t).trim()).filter((t) => t !== '');
  }
}
