import { readFileSync } from 'node:fs';
import { type CliIo, processIo } from './cli-io.js';
import { type CommandSpec, palettesFor, parseCommandArgs } from './command.js';
import { configCheckCommand } from './commands/config-check.js';
import { demoCommand } from './commands/demo.js';
import { queryCommand } from './commands/query.js';
import { resetCommand } from './commands/reset.js';
import { scrapeCommand } from './commands/scrape.js';
import { serveCommand } from './commands/serve.js';
import { showCommand } from './commands/show.js';
import { CliError, UsageError } from './errors.js';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import { renderCommandHelp, renderOverview, renderUsage } from './help.js';
import type { Palette } from './output/colour.js';
import { closest } from './suggest.js';

/** Every command, in the order `telemeter --help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  serveCommand,
  showCommand,
  queryCommand,
  scrapeCommand,
  resetCommand,
  configCheckCommand,
  demoCommand,
];

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The command `words` start with (`config check FILE` → config check), if any. */
function findCommand(words: readonly string[]): CommandSpec | undefined {
  return COMMANDS.find((spec) => spec.name.split(' ').every((word, i) => words[i] === word));
}

function unknownCommand(words: readonly string[]): UsageError {
  const first = words[0] ?? '';
  const groups = COMMANDS.filter((spec) => spec.name.startsWith(`${first} `));
  if (groups.length > 0) {
    const names = groups.map((spec) => `'telemeter ${spec.name}'`).join(', ');
    const what = words[1] === undefined ? 'needs a subcommand' : `has no subcommand '${words[1]}'`;
    return new UsageError(`'${first}' ${what}: ${names}`);
  }
  const names = [...COMMANDS.map((spec) => spec.name.split(' ')[0]!), 'help'];
  const suggestion = closest(first, names);
  return new UsageError(`unknown command '${first}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`);
}

async function dispatch(argv: readonly string[], io: CliIo, out: Palette, err: Palette): Promise<number> {
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h') {
    io.stdout.write(renderOverview(COMMANDS, version(), out));
    return EXIT_OK;
  }
  if (first === '--version' || first === '-V') {
    io.stdout.write(`telemeter ${version()}\n`);
    return EXIT_OK;
  }
  if (first === 'help') {
    const words = argv.slice(1);
    if (words.length === 0) {
      io.stdout.write(renderOverview(COMMANDS, version(), out));
      return EXIT_OK;
    }
    const spec = findCommand(words);
    if (!spec) throw unknownCommand(words);
    io.stdout.write(renderCommandHelp(spec, out));
    return EXIT_OK;
  }
  if (first.startsWith('-')) throw new UsageError(`expected a command before '${first}'`);
  const spec = findCommand(argv);
  if (!spec) throw unknownCommand(argv);
  const args = argv.slice(spec.name.split(' ').length);
  const parsed = parseCommandArgs(spec, args);
  if (parsed.help) {
    io.stdout.write(renderCommandHelp(spec, out));
    return EXIT_OK;
  }
  return spec.run({ values: parsed.values, positionals: parsed.positionals, io, out, err });
}

function report(error: unknown, io: CliIo, err: Palette): number {
  if (error instanceof UsageError) {
    const where = error.command ? `telemeter ${error.command}` : 'telemeter';
    io.stderr.write(`${where}: ${err.red('error:')} ${error.message}\n`);
    const spec = COMMANDS.find((c) => c.name === error.command);
    io.stderr.write(
      spec
        ? renderUsage(spec)
        : "Usage: telemeter <command> [options]\nRun 'telemeter --help' for the commands.\n",
    );
    return error.exitCode;
  }
  if (error instanceof CliError) {
    io.stderr.write(`telemeter: ${err.red('error:')} ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`telemeter: ${err.red('unexpected error:')} ${message}\n`);
  if (io.env.TELEMETER_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return EXIT_FAILURE;
}

/**
 * Runs the `telemeter` command line and resolves with its exit code (the bin sets
 * `process.exitCode` to it). Errors never escape: they are printed to stderr.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const { out, err } = palettesFor(io);
  try {
    return await dispatch(argv, io, out, err);
  } catch (error) {
    return report(error, io, err);
  }
}
