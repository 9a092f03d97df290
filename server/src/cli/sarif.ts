/**
 * Check results as a SARIF 2.1.0 log, for code-scanning pipelines. One run,
 * one rule per problem code met, one result per problem, with its region in
 * 1-based lines and UTF-16 columns (declared by `columnKind`). File URIs are
 * relative to `%SRCROOT%`, the working directory, so uploads map them onto the
 * repository.
 */
import { pathToFileURL } from 'node:url';
import type { ReportProblem } from '../report/model';
import type { Severity } from '../scenario/types';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface CheckedFile {
  /** Path relative to the working directory, `/`-separated (or absolute when outside it). */
  display: string;
  problems: ReportProblem[];
  /** A file that could not be read at all. */
  readError?: string;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** Short descriptions of the rule families, by code prefix. */
function ruleDescription(code: string): string {
  if (code.startsWith('yaml')) return 'YAML syntax or structure';
  if (code.startsWith('schema')) return 'Scenario schema (format version 1)';
  if (code.startsWith('check')) return 'Cross-field check of the cost model';
  if (code.startsWith('catalog')) return 'Workspace catalog file';
  if (code.startsWith('limit')) return 'File above a safety limit';
  return 'Scenario problem';
}

function uriOf(display: string): string {
  return display.startsWith('/') ? pathToFileURL(display).href : display.split('/').map(encodeURIComponent).join('/');
}

/** The SARIF log of a check run. */
export function toSarif(files: readonly CheckedFile[], cwd: string, version: string): object {
  const codes = [...new Set(files.flatMap((f) => f.problems.map((p) => p.code)))].sort();
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));
  const artifacts = files.map((f) => ({ location: { uri: uriOf(f.display), ...(f.display.startsWith('/') ? {} : { uriBaseId: '%SRCROOT%' }) } }));
  const results = files.flatMap((f, artifactIndex) => f.problems.map((p) => ({
    ruleId: p.code,
    ruleIndex: ruleIndex.get(p.code)!,
    level: LEVEL[p.severity],
    message: { text: p.message },
    locations: [{
      physicalLocation: {
        artifactLocation: { ...artifacts[artifactIndex]!.location, index: artifactIndex },
        region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: Math.max(p.endColumn, p.endLine === p.line ? p.column + 1 : 1) },
      },
    }],
  })));
  const unreadable = files.filter((f) => f.readError !== undefined);
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'gigafactory',
          fullName: 'Gigafactory Scenarios CLI',
          version,
          semanticVersion: version,
          rules: codes.map((c) => ({ id: c, name: c.replace(/-([a-z])/g, (_, x: string) => x.toUpperCase()), shortDescription: { text: ruleDescription(c) } })),
        },
      },
      originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(cwd.endsWith('/') ? cwd : `${cwd}/`).href } },
      artifacts,
      columnKind: 'utf16CodeUnits',
      invocations: [{
        executionSuccessful: unreadable.length === 0,
        ...(unreadable.length ? { toolExecutionNotifications: unreadable.map((f) => ({ level: 'error', message: { text: f.readError! } })) } : {}),
      }],
      results,
    }],
  };
}
