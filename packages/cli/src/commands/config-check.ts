import { access } from 'node:fs/promises';
import type { CommandSpec } from '../command.js';
import { CliError } from '../errors.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { isConfigError, loadServerApi } from '../server-api.js';

const NAME = 'config check';

export const configCheckCommand: CommandSpec = {
  name: NAME,
  summary: 'validate a telemeter.yml without starting the server',
  usage: 'config check FILE [--json]',
  description: [
    'Reads FILE with the same loader `telemeter serve --config` uses and prints "FILE: valid", or',
    'every problem found (not only the first), one per line as FILE:LINE: key.path: what is wrong.',
    'Unknown keys are problems too, with a "did you mean" when one is close.',
  ].join('\n'),
  positionals: { min: 1, max: 1, names: 'FILE' },
  options: {
    json: { type: 'boolean', help: 'print {file, valid, issues} as JSON' },
  },
  examples: ['telemeter config check telemeter.yml', 'telemeter config check telemeter.yml --json'],
  exitCodes: [
    [EXIT_OK, 'valid'],
    [EXIT_FAILURE, 'invalid, or the file cannot be read'],
    [EXIT_USAGE, 'bad flag or no FILE'],
  ],
  async run({ values, positionals, io, out }) {
    const file = positionals[0]!;
    try {
      await access(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError(
        'TM_CLI_CONFIG_UNREADABLE',
        `cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      );
    }
    const { loadConfig } = await loadServerApi(['loadConfig']);
    try {
      await loadConfig(file);
    } catch (error) {
      if (!isConfigError(error)) throw error;
      if (values.json === true) {
        io.stdout.write(`${JSON.stringify({ file, valid: false, issues: error.issues }, null, 2)}\n`);
      } else {
        const lines = error.message.split('\n');
        io.stdout.write(
          `${out.red(`${file}: ${error.issues.length} problem${error.issues.length === 1 ? '' : 's'}`)}\n${lines.map((l) => `${l}\n`).join('')}`,
        );
      }
      return EXIT_FAILURE;
    }
    if (values.json === true)
      io.stdout.write(`${JSON.stringify({ file, valid: true, issues: [] }, null, 2)}\n`);
    else io.stdout.write(`${file}: ${out.green('valid')}\n`);
    return EXIT_OK;
  },
};
