import type { CommandSpec } from '../command.js';
import { formatDuration, parseDuration } from '../durations.js';
import { UsageError } from '../errors.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { withProgress } from '../output/progress.js';
import { queryApi } from '../query/prom-api.js';
import { DEFAULT_TREND_WIDTH, renderMatrix, renderScalar, renderVector } from '../query/render.js';
import { parseTime } from '../time-arg.js';
import { apiRootOf, DEFAULT_SERVER_URL, parseUrlArg } from '../urls.js';

const NAME = 'query';

/** Prometheus refuses a range query of more points per series than this. */
const MAX_POINTS = 11_000;
/** Steps the default --step aims for over the range: enough for a sparkline, few for the server. */
const DEFAULT_STEPS = 120;

function durationFlag(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) {
    throw new UsageError(`${flag} ${JSON.stringify(text)} is not a duration (e.g. 15s, 5m, 1h30m)`, NAME);
  }
  return ms;
}

export const queryCommand: CommandSpec = {
  name: NAME,
  summary: 'run a PromQL query against any Prometheus-compatible API',
  usage: "query '<promql>' [--server URL] [--time T] [--range DURATION] [--step DURATION] [--json]",
  description: [
    'Runs an instant query (/api/v1/query) and prints the series as a table: a column per label,',
    'then the value. With --range it runs a range query (/api/v1/query_range) ending at --time and',
    'prints each series on one line with a sparkline (▁▂▃▄▅▆▇█) and its min, max and last value.',
    'Works against telemeter serve, Prometheus, VictoriaMetrics, Thanos or Mimir. An error from',
    'the API is printed with its errorType (bad_data, execution, timeout, ...) and exits 1.',
    'T is `now`, a time ago (`-1h`), Unix seconds or RFC 3339 (2025-01-31T12:00:00Z).',
  ].join('\n'),
  positionals: { min: 1, max: 1, names: 'PROMQL' },
  options: {
    server: { type: 'string', short: 's', value: 'URL', help: 'the API to ask', default: DEFAULT_SERVER_URL },
    time: {
      type: 'string',
      short: 't',
      value: 'T',
      help: 'evaluation time (end of the range)',
      default: 'now',
    },
    range: {
      type: 'string',
      short: 'r',
      value: 'DURATION',
      help: 'run a range query over this long, e.g. 1h',
    },
    step: {
      type: 'string',
      value: 'DURATION',
      help: 'resolution of a range query',
      default: `range/${DEFAULT_STEPS}, at least 1s`,
    },
    json: { type: 'boolean', help: "print the API's data object (resultType, result) as JSON" },
  },
  examples: [
    "telemeter query 'up'",
    "telemeter query 'sum by (job) (rate(http_server_request_duration_seconds_count[5m]))' --server http://127.0.0.1:9090",
    "telemeter query 'process_resident_memory_bytes' --range 1h",
    "telemeter query 'up' --time 2025-01-31T12:00:00Z --json",
  ],
  exitCodes: [
    [EXIT_OK, 'the query ran (also when it returned no series)'],
    [EXIT_FAILURE, 'the API answered an error (bad_data, execution, ...) or could not be reached'],
    [EXIT_USAGE, 'bad flag, --time, --range or --step'],
  ],
  async run({ values, positionals, io, out }) {
    const promql = positionals[0]!;
    if (promql.trim() === '') throw new UsageError('the query is empty', NAME);
    const root = apiRootOf(
      parseUrlArg((values.server as string | undefined) ?? DEFAULT_SERVER_URL, NAME, '--server'),
    );
    const timeText = values.time as string | undefined;
    const time = timeText === undefined ? Date.now() / 1000 : parseTime(timeText, Date.now());
    if (time === undefined) {
      throw new UsageError(
        `--time ${JSON.stringify(timeText)} is not a time: use now, -5m, Unix seconds or RFC 3339`,
        NAME,
      );
    }
    const rangeMs = durationFlag(values.range as string | undefined, '--range');
    let stepMs = durationFlag(values.step as string | undefined, '--step');
    if (stepMs !== undefined && rangeMs === undefined) throw new UsageError('--step needs --range', NAME);

    let range: { start: number; end: number; step: number } | undefined;
    if (rangeMs !== undefined) {
      stepMs ??= Math.max(1000, Math.ceil(rangeMs / DEFAULT_STEPS / 1000) * 1000);
      if (rangeMs / stepMs + 1 > MAX_POINTS) {
        throw new UsageError(
          `--range ${formatDuration(rangeMs)} at --step ${formatDuration(stepMs)} is over ${MAX_POINTS} points per series; use a larger --step`,
          NAME,
        );
      }
      range = { start: time - rangeMs / 1000, end: time, step: stepMs / 1000 };
    }

    const answer = await withProgress(io, `querying ${root}`, () =>
      range
        ? queryApi(root, 'query_range', {
            query: promql,
            start: String(range.start),
            end: String(range.end),
            step: String(range.step),
          })
        : queryApi(root, 'query', { query: promql, time: String(time) }),
    );
    for (const warning of answer.warnings)
      io.stderr.write(`telemeter query: ${out.yellow('warning:')} ${warning}\n`);
    const { data } = answer;
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      return EXIT_OK;
    }
    let lines: string[];
    switch (data.resultType) {
      case 'vector':
        lines = data.result.length === 0 ? [] : renderVector(data.result, out);
        break;
      case 'matrix': {
        const columns = io.stdout.isTTY ? io.stdout.columns : undefined;
        const width = columns
          ? Math.max(10, Math.min(DEFAULT_TREND_WIDTH, Math.floor(columns / 3)))
          : undefined;
        lines = data.result.length === 0 ? [] : renderMatrix(data.result, range, out, width);
        break;
      }
      case 'scalar':
        lines = renderScalar(data.result);
        break;
      case 'string':
        lines = [data.result[1]];
        break;
    }
    if (lines.length === 0) io.stderr.write('no series\n');
    else io.stdout.write(`${lines.join('\n')}\n`);
    return EXIT_OK;
  },
};
