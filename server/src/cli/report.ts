/**
 * `gigafactory report FILE`: the cost report of one scenario, as Markdown or
 * one self-contained HTML page.
 */
import { buildReport, renderHtml, renderMarkdown } from '../report';
import { format, HELP, parse } from './args';
import { problemLine } from './check';
import { analyzeFile, fileRef, loadCatalog } from './files';
import { colors, EXIT_OK, EXIT_PROBLEMS, UsageError, type Io } from './io';
import { positioned } from './check';

export async function runReport(args: string[], io: Io, version: string): Promise<number> {
  const { values, positionals } = parse('report', args);
  if (values.help) {
    io.stdout.write(HELP.report);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `report takes one scenario file, got ${positionals.length}` : 'name the scenario file to report on', 'report');
  const out = values.out as string | undefined;
  const inferred = out && /\.html?$/i.test(out) ? 'html' : 'md';
  const fmt = format(values.format, ['md', 'html'] as const, inferred, 'report');
  const { catalog, problems: catalogProblems } = await loadCatalog(io, (values.catalog as string[] | undefined) ?? []);
  const { file, analysis } = await analyzeFile(io, positionals[0]!, catalog);
  const report = buildReport(analysis, { fileName: file.display, generator: `gigafactory ${version}` });
  const text = fmt === 'html' ? renderHtml(report) : renderMarkdown(report);
  if (out) await io.writeFile(fileRef(out, io.cwd).path, text);
  else io.stdout.write(text);

  const c = colors(io.stderr, io.env, !!values['no-color']);
  for (const fp of catalogProblems) for (const p of positioned(fp)) io.stderr.write(`${problemLine(fp.file.display, p, c)}\n`);
  for (const p of report.problems) io.stderr.write(`${problemLine(file.display, p, c)}\n`);
  if (!analysis.figures) io.stderr.write(`${file.display}: no figures could be computed; the report lists the problems only\n`);
  if (out) io.stderr.write(`report written to ${fileRef(out, io.cwd).display}\n`);
  const catalogErrors = catalogProblems.some((fp) => fp.problems.some((p) => p.severity === 'error'));
  return report.errors > 0 || catalogErrors ? EXIT_PROBLEMS : EXIT_OK;
}
