import { type CommandSpec, optionsWithHelp } from './command.js';
import type { Palette } from './output/colour.js';

const INDENT = '  ';

function optionLines(spec: CommandSpec): string[] {
  const rows = Object.entries(optionsWithHelp(spec)).map(([name, option]) => {
    const flag = `${option.short ? `-${option.short}, ` : '    '}--${name}${option.value ? ` ${option.value}` : ''}`;
    const help = option.default ? `${option.help} (default ${option.default})` : option.help;
    return [flag, help] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return rows.map(([flag, help]) => `${INDENT}${flag.padEnd(width)}  ${help}`);
}

/** The full help of one command, as `telemeter <cmd> --help` and `telemeter help <cmd>` print it. */
export function renderCommandHelp(spec: CommandSpec, paint: Palette): string {
  const lines = [
    `${paint.bold('Usage:')} telemeter ${spec.usage}`,
    '',
    spec.description,
    '',
    paint.bold('Options:'),
    ...optionLines(spec),
  ];
  if (spec.examples.length > 0) {
    lines.push('', paint.bold('Examples:'), ...spec.examples.map((example) => `${INDENT}${example}`));
  }
  lines.push(
    '',
    paint.bold('Exit codes:'),
    ...spec.exitCodes.map(([code, meaning]) => `${INDENT}${code}  ${meaning}`),
  );
  return `${lines.join('\n')}\n`;
}

/** The short usage printed after a usage error. */
export function renderUsage(spec: CommandSpec): string {
  return `Usage: telemeter ${spec.usage}\nRun 'telemeter ${spec.name} --help' for the flags.\n`;
}

/** `telemeter --help`: every command with its summary. */
export function renderOverview(commands: readonly CommandSpec[], version: string, paint: Palette): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `telemeter ${version}: collect, store, query and inspect Prometheus metrics`,
    '',
    `${paint.bold('Usage:')} telemeter <command> [options]`,
    '',
    paint.bold('Commands:'),
    ...commands.map((c) => `${INDENT}${c.name.padEnd(width)}  ${c.summary}`),
    `${INDENT}${'help'.padEnd(width)}  show the help of a command: telemeter help <command>`,
    '',
    paint.bold('Global options:'),
    `${INDENT}-h, --help     show help (also after any command)`,
    `${INDENT}-V, --version  print the version`,
    '',
    'Colour is used only on a terminal; NO_COLOR=1 turns it off, FORCE_COLOR=1 on.',
    'Exit codes: 0 ok, 1 failure, 2 usage error, 3 lint problems (scrape). See docs/cli.md.',
    '',
  ].join('\n');
}
