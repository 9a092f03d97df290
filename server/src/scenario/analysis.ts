/**
 * One analysis per document version: parse, schema check, model, figures and
 * cross-field checks, computed once and shared by every feature (diagnostics,
 * hints, hovers, code actions, the CLI).
 */
import type { Document } from 'yaml';
import type { Catalog } from './catalog';
import { runChecks } from './checks';
import { computeFigures, type FigureMemory, type Figures } from './costModel';
import { formatInteger } from './format';
import { characterProblems, nestingBeyond, nestingProblem } from './preScan';
import { readScenario, type LineCache } from './model';
import { documentValue } from './plainToJS';
import { validateSchema } from './schemaValidation';
import type { Problem, ScenarioModel } from './types';
import { DEFAULT_PARSE_LIMITS, parseYaml, type ParseLimits, type ParsedYaml } from './yamlDocument';

export interface AnalysisOptions {
  catalog: Catalog;
  limits?: Partial<ParseLimits>;
}

/**
 * Replaceable steps, for the incremental analyzer (incremental/analyzer.ts):
 * each must return exactly what the default step would for the same text.
 */
export interface AnalysisSteps {
  parse?(text: string, limits: ParseLimits): ParsedYaml;
  toJS?(doc: Document.Parsed, maxAliasCount: number): unknown;
  lineCache?: LineCache;
  figureMemory?: FigureMemory;
  /** The raw-text checks of preScan.ts (characters, nesting). */
  preScan?(text: string): { characters: ReturnType<typeof characterProblems>; deep: number | undefined };
  /** The schema check of schemaValidation.ts: the problems `validateSchema(doc, value, text)` gives, in its order. */
  validate?(doc: Document.Parsed, value: unknown, text: string): Problem[];
}

export interface ScenarioAnalysis {
  readonly text: string;
  readonly parsed: ParsedYaml;
  /** The parsed scenario document, when the file holds one. */
  readonly document: Document.Parsed | undefined;
  readonly model: ScenarioModel | undefined;
  readonly figures: Figures | undefined;
  readonly catalog: Catalog;
  /** Every problem to report, in document order, after the syntax-error cut-off. */
  readonly problems: readonly Problem[];
}

/** Analyses a scenario file's text. Never throws: internal failures become a problem. */
export function analyze(text: string, options: AnalysisOptions, steps?: AnalysisSteps): ScenarioAnalysis {
  const limits = { ...DEFAULT_PARSE_LIMITS, ...options.limits };
  if (text.length > limits.maxFileSize) return tooLarge(text, limits.maxFileSize, options.catalog);
  // Before parsing: binary files and pathological nesting are refused whole (see preScan.ts).
  const pre = steps?.preScan?.(text);
  const characters = pre ? pre.characters : characterProblems(text);
  if (characters.binary) return unchecked(text, characters.problems, options.catalog);
  const deep = pre ? pre.deep : nestingBeyond(text);
  if (deep !== undefined) return unchecked(text, [nestingProblem(text, deep)], options.catalog);
  const parsed = steps?.parse ? steps.parse(text, limits) : parseYaml(text, limits);
  const doc = parsed.document;
  const problems: Problem[] = [...characters.problems, ...parsed.problems];
  let model: ScenarioModel | undefined;
  let figures: Figures | undefined;
  const below: Problem[] = [];
  if (doc && doc.contents !== null) {
    let value: unknown;
    let readable = true;
    try {
      value = steps?.toJS ? steps.toJS(doc, limits.maxAliasCount) : documentValue(doc, limits.maxAliasCount);
    } catch (e) {
      readable = false;
      problems.push(unreadable(e, text));
    }
    if (readable) {
      append(below, steps?.validate ? steps.validate(doc, value, text) : validateSchema(doc, value, text));
      const read = readScenario(doc, steps?.lineCache, text);
      model = read.model;
      append(below, read.problems);
      figures = computeFigures(model, options.catalog, steps?.figureMemory);
      append(below, runChecks(model, figures, options.catalog, text));
    }
  } else if (parsed.problems.every((p) => p.severity !== 'error')) {
    problems.push({ span: { start: 0, end: Math.min(text.length, 1) }, severity: 'error', code: 'empty', message: 'The file holds no scenario yet. Start with `apiVersion: gigafactory/v1` and `kind: Scenario` (the New Scenario snippet writes a complete one).' });
  }
  append(problems, cutOff(below, parsed));
  problems.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { text, parsed, document: doc, model, figures, catalog: options.catalog, problems: capped(problems) };
}

/** Appends without spreading: `push(...list)` overflows the stack past about 100,000 items. */
function append<T>(target: T[], list: readonly T[]): void {
  for (const item of list) target.push(item);
}

/** Most problems reported for one file; a broken file of a million commas had a million. */
export const MAX_PROBLEMS = 1000;

/** The first {@link MAX_PROBLEMS} problems, then one that says how many more there are. */
function capped(problems: Problem[]): Problem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  const rest = problems.slice(MAX_PROBLEMS);
  return [...problems.slice(0, MAX_PROBLEMS), {
    span: rest[0]!.span,
    severity: rest.some((p) => p.severity === 'error') ? 'error' : 'warning',
    code: 'limit-problems',
    message: `${formatInteger(rest.length)} more problems from here on are not listed (at most ${formatInteger(MAX_PROBLEMS)} are); fix the ones above first.`,
  }];
}

/**
 * Below the first syntax error the parser may misread the file, so schema and
 * check problems are kept only on lines above that error's line.
 */
function cutOff(problems: Problem[], parsed: ParsedYaml): Problem[] {
  const at = parsed.firstSyntaxErrorOffset;
  if (at === undefined) return problems;
  const line = parsed.lineCounter.linePos(at).line;
  const lineStart = parsed.lineCounter.lineStarts[line - 1] ?? 0;
  return problems.filter((p) => p.span.start < lineStart && (p.scope === undefined || p.scope.end < lineStart));
}

function unreadable(e: unknown, text: string): Problem {
  const message = e instanceof Error ? e.message : String(e);
  const aliasBomb = /alias/i.test(message);
  return {
    span: { start: 0, end: Math.min(text.length, Math.max(1, text.indexOf('\n'))) },
    severity: 'error',
    code: aliasBomb ? 'limit-aliases' : 'unreadable',
    message: aliasBomb
      ? 'The file expands aliases (*name) more than the limit allows (setting gigafactory.limits.maxAliasCount); it looks like an alias bomb and is not checked.'
      : `The file could not be read as a scenario: ${message}`,
  };
}

/** A file refused before parsing: only the given problems, no document. */
function unchecked(text: string, problems: Problem[], catalog: Catalog): ScenarioAnalysis {
  return { text, parsed: parseYaml(''), document: undefined, model: undefined, figures: undefined, catalog, problems };
}

/** A file above the size limit is not parsed at all: one problem on its first line. */
function tooLarge(text: string, max: number, catalog: Catalog): ScenarioAnalysis {
  // The setting counts characters; below a megabyte, say so exactly (a 1,000 limit is not "0.0 MB").
  const mb = (n: number) => (max < 1024 * 1024 ? `${formatInteger(n)} characters` : `${(n / (1024 * 1024)).toFixed(1)} MB`);
  const parsed = parseYaml('');
  const firstLineEnd = text.indexOf('\n');
  const problem: Problem = {
    span: { start: 0, end: firstLineEnd > 0 ? Math.min(firstLineEnd, 200) : Math.min(text.length, 200) },
    severity: 'error',
    code: 'limit-file-size',
    message: `The file is ${mb(text.length)}, above the limit of ${mb(max)} (setting gigafactory.limits.maxFileSize), so it is not checked.`,
  };
  return { text, parsed, document: undefined, model: undefined, figures: undefined, catalog, problems: [problem] };
}
