/**
 * Command-line parsing on `node:util`'s parseArgs, with messages that say what
 * to type instead, and the help text of each command.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io';

export type Options = NonNullable<ParseArgsConfig['options']>;

const COMMON: Options = {
  help: { type: 'boolean', short: 'h' },
  catalog: { type: 'string', multiple: true },
  'no-color': { type: 'boolean' },
};

export const COMMAND_OPTIONS: Record<'check' | 'report' | 'compare', Options> = {
  check: { ...COMMON, format: { type: 'string', short: 'f' }, 'max-warnings': { type: 'string' }, 'no-progress': { type: 'boolean' }, out: { type: 'string', short: 'o' } },
  report: { ...COMMON, format: { type: 'string', short: 'f' }, out: { type: 'string', short: 'o' } },
  compare: { ...COMMON, format: { type: 'string', short: 'f' }, out: { type: 'string', short: 'o' } },
};

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** Parses one command's arguments; a mistake is a {@link UsageError}. */
export function parse(command: keyof typeof COMMAND_OPTIONS, args: string[]): Parsed {
  try {
    const { values, positionals } = parseArgs({ args, options: COMMAND_OPTIONS[command], allowPositionals: true, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (e) {
    const err = e as Error & { code?: string };
    const quoted = /'([^']+)'/.exec(err.message)?.[1];
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${quoted ?? ''}`.trim(), command);
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      // Node words it "Option '-o, --out <value>' argument missing": name the long form.
      const name = /--[\w-]+/.exec(quoted ?? '')?.[0] ?? quoted ?? 'an option';
      throw new UsageError(`option ${name} needs a value`, command);
    }
    throw new UsageError(err.message, command);
  }
}

/** The value of `--format`, checked against the formats the command knows. */
export function format<T extends string>(value: unknown, allowed: readonly T[], fallback: T, command: string): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--format must be one of ${allowed.join(', ')} (got "${String(value)}")`, command);
}

export const MAIN_HELP = `gigafactory: check EU AI gigafactory scenarios and turn them into cost reports

Usage:
  gigafactory check [PATHS...]        check scenarios, as the editor does
  gigafactory report FILE             the full cost breakdown, with charts
  gigafactory compare A B             figure-by-figure differences of two scenarios
  gigafactory <command> --help        options of a command
  gigafactory --version

Scenarios are *.gigafactory.yaml files (format: gigafactory/v1).
Exit codes: 0 clean, 1 problems found, 2 usage error (bad option, missing
file), 3 internal error.
`;

export const HELP: Record<'check' | 'report' | 'compare', string> = {
  check: `Usage: gigafactory check [options] [PATHS...]

Checks every scenario under PATHS (default: the current folder) with the same
engine as the editor, and prints each problem as
  file:line:col severity message
with 1-based lines and columns (UTF-16 code units, as the editor counts them).

Folders are searched for *.gigafactory.yaml and *.gigafactory.yml, and for
other YAML files whose first line is "apiVersion: gigafactory/v1". Hidden
folders, node_modules, and what a .gigafactoryignore file in a searched folder
lists (gitignore-like patterns, one a line) are skipped. A path named on the
command line is checked whatever its name and whatever an ignore file says.

Options:
  -f, --format FORMAT    text (default), json, or sarif (SARIF 2.1.0)
  -o, --out PATH         write the output to PATH instead of standard output
      --max-warnings N   exit 1 when there are more than N warnings
      --catalog FILE     add a catalog file (accelerators, countries); repeatable
      --no-progress      no progress bar (it shows only on a terminal, for 20+ files)
      --no-color         no colours (also: NO_COLOR set in the environment)
  -h, --help             this help

Exit codes: 0 no errors (and warnings within --max-warnings); 1 errors, or too
many warnings, or a file could not be read; 2 usage error or no scenario found.
`,
  report: `Usage: gigafactory report [options] FILE

Writes the cost report of one scenario: key figures, charts (capex by part,
funding against capex with the gap, power against the grid connection, cost
by year), and every figure with its formula, inputs and the source of each
default.

Options:
  -f, --format FORMAT    md (Markdown, default) or html (one self-contained
                         page: inline CSS and SVG, opens offline); inferred
                         from --out when it ends in .html or .md
  -o, --out PATH         write the report to PATH (folders are created)
                         instead of standard output
      --catalog FILE     add a catalog file; repeatable
  -h, --help             this help

Problems in the scenario are printed to standard error and listed in the
report; figures that need a broken input are left out.
Exit codes: 0 written, scenario without errors; 1 written, scenario has
errors; 2 usage error, missing or unreadable file.
`,
  compare: `Usage: gigafactory compare [options] A B

Compares two scenarios figure by figure: the value in A, in B, the difference
B − A and that difference as a share of A. When B reports in another currency,
its money is converted at A's exchange rate (and the output says so).

Options:
  -f, --format FORMAT    text (a table, default), json, md or html
  -o, --out PATH         write to PATH instead of standard output
      --catalog FILE     add a catalog file; repeatable
  -h, --help             this help

Exit codes: 0 compared, no errors in either file; 1 compared, a file has
errors (its problems go to standard error); 2 usage error, missing or
unreadable file.
`,
};
