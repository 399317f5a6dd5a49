import type { ParseFormat } from '@telemeter/core';
import type { CommandSpec } from '../command.js';
import { UsageError } from '../errors.js';
import { EXIT_FAILURE, EXIT_LINT, EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { withProgress } from '../output/progress.js';
import { renderTable } from '../output/table.js';
import { formatBytes, formatNumber, formatSeconds } from '../output/units.js';
import { parseUrlArg } from '../urls.js';

const NAME = 'scrape';

export const scrapeCommand: CommandSpec = {
  name: NAME,
  summary: 'fetch a /metrics URL once and check it like promtool check metrics',
  usage: 'scrape URL [--json] [--format prometheus|openmetrics]',
  description: [
    'Fetches URL as Prometheus would (OpenMetrics preferred, Prometheus text 0.0.4 accepted) and',
    'reports the Content-Type, size, fetch time and the number of families, series and samples.',
    'Then it checks the body the way `promtool check metrics` does: a parse error is reported with',
    'its line (exit 1); lint problems (counter without _total, camelCase names, non-base units',
    'such as _milliseconds, abbreviated units, missing HELP, reserved suffixes and labels) exit 3.',
    'Two checks go beyond promtool and are marked as such: a histogram without an le="+Inf"',
    "bucket, and a series written twice. Exit codes are promtool's: 0 clean, 1 error, 3 lint.",
  ].join('\n'),
  positionals: { min: 1, max: 1, names: 'URL' },
  options: {
    json: { type: 'boolean', help: 'print the report as JSON' },
    format: {
      type: 'string',
      value: 'FORMAT',
      help: 'ask only for prometheus (text 0.0.4) or openmetrics instead of negotiating',
    },
  },
  examples: [
    'telemeter scrape http://127.0.0.1:3000/metrics',
    'telemeter scrape localhost:9100/metrics --format prometheus',
    "telemeter scrape http://127.0.0.1:9464/metrics --json | jq '.problems'",
  ],
  exitCodes: [
    [EXIT_OK, 'fetched and parsed, no lint problems'],
    [EXIT_FAILURE, 'could not fetch, error status, or a parse error'],
    [EXIT_USAGE, 'bad flag, URL or --format'],
    [EXIT_LINT, 'parsed, with lint problems only'],
  ],
  async run({ values, positionals, io, out }) {
    const url = parseUrlArg(positionals[0]!, NAME).toString();
    const formatFlag = values.format as string | undefined;
    if (formatFlag !== undefined && formatFlag !== 'prometheus' && formatFlag !== 'openmetrics') {
      throw new UsageError(
        `--format must be prometheus or openmetrics, got ${JSON.stringify(formatFlag)}`,
        NAME,
      );
    }
    const requested = formatFlag as ParseFormat | undefined;
    // @telemeter/core's parser is loaded when needed, not for --help.
    const [{ acceptHeader, fetchExposition }, { checkExposition }] = await Promise.all([
      import('../exposition.js'),
      import('../scrape/check.js'),
    ]);
    const exposition = await withProgress(io, `fetching ${url}`, () =>
      fetchExposition(url, { format: requested }),
    );
    const { fetched, format } = exposition;
    const check = checkExposition(fetched.body, format);
    const exitCode = check.parseError ? EXIT_FAILURE : check.problems.length > 0 ? EXIT_LINT : EXIT_OK;
    const contentType = fetched.headers.get('content-type') ?? '';

    if (values.json === true) {
      const report = {
        url,
        status: fetched.status,
        accept: acceptHeader(requested),
        contentType,
        format,
        bytes: fetched.bytes,
        fetchMs: Number(fetched.elapsedMs.toFixed(3)),
        families: check.families,
        series: check.series,
        samples: check.samples,
        parseError: check.parseError ?? null,
        problems: check.problems,
        verdict: check.parseError ? 'error' : check.problems.length > 0 ? 'lint' : 'clean',
        exitCode,
      };
      io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return exitCode;
    }

    const facts: [string, string][] = [
      ['status', `${fetched.status} ${fetched.statusText}`],
      ['content-type', contentType || '(none)'],
      ['format', format === 'openmetrics' ? 'OpenMetrics 1.0' : 'Prometheus text 0.0.4'],
      ['size', `${formatBytes(fetched.bytes)} (${formatNumber(fetched.bytes)} bytes)`],
      ['fetch time', formatSeconds(fetched.elapsedMs / 1000)],
      ['families', formatNumber(check.families)],
      ['series', formatNumber(check.series)],
      ['samples', formatNumber(check.samples)],
    ];
    const width = Math.max(...facts.map(([k]) => k.length));
    const lines = [out.bold(url), ...facts.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`), ''];
    if (check.parseError) {
      const { line, column, message } = check.parseError;
      lines.push(
        `${out.red('parse error')} at line ${line}${column ? `, column ${column}` : ''}: ${message}`,
      );
    } else if (check.problems.length > 0) {
      const rows = check.problems.map((p) => [
        p.line === undefined ? '' : String(p.line),
        p.metric,
        p.extra ? `${p.message} ${out.dim('(not checked by promtool)')}` : p.message,
      ]);
      lines.push(
        out.yellow(`${check.problems.length} lint problem${check.problems.length === 1 ? '' : 's'}:`),
        ...renderTable(
          [{ header: 'LINE', align: 'right' }, { header: 'METRIC' }, { header: 'PROBLEM' }],
          rows,
          out.dim,
        ).map((line) => `  ${line}`),
      );
    } else {
      lines.push(out.green('no problems found'));
    }
    io.stdout.write(`${lines.join('\n')}\n`);
    return exitCode;
  },
};
