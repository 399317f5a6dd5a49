import { setTimeout as sleep } from 'node:timers/promises';
import type { ParsedFamily } from '@telemeter/core';
import type { CliIo } from '../cli-io.js';
import type { CommandInput, CommandSpec } from '../command.js';
import { formatDuration, parseDuration } from '../durations.js';
import { UsageError } from '../errors.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import type { Palette } from '../output/colour.js';
import { withProgress } from '../output/progress.js';
import { jsonRow, renderShowTable } from '../show/render.js';
import type { ShowRow } from '../show/rows.js';
import { DEFAULT_SERVER_URL, metricsUrlOf, parseUrlArg } from '../urls.js';

const NAME = 'show';

interface Sample {
  families: ParsedFamily[];
  at: number;
}

/** The parser and the rows need @telemeter/core: loaded only when a command runs, not for --help. */
const engine = async () => {
  const [exposition, rows] = await Promise.all([import('../exposition.js'), import('../show/rows.js')]);
  return {
    computeRows: rows.computeRows,
    async sample(url: string, signal?: AbortSignal): Promise<Sample> {
      const fetched = await exposition.fetchExposition(url, { signal });
      return { families: exposition.parseFetched(fetched), at: fetched.startedAt };
    },
  };
};

function parseOptions(input: CommandInput) {
  const url = metricsUrlOf(parseUrlArg(input.positionals[0] ?? DEFAULT_SERVER_URL, NAME)).toString();
  const intervalText = (input.values.interval as string | undefined) ?? '2s';
  const intervalMs = parseDuration(intervalText);
  if (intervalMs === undefined || intervalMs <= 0) {
    throw new UsageError(
      `--interval ${JSON.stringify(intervalText)} is not a duration (e.g. 2s, 500ms, 1m)`,
      NAME,
    );
  }
  let filter: RegExp | undefined;
  const filterText = input.values.filter as string | undefined;
  if (filterText !== undefined) {
    try {
      filter = new RegExp(filterText);
    } catch (error) {
      throw new UsageError(`--filter ${JSON.stringify(filterText)}: ${(error as Error).message}`, NAME);
    }
  }
  return { url, intervalMs, filter, json: input.values.json === true, watch: input.values.watch === true };
}

function jsonDocument(url: string, intervalMs: number, rows: readonly ShowRow[], elapsedSeconds: number) {
  return {
    url,
    time: new Date().toISOString(),
    intervalSeconds: Number(elapsedSeconds.toFixed(3)),
    requestedIntervalSeconds: intervalMs / 1000,
    rows: rows.map(jsonRow),
  };
}

function table(rows: readonly ShowRow[], io: CliIo, paint: Palette): string {
  const lines = renderShowTable(rows, paint, io.stdout.isTTY ? io.stdout.columns : undefined);
  return `${lines.join('\n')}\n`;
}

async function showOnce(input: CommandInput, options: ReturnType<typeof parseOptions>): Promise<number> {
  const { url, intervalMs, filter } = options;
  const { sample, computeRows } = await engine();
  const [before, after] = await withProgress(
    input.io,
    `sampling ${url} for ${formatDuration(intervalMs)}`,
    async () => {
      const first = await sample(url);
      await sleep(intervalMs);
      return [first, await sample(url)] as const;
    },
    { delayMs: intervalMs >= 1000 ? 0 : 1000 },
  );
  const elapsed = (after.at - before.at) / 1000;
  const rows = computeRows(before.families, after.families, elapsed, filter);
  if (options.json) {
    input.io.stdout.write(`${JSON.stringify(jsonDocument(url, intervalMs, rows, elapsed), null, 2)}\n`);
  } else {
    input.io.stdout.write(table(rows, input.io, input.out));
  }
  if (rows.length === 0) {
    input.io.stderr.write(
      filter ? `no series matched --filter ${filter.source}\n` : `${url} has no series\n`,
    );
  }
  return EXIT_OK;
}

async function watch(input: CommandInput, options: ReturnType<typeof parseOptions>): Promise<number> {
  const { url, intervalMs, filter } = options;
  const { io } = input;
  const { sample, computeRows } = await engine();
  const stop = new AbortController();
  const off = io.onSignal(['SIGINT', 'SIGTERM'], () => stop.abort());
  const tty = io.stdout.isTTY === true;
  let previous: Sample | undefined;
  try {
    previous = await withProgress(io, `fetching ${url}`, () => sample(url, stop.signal)).catch(
      () => undefined,
    );
    while (!stop.signal.aborted) {
      await sleep(intervalMs, undefined, { signal: stop.signal });
      let frame: string;
      try {
        const current = await sample(url, stop.signal);
        const elapsed = previous ? (current.at - previous.at) / 1000 : 0;
        const rows = computeRows(previous?.families, current.families, elapsed, filter);
        previous = current;
        frame = options.json
          ? `${JSON.stringify(jsonDocument(url, intervalMs, rows, elapsed))}\n`
          : table(rows, io, input.out);
      } catch (error) {
        if (stop.signal.aborted) break;
        // The target may be restarting: say so and keep watching.
        previous = undefined;
        frame = options.json ? '' : `${input.out.red('error:')} ${(error as Error).message}\n`;
        if (options.json) io.stderr.write(`telemeter show: ${(error as Error).message}\n`);
      }
      if (tty && !options.json) {
        const title = `telemeter show ${url}  every ${formatDuration(intervalMs)}  ${new Date().toLocaleTimeString()}  (Ctrl-C to quit)`;
        io.stdout.write(`\x1b[H\x1b[2J${input.out.dim(title)}\n\n${frame}`);
      } else if (options.json) {
        io.stdout.write(frame);
      } else {
        io.stdout.write(`--- ${new Date().toISOString()}\n${frame}`);
      }
    }
  } catch (error) {
    if (!stop.signal.aborted) throw error;
  } finally {
    off();
  }
  return EXIT_OK;
}

export const showCommand: CommandSpec = {
  name: NAME,
  summary: 'print the metrics of a /metrics endpoint as a table, with rates and quantiles',
  usage: 'show [URL] [--watch] [--interval DURATION] [--json] [--filter REGEX]',
  description: [
    'Fetches URL twice, --interval apart, and prints every series grouped by family: counters',
    'with their value and rate per second, gauges with their value, histograms with their count,',
    'rate and p50/p95/p99 (over the observations made between the two fetches), summaries with',
    'their quantiles. Values are shown in the unit their name ends in (_seconds as ms/µs,',
    '_bytes as KiB/MiB, _ratio as %). URL defaults to http://127.0.0.1:9464/metrics; a base URL',
    'gets /metrics appended. OpenMetrics is asked for, Prometheus text accepted.',
  ].join('\n'),
  positionals: { min: 0, max: 1, names: 'URL' },
  options: {
    watch: { type: 'boolean', short: 'w', help: 'redraw every interval until Ctrl-C' },
    interval: { type: 'string', short: 'i', value: 'DURATION', help: 'time between fetches', default: '2s' },
    json: { type: 'boolean', help: 'print the rows as JSON (one document per line with --watch)' },
    filter: {
      type: 'string',
      short: 'f',
      value: 'REGEX',
      help: 'only families or samples whose name matches',
    },
  },
  examples: [
    'telemeter show',
    'telemeter show http://127.0.0.1:3000 --filter "^http_server_"',
    'telemeter show localhost:9100/metrics --watch --interval 5s',
    'telemeter show --json | jq \'.rows[] | select(.type == "counter")\'',
  ],
  exitCodes: [
    [EXIT_OK, 'printed (also when --watch is stopped with Ctrl-C)'],
    [EXIT_FAILURE, 'URL could not be fetched, answered an error status, or is not a valid exposition'],
    [EXIT_USAGE, 'bad flag, URL, --interval or --filter'],
  ],
  async run(input) {
    const options = parseOptions(input);
    return options.watch ? watch(input, options) : showOnce(input, options);
  },
};
