import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { CliIo } from './cli-io.js';
import { UsageError } from './errors.js';
import { colourEnabled, createPalette, type Palette } from './output/colour.js';
import { closest } from './suggest.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** Placeholder shown in help for a string option: FILE, URL, DURATION. */
  readonly value?: string;
  readonly help: string;
  /** Shown in help as "(default ...)"; the command applies it. */
  readonly default?: string;
}

export interface CommandInput {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
  readonly io: CliIo;
  /** Colours for stdout and for stderr (each decided for its own stream). */
  readonly out: Palette;
  readonly err: Palette;
}

export interface CommandSpec {
  /** As typed: `show`, `config check`. */
  readonly name: string;
  readonly summary: string;
  /** After `telemeter `: `show [URL] [options]`. */
  readonly usage: string;
  readonly description: string;
  readonly positionals: { readonly min: number; readonly max: number; readonly names: string };
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly examples: readonly string[];
  readonly exitCodes: readonly (readonly [number, string])[];
  run(input: CommandInput): Promise<number>;
}

const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', help: 'show this help' };

export function optionsWithHelp(spec: CommandSpec): Record<string, OptionSpec> {
  return { ...spec.options, help: HELP_OPTION };
}

/** The flag named in one of parseArgs' messages (`Unknown option '--foo'...`). */
function flagIn(message: string): string {
  // "Option '-i, --interval <value>' argument missing": the long form is the one to show.
  const match = /'(?:-\w, )?(-{1,2}[^' ,]+)/.exec(message);
  return match ? match[1]! : '';
}

/** Rewords node:util parseArgs errors into one line that names the flag and the fix. */
function usageErrorOf(error: unknown, spec: CommandSpec): UsageError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const flag = flagIn(message);
  const known = Object.entries(optionsWithHelp(spec)).flatMap(([name, o]) =>
    o.short ? [`--${name}`, `-${o.short}`] : [`--${name}`],
  );
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const suggestion = closest(flag, known);
      return new UsageError(
        `unknown flag '${flag}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
        spec.name,
      );
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (message.includes('does not take an argument'))
        return new UsageError(`flag '${flag}' takes no value`, spec.name);
      if (message.includes('ambiguous')) {
        return new UsageError(
          `flag '${flag}' is followed by something that looks like a flag; for a value that starts with '-' write ${flag}=VALUE (e.g. ${flag}=-5m)`,
          spec.name,
        );
      }
      return new UsageError(`flag '${flag}' needs a value`, spec.name);
    default:
      return new UsageError(message, spec.name);
  }
}

/** Parses `args` against the command's flags; `--help` wins over every other check. */
export function parseCommandArgs(
  spec: CommandSpec,
  args: readonly string[],
): { values: Record<string, string | boolean | undefined>; positionals: string[]; help: boolean } {
  const options: ParseArgsConfig['options'] = {};
  for (const [name, option] of Object.entries(optionsWithHelp(spec))) {
    options[name] = option.short ? { type: option.type, short: option.short } : { type: option.type };
  }
  if (args.includes('--help') || args.includes('-h')) {
    // Asked for help: print it even when other flags are wrong (but not after `--`).
    const end = args.indexOf('--');
    const before = end < 0 ? args : args.slice(0, end);
    if (before.includes('--help') || before.includes('-h'))
      return { values: {}, positionals: [], help: true };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageErrorOf(error, spec);
  }
  const positionals = parsed.positionals;
  const { min, max, names } = spec.positionals;
  if (positionals.length < min) {
    throw new UsageError(`missing ${names.split(' ')[positionals.length] ?? names}`, spec.name);
  }
  if (positionals.length > max) {
    const extra = positionals[max]!;
    const hint = extra.startsWith('-') ? '' : max === 0 ? ' (it takes none)' : ` (it takes ${names})`;
    throw new UsageError(`unexpected argument '${extra}'${hint}`, spec.name);
  }
  return {
    values: parsed.values as Record<string, string | boolean | undefined>,
    positionals,
    help: false,
  };
}

export function palettesFor(io: CliIo): { out: Palette; err: Palette } {
  return {
    out: createPalette(colourEnabled(io.stdout, io.env)),
    err: createPalette(colourEnabled(io.stderr, io.env)),
  };
}
