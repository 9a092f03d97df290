/**
 * `gigafactory compare A B`: every figure of two scenarios side by side, with
 * absolute and relative differences.
 */
import { compareScenarios, problemsOf, renderCompareHtml, renderCompareMarkdown, renderCompareText } from '../report';
import { format, HELP, parse } from './args';
import { positioned, problemLine } from './check';
import { analyzeFile, fileRef, loadCatalog } from './files';
import { colors, EXIT_OK, EXIT_PROBLEMS, UsageError, type Io } from './io';

export async function runCompare(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('compare', args);
  if (values.help) {
    io.stdout.write(HELP.compare);
    return EXIT_OK;
  }
  if (positionals.length !== 2) throw new UsageError(`compare takes two scenario files, got ${positionals.length}`, 'compare');
  const fmt = format(values.format, ['text', 'json', 'md', 'html'] as const, 'text', 'compare');
  const { catalog, problems: catalogProblems } = await loadCatalog(io, (values.catalog as string[] | undefined) ?? []);
  const a = await analyzeFile(io, positionals[0]!, catalog);
  const b = await analyzeFile(io, positionals[1]!, catalog);
  const comparison = compareScenarios({ label: a.file.display, figures: a.analysis.figures }, { label: b.file.display, figures: b.analysis.figures });
  const text = fmt === 'json' ? `${JSON.stringify(comparison, null, 2)}\n`
    : fmt === 'md' ? renderCompareMarkdown(comparison)
    : fmt === 'html' ? renderCompareHtml(comparison)
    : renderCompareText(comparison);
  const out = values.out as string | undefined;
  if (out) await io.writeFile(fileRef(out, io.cwd).path, text);
  else io.stdout.write(text);

  const c = colors(io.stderr, io.env, !!values['no-color']);
  let errors = 0;
  for (const fp of catalogProblems) for (const p of positioned(fp)) io.stderr.write(`${problemLine(fp.file.display, p, c)}\n`);
  for (const side of [a, b]) {
    for (const p of problemsOf(side.analysis)) {
      if (p.severity === 'error') errors++;
      io.stderr.write(`${problemLine(side.file.display, p, c)}\n`);
    }
  }
  return errors > 0 ? EXIT_PROBLEMS : EXIT_OK;
}
