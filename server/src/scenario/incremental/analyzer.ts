/**
 * Analysis of one document across its versions. Each update gives the same
 * {@link ScenarioAnalysis} that `analyze(text)` gives from scratch, but an
 * edit inside one list item or one line-start pair re-parses only that unit
 * (patch.ts), re-reads only that list line (model.ts's line cache), and
 * rebuilds the schema input by replacing one value; everything after the edit
 * is moved by the edit's length instead of being recomputed. Schema checks,
 * figures and cross-field checks run on the whole model every time: they are
 * linear in the number of lines with small constants and need no cache.
 *
 * The previous analysis is consumed: its document and list lines are reused
 * and mutated. Keep only the latest one (the server keeps one per document).
 */
import type { Document, Node } from 'yaml';
import { analyze, type AnalysisOptions, type ScenarioAnalysis } from '../analysis';
import { moveLineSpans, type LineCache, type ReadList } from '../model';
import type { Span } from '../types';
import { FigureMemory } from '../costModel';
import { DEFAULT_PARSE_LIMITS, parseYaml, type ParsedYaml } from '../yamlDocument';
import { characterProblems, MAX_NESTING_DEPTH, nestingBeyond } from '../preScan';
import { diffText, hasLinks, patchDocument, type Patch, type PathStep } from './patch';
import { IncrementalSchema } from './schema';
import { plainValue } from '../plainToJS';

/** What the cache keeps for one list line besides the line and its problems (in the list record). */
interface LineSpans {
  /**
   * For a line with problems, every span object inside the line and its
   * problems, once each, collected the first time the line moves. A line
   * without problems is moved field by field (model.ts moveLineSpans): no
   * list to keep, none to collect (collecting the spans of every line after
   * the first edit of a large file took 30 ms and kept 7 MiB).
   */
  spans: Span[] | undefined;
  /** The node's start offset that the spans agree with. */
  at: number;
}

interface ListRecord {
  list: ReadList;
  /** Per line, its spans' state (undefined for an item without a node). */
  lines: (LineSpans | undefined)[];
}

/**
 * The list lines of the latest version (see {@link LineCache}), by sequence
 * node, with where each line's spans stand. Everything the model holds for a
 * line (its spans, its problems' spans) lies within the line's text, so when
 * its node moves, all its spans move by the same amount. Line figures hold no
 * spans (acceleratorLines.ts) and are reused by the cost model itself.
 */
class ShiftingLineCache implements LineCache {
  /**
   * The lists of the latest read: kept items are reused by one comparison
   * each, and the spans after an edit are moved in list order. `fresh`
   * collects the lists of the read in progress; {@link nextVersion} makes them
   * the latest.
   */
  private lists = new Map<Node, ListRecord>();
  private fresh = new Map<Node, ListRecord>();

  list(seq: Node): ReadList | undefined {
    return this.lists.get(seq)?.list;
  }

  rememberList(seq: Node, list: ReadList): void {
    const prev = this.lists.get(seq);
    const n = list.lines.length;
    const lines: (LineSpans | undefined)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      if (prev && prev.list.lines[i] === list.lines[i]) { lines[i] = prev.lines[i]; continue; }
      const node = list.nodes[i];
      const at = node ? startOf(node) : undefined;
      lines[i] = at === undefined ? undefined : { spans: undefined, at };
    }
    this.fresh.set(seq, { list, lines });
  }

  /** Called before each incremental update: the lists just read become the latest. */
  nextVersion(): void {
    this.lists = this.fresh;
    this.fresh = new Map();
  }

  /**
   * Marks the items on a patch's way down as changed in their lists: an edit
   * inside an item (a pair of it re-parsed) keeps the item's node object but
   * changes its contents. `path[k]` is the step taken inside `ancestors[k]`.
   */
  invalidateLists(ancestors: readonly Node[], path: readonly (string | number)[]): void {
    ancestors.forEach((coll, k) => {
      const record = this.lists.get(coll);
      const step = path[k];
      if (record && typeof step === 'number') record.list.nodes[step] = null;
    });
  }

  clear(): void {
    this.lists = new Map();
    this.fresh = new Map();
  }

  /**
   * Moves the cached spans of every line whose node moved: those that started
   * at or after `threshold` (old offsets), by `delta`, as patchDocument moved
   * their nodes. Lines lie in list order, so the walk stops at the first one
   * before the threshold.
   */
  follow(threshold: number, delta: number): void {
    if (delta === 0) return;
    for (const { list, lines } of this.lists.values()) {
      for (let i = lines.length - 1; i >= 0; i--) {
        const e = lines[i];
        if (!e) continue;
        if (e.at < threshold) break;
        const problems = list.problems[i];
        if (problems === undefined) {
          moveLineSpans(list.lines[i]!, delta);
        } else {
          // A line with problems: its spans and theirs, found by a walk once (a repair shares its problem's span).
          const spans = (e.spans ??= collectSpans([list.lines[i], problems]));
          for (let k = 0; k < spans.length; k++) { const sp = spans[k]!; sp.start += delta; sp.end += delta; }
        }
        e.at += delta;
      }
    }
  }
}

function startOf(node: Node): number | undefined {
  return (node as { range?: [number, number, number] }).range?.[0];
}

/** Span-shaped objects reachable from `root`, each once (problems share spans with their repairs). */
function collectSpans(root: unknown): Span[] {
  const out: Span[] = [];
  const seen = new Set<object>();
  const walk = (x: unknown, depth: number) => {
    if (x === null || typeof x !== 'object' || depth > 8 || seen.has(x)) return;
    seen.add(x);
    const o = x as Record<string, unknown>;
    if (typeof o.start === 'number' && typeof o.end === 'number' && !Array.isArray(x)) out.push(x as Span);
    // Catalog entries and sources are shared data, never positions in this file.
    for (const k in o) if (k !== 'entry' && k !== 'source') walk(o[k], depth + 1);
  };
  walk(root, 0);
  return out;
}

/** Counts of what each update did, for tests and the benchmark. */
export interface UpdateStats {
  incremental: boolean;
  /** Why the last update parsed the whole text, when it did. */
  reason?: string;
}

/** Analyses successive versions of one document, reusing what an edit did not touch. */
export class IncrementalAnalyzer {
  private last: ScenarioAnalysis | undefined;
  private value: unknown;
  private linked = true;
  /** Whether the latest text passed the raw-text checks (preScan.ts) without a problem. */
  private clean = false;
  private optionsKey = '';
  private readonly cache = new ShiftingLineCache();
  /** Each list item's schema errors, by the item's JS value (see schema.ts). */
  private readonly schema = new IncrementalSchema();
  private readonly validate = (doc: Document, value: unknown, text: string) => this.schema.validate(doc, value, text);
  /** The cost model's line figures of the latest version, reused by position. */
  private readonly figureMemory = new FigureMemory();
  readonly stats: UpdateStats = { incremental: false };

  /** The latest analysis, if any. */
  get current(): ScenarioAnalysis | undefined {
    return this.last;
  }

  /** Analyses `text`, the document's new version. */
  update(text: string, options: AnalysisOptions): ScenarioAnalysis {
    // The previous analysis is only ever read inside the helpers below, never
    // into a variable of this frame: from the call to `analyzePatched` on,
    // nothing refers to the previous version's text, so a young collection
    // during the analysis does not find it alive (a text of a megabyte or more
    // goes straight to the old generation when it survives one, and waits
    // there for a full collection).
    if (this.unchanged(text, options)) return this.last!;
    const why = this.whyNotIncremental(options);
    const patched = why ? undefined : this.patch(text, options);
    this.last = undefined;
    let result: ScenarioAnalysis;
    if (patched) {
      result = this.analyzePatched(text, options, patched);
    } else {
      result = this.full(text, options);
      this.stats.reason = why ?? this.stats.reason;
    }
    this.last = result;
    return result;
  }

  private unchanged(text: string, options: AnalysisOptions): boolean {
    return this.last !== undefined && this.last.text === text && this.sameOptions(options);
  }

  private sameOptions(options: AnalysisOptions): boolean {
    return this.optionsKey === keyOf(options);
  }

  private whyNotIncremental(options: AnalysisOptions): string | undefined {
    const prev = this.last;
    if (!prev) return 'first version';
    if (!this.sameOptions(options)) return 'options changed';
    if (!prev.document || prev.parsed.problems.length > 0) return 'previous version had YAML problems';
    if (this.linked) return 'anchors, aliases or tags';
    if (!this.clean) return 'previous version had character or nesting problems';
    if (this.value === undefined) return 'no value';
    return undefined;
  }

  private full(text: string, options: AnalysisOptions): ScenarioAnalysis {
    this.cache.clear();
    let value: unknown;
    let linked = true;
    let clean = false;
    let parsed: ParsedYaml | undefined;
    const result = analyze(text, options, {
      preScan: (t) => {
        const characters = characterProblems(t);
        const deep = nestingBeyond(t);
        clean = characters.problems.length === 0 && deep === undefined;
        return { characters, deep };
      },
      parse: (t, limits) => {
        parsed = parseYaml(t, limits);
        // An empty document has no links; a document with contents gets its value and its links below (from the fast reader, or one walk).
        linked = !parsed.document;
        return parsed;
      },
      toJS: (doc, maxAliasCount) => {
        // The direct read gives doc.toJS's value and, as it declines every alias, anchor and tag, hasLinks(doc) too;
        // the fast reader built that same value while it composed the document (no walk at all).
        const plain = parsed?.document === doc && parsed.plain ? parsed.plain : plainValue(doc);
        if (plain) {
          linked = plain.reaches;
          return (value = plain.value);
        }
        linked = hasLinks(doc);
        return (value = doc.toJS({ maxAliasCount }));
      },
      lineCache: this.cache,
      figureMemory: this.figureMemory,
      validate: this.validate,
    });
    this.value = value;
    this.linked = linked;
    this.clean = clean;
    this.optionsKey = keyOf(options);
    this.stats.incremental = false;
    return result;
  }

  /**
   * Patches the previous version's document into this one (patch.ts), or says
   * it cannot. Only the document, line counter and JS value come out: the
   * previous text stays behind.
   */
  private patch(text: string, options: AnalysisOptions): PatchedVersion | undefined {
    const prev = this.last!;
    const limits = { ...DEFAULT_PARSE_LIMITS, ...options.limits };
    if (text.length > limits.maxFileSize) return undefined;
    const doc = prev.document as Document.Parsed;
    const change = diffText(prev.text, text);
    const lineCounter = prev.parsed.lineCounter;
    const patch = patchDocument(doc, prev.text, text, change, lineCounter, acceptChunk);
    if (!patch) {
      this.stats.reason = 'edit outside a single item or pair';
      return undefined;
    }
    this.cache.nextVersion();
    this.cache.invalidateLists(patch.ancestors, patch.path);
    this.cache.follow(patch.threshold, patch.delta);
    this.value = replaceAt(this.value, patch, limits.maxAliasCount);
    return { doc, lineCounter };
  }

  private analyzePatched(text: string, options: AnalysisOptions, { doc, lineCounter }: PatchedVersion): ScenarioAnalysis {
    const value = this.value;
    const parsed: ParsedYaml = { text, lineCounter, document: doc, problems: [], firstSyntaxErrorOffset: undefined };
    // The rest of the text passed the raw-text checks before and is unchanged; the unit passed them now.
    const preScan = () => ({ characters: { problems: [], binary: false }, deep: undefined });
    const result = analyze(text, options, { preScan, parse: () => parsed, toJS: () => value, lineCache: this.cache, figureMemory: this.figureMemory, validate: this.validate });
    this.stats.incremental = true;
    this.stats.reason = undefined;
    return result;
  }
}

/** What {@link IncrementalAnalyzer.patch} hands on to the analysis of the new version. */
interface PatchedVersion {
  doc: Document.Parsed;
  lineCounter: ParsedYaml['lineCounter'];
}

/**
 * The raw-text checks for a re-parsed unit: no character problem in it, and
 * nesting far below the limit (the unit's own depth plus that of the
 * collections around it), so the whole text passes them exactly when it did
 * before. This also keeps a pasted pathological nesting away from the parser.
 */
function acceptChunk(chunk: string, depth: number): boolean {
  if (characterProblems(chunk).problems.length > 0) return false;
  return nestingBeyond(chunk, Math.max(0, MAX_NESTING_DEPTH / 2 - depth)) === undefined;
}

function keyOf(options: AnalysisOptions): string {
  return JSON.stringify(options.limits ?? {}) + (catalogIds.get(options.catalog) ?? register(options.catalog));
}

const catalogIds = new WeakMap<object, string>();
let nextCatalogId = 0;
function register(catalog: object): string {
  const id = `#${nextCatalogId++}`;
  catalogIds.set(catalog, id);
  return id;
}

/** The JS value with the value at `patch.path` replaced; containers on the path are copied, the rest shared. */
function replaceAt(root: unknown, patch: Patch, maxAliasCount: number): unknown {
  const leaf = patch.value === null ? null : (patch.value as Node).toJS(patch.unitDoc, { maxAliasCount });
  const copy = (c: unknown): Record<PathStep, unknown> => (Array.isArray(c) ? c.slice() : { ...(c as object) }) as Record<PathStep, unknown>;
  if (patch.path.length === 0) return leaf;
  const top = copy(root);
  let cur = top;
  for (let i = 0; i < patch.path.length - 1; i++) {
    const next = copy(cur[patch.path[i]!]);
    cur[patch.path[i]!] = next;
    cur = next;
  }
  cur[patch.path[patch.path.length - 1]!] = leaf;
  return top;
}
