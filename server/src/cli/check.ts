/**
 * `gigafactory check`: the editor's diagnostics for every scenario under the
 * given paths, from the same `analyze` call, as text lines, JSON or SARIF.
 */
import { analyze } from '../scenario/analysis';
import { LineIndex } from '../report/positions';
import { problemsOf, type ReportProblem } from '../report/model';
import { format, HELP, parse } from './args';
import { findScenarios, fileRef, loadCatalog, readText, type FileProblems } from './files';
import { colors, EXIT_OK, EXIT_PROBLEMS, UsageError, type Colors, type Io } from './io';
import { progressBar } from './progress';
import { toSarif, type CheckedFile } from './sarif';

/** One problem as `file:line:col severity message`, 1-based. */
export function problemLine(file: string, p: ReportProblem, c?: Colors): string {
  const sev = c ? (p.severity === 'error' ? c.red(p.severity) : p.severity === 'warning' ? c.yellow(p.severity) : p.severity) : p.severity;
  return `${file}:${p.line}:${p.column} ${sev} ${p.message.replace(/\s*\r?\n\s*/g, ' ')}`;
}

/** Problems of a file that is not a scenario (a catalog), with 1-based positions. */
export function positioned(fp: FileProblems): ReportProblem[] {
  const index = new LineIndex(fp.text);
  return fp.problems.map((p) => {
    const s = index.positionAt(p.span.start);
    const e = index.positionAt(p.span.end);
    return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, severity: p.severity, code: p.code, message: p.message };
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export async function runCheck(args: string[], io: Io, version: string): Promise<number> {
  const { values, positionals } = parse('check', args);
  if (values.help) {
    io.stdout.write(HELP.check);
    return EXIT_OK;
  }
  const fmt = format(values.format, ['text', 'json', 'sarif'] as const, 'text', 'check');
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    const raw = String(values['max-warnings']);
    if (!/^\d+$/.test(raw)) throw new UsageError(`--max-warnings needs a whole number of 0 or more (got "${raw}")`, 'check');
    maxWarnings = Number(raw);
  }
  const { catalog, problems: catalogProblems } = await loadCatalog(io, (values.catalog as string[] | undefined) ?? []);
  const paths = positionals.length ? positionals : ['.'];
  const files = await findScenarios(paths, io.cwd);
  if (files.length === 0) throw new UsageError(`no scenario files (*.gigafactory.yaml) found in ${paths.join(', ')}`, 'check');

  const results: CheckedFile[] = catalogProblems.map((fp) => ({ display: fp.file.display, problems: positioned(fp) }));
  const progress = progressBar(io.stderr, files.length, !values['no-progress']);
  for (const file of files) {
    const read = await readText(io, file);
    if (!read.ok) results.push({ display: file.display, problems: [], readError: read.message });
    else results.push({ display: file.display, problems: problemsOf(analyze(read.text, { catalog })) });
    progress.tick(file.display);
  }
  progress.done();

  const all = results.flatMap((r) => r.problems);
  const errors = all.filter((p) => p.severity === 'error').length;
  const warnings = all.filter((p) => p.severity === 'warning').length;
  const unreadable = results.filter((r) => r.readError !== undefined);
  const out = values.out as string | undefined;
  const c = colors(out ? { ...io.stdout, isTTY: false } : io.stdout, io.env, !!values['no-color']);

  let text: string;
  if (fmt === 'json') {
    text = `${JSON.stringify({
      files: results.map((r) => ({
        file: r.display,
        errors: r.problems.filter((p) => p.severity === 'error').length,
        warnings: r.problems.filter((p) => p.severity === 'warning').length,
        problems: r.problems,
        ...(r.readError !== undefined ? { readError: r.readError } : {}),
      })),
      filesChecked: files.length,
      errors,
      warnings,
    }, null, 2)}\n`;
  } else if (fmt === 'sarif') {
    text = `${JSON.stringify(toSarif(results, io.cwd, version), null, 2)}\n`;
  } else {
    text = results.flatMap((r) => r.problems.map((p) => `${problemLine(r.display, p, c)}\n`)).join('');
  }
  if (out) await io.writeFile(fileRef(out, io.cwd).path, text);
  else io.stdout.write(text);

  const e = colors(io.stderr, io.env, !!values['no-color']);
  for (const u of unreadable) io.stderr.write(`${e.red('error')} ${u.readError}\n`);
  const problemFiles = results.filter((r) => r.problems.length).length;
  if (fmt === 'text' || out) {
    const summary = errors + warnings === 0
      ? `${plural(files.length, 'scenario')} checked: no problems`
      : `${plural(errors, 'error')} and ${plural(warnings, 'warning')} in ${problemFiles} of ${plural(files.length + catalogProblems.length, 'file')}`;
    io.stderr.write(`${errors ? e.red(summary) : warnings ? e.yellow(summary) : summary}${out ? ` (written to ${fileRef(out, io.cwd).display})` : ''}\n`);
  }
  const tooManyWarnings = maxWarnings !== undefined && warnings > maxWarnings;
  if (tooManyWarnings) io.stderr.write(`${plural(warnings, 'warning')}: more than --max-warnings ${maxWarnings}\n`);
  return errors > 0 || unreadable.length > 0 || tooManyWarnings ? EXIT_PROBLEMS : EXIT_OK;
}
