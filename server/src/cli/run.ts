/**
 * The CLI's dispatcher: picks the command, turns usage mistakes into a short
 * message and exit code 2, and never lets an internal error pass silently.
 */
import { version } from '../../../package.json';
import { HELP, MAIN_HELP } from './args';
import { runCheck } from './check';
import { runCompare } from './compare';
import { EXIT_OK, EXIT_USAGE, UsageError, type Io } from './io';
import { runReport } from './report';

export const VERSION: string = version;

/** Runs the CLI with `argv` (without `node` and the script) and returns the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check': return await runCheck(rest, io, VERSION);
      case 'report': return await runReport(rest, io, VERSION);
      case 'compare': return await runCompare(rest, io);
      case undefined:
        io.stderr.write(MAIN_HELP);
        return EXIT_USAGE;
      case '-h': case '--help': case 'help':
        if (rest[0] && rest[0] in HELP) io.stdout.write(HELP[rest[0] as keyof typeof HELP]);
        else io.stdout.write(MAIN_HELP);
        return EXIT_OK;
      case '-v': case '--version':
        io.stdout.write(`${VERSION}\n`);
        return EXIT_OK;
      default:
        throw new UsageError(`unknown command "${command}"; the commands are check, report and compare`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      const cmd = e.command ?? (command === 'check' || command === 'report' || command === 'compare' ? command : undefined);
      const help = cmd ? `gigafactory ${cmd} --help` : 'gigafactory --help';
      io.stderr.write(`gigafactory: ${e.message}\nSee ${help}.\n`);
      return EXIT_USAGE;
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code && err.path) {
      io.stderr.write(`gigafactory: ${err.path}: ${err.code === 'EACCES' ? 'permission denied' : err.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`gigafactory: internal error: ${err.stack ?? String(e)}\nPlease report it with the file that caused it.\n`);
    return 3;
  }
}
