// The sections of telemeter.yml other than scrape_configs (scrape-schema.ts): keys, defaults and
// their own cross-key rules. schema.ts puts them together.
import { readFileSync } from 'node:fs';
import { checkOrigin } from './addresses.js';
import type { FinishContext, ObjectSchema } from './schema-types.js';
import { labelsSchema } from './scrape-schema.js';
import { formatDurationText } from './units.js';

export const PROMETHEUS_UNSUPPORTED = 'is a Prometheus setting telemeter does not support';

export const storageSchema: ObjectSchema = {
  kind: 'object',
  fields: {
    path: {
      schema: { kind: 'string', title: 'folder path', examples: ['./data', '/var/lib/telemeter'] },
      default: './data',
      description:
        'Folder of the database (WAL and blocks). Relative to the working directory, like `--data`.',
    },
    retention: {
      schema: { kind: 'duration' },
      default: '15d',
      description: 'Blocks whose data is all older than this are deleted; 0 keeps everything.',
    },
    retention_size: {
      schema: { kind: 'size', minimum: 1 },
      as: 'retentionBytes',
      description:
        'When set, the oldest blocks are deleted while blocks and WAL together are larger than this.',
    },
    fsync: {
      schema: { kind: 'enum', values: ['commit', 'interval', 'none'] },
      default: 'commit',
      description:
        'When a write is durable. `commit`: acknowledged after an fdatasync covers it (writes arriving together share one); `interval`: the WAL is synced every second, so a power loss can lose up to a second; `none`: synced only at shutdown.',
    },
    out_of_order_window: {
      schema: { kind: 'duration' },
      default: '0s',
      description:
        'How far behind the newest sample of a series an older sample is still accepted; 0 accepts none.',
    },
  },
};

/** Prometheus's rule: an unset global timeout is 10s, or the interval when that is shorter. */
const DEFAULT_SCRAPE_TIMEOUT_MS = 10_000;

export const globalSchema: ObjectSchema = {
  kind: 'object',
  fields: {
    scrape_interval: {
      schema: { kind: 'duration', minimumMs: 1 },
      default: '15s',
      description: 'Default scrape interval of jobs.',
    },
    scrape_timeout: {
      schema: { kind: 'duration', minimumMs: 1 },
      defaultFrom: '10s, or scrape_interval when shorter',
      description: 'Default scrape timeout of jobs; at most `scrape_interval`.',
    },
    evaluation_interval: {
      schema: { kind: 'duration', minimumMs: 1 },
      default: '1m',
      description: 'How often rules are evaluated.',
    },
    external_labels: {
      schema: labelsSchema,
      default: {},
      description:
        'Labels that identify this server, added to series and alerts when they leave it (federation, alert notifications).',
    },
  },
  unsupported: Object.fromEntries(
    [
      'query_log_file',
      'scrape_failure_log_file',
      'rule_query_offset',
      'scrape_protocols',
      'body_size_limit',
      'sample_limit',
      'target_limit',
      'label_limit',
      'label_name_length_limit',
      'label_value_length_limit',
      'keep_dropped_targets',
      'metric_name_validation_scheme',
      'metric_name_escaping_scheme',
    ].map((key) => [key, PROMETHEUS_UNSUPPORTED]),
  ),
  finish(value, ctx) {
    const interval = value.scrapeIntervalMs as number | undefined;
    const timeout = value.scrapeTimeoutMs as number | undefined;
    if (interval === undefined) return;
    if (timeout === undefined) value.scrapeTimeoutMs = Math.min(DEFAULT_SCRAPE_TIMEOUT_MS, interval);
    else if (timeout > interval) {
      ctx.issue(
        ['scrape_timeout'],
        `scrape_timeout (${formatDurationText(timeout)}) is greater than scrape_interval (${formatDurationText(interval)})`,
      );
    }
  },
};

export const selfMonitoringSchema: ObjectSchema = {
  kind: 'object',
  fields: {
    enabled: {
      schema: { kind: 'boolean' },
      default: true,
      description: "Store the server's own metrics in its database, as if it scraped itself.",
    },
    interval: {
      schema: { kind: 'duration', minimumMs: 1 },
      default: '10s',
      description: 'How often they are collected.',
    },
    system: {
      schema: { kind: 'boolean' },
      default: true,
      description: 'Also collect host metrics: CPU, memory, disk and network.',
    },
  },
};

const count = (minimum: number) => ({ kind: 'integer', minimum }) as const;

export const ingestionSchema: ObjectSchema = {
  kind: 'object',
  fields: {
    remote_write: {
      schema: { kind: 'boolean' },
      default: true,
      description: 'Accept Prometheus remote write 1.0 on `POST /api/v1/write`.',
    },
    text_import: {
      schema: { kind: 'boolean' },
      default: true,
      description: 'Accept Prometheus text and OpenMetrics on `POST /api/v1/import/prometheus`.',
    },
    json_import: {
      schema: { kind: 'boolean' },
      default: true,
      description: "Accept JSON lines (VictoriaMetrics' format) on `POST /api/v1/import`.",
    },
    max_body_bytes: {
      schema: { kind: 'size', minimum: 1 },
      default: '16MiB',
      description: 'Largest request body accepted, as sent (compressed); larger ones get 413.',
    },
    max_decompressed_bytes: {
      schema: { kind: 'size', minimum: 1 },
      default: '64MiB',
      description: 'Largest body after decompression (snappy, gzip).',
    },
    max_series_per_request: {
      schema: count(1),
      default: 100_000,
      description: 'Most series in one request.',
    },
    max_samples_per_request: {
      schema: count(1),
      default: 1_000_000,
      description: 'Most samples in one request.',
    },
  },
};

export const querySchema: ObjectSchema = {
  kind: 'object',
  fields: {
    lookback_delta: {
      schema: { kind: 'duration', minimumMs: 1 },
      default: '5m',
      description: 'How far back an instant query looks for the latest sample of a series.',
    },
    timeout: {
      schema: { kind: 'duration', minimumMs: 1 },
      default: '2m',
      description: 'Longest a query may run.',
    },
    max_samples: {
      schema: count(1),
      default: 50_000_000,
      description: 'Most samples a query may hold in memory at once.',
    },
    max_points_per_series: {
      schema: count(1),
      default: 11_000,
      description: 'Most points per series a range query may return (Prometheus: 11,000).',
    },
  },
};

function finishAuth(value: Record<string, unknown>, ctx: FinishContext): void {
  const file = value.tokenFile as string | undefined;
  if (file === undefined) return;
  if (value.token !== undefined) {
    ctx.issue(['token_file'], 'set token or token_file, not both');
    return;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    ctx.issue(['token_file'], `cannot read "${file}": ${why}`);
    return;
  }
  const token = text.trim();
  if (token === '') ctx.issue(['token_file'], `"${file}" is empty`);
  else value.token = token;
}

export const authSchema: ObjectSchema = {
  kind: 'object',
  fields: {
    token: {
      schema: { kind: 'string', secret: true, examples: ['change-me-to-a-long-random-string'] },
      readFrom: 'token_file',
      description:
        'Bearer token required for writes and admin routes. Required to listen on anything but loopback.',
    },
    token_file: {
      schema: { kind: 'string', title: 'file path', file: true, examples: ['/etc/telemeter/token'] },
      description:
        'File holding the token (surrounding whitespace is trimmed), read when the config is loaded.',
    },
  },
  finish: finishAuth,
};

export const corsSchema: ObjectSchema = {
  kind: 'object',
  fields: {
    allowed_origins: {
      schema: {
        kind: 'list',
        items: {
          kind: 'string',
          title: 'origin',
          check: checkOrigin,
          examples: ['http://localhost:3000', 'https://grafana.example.com', '*'],
        },
      },
      default: [],
      description:
        'Origins browsers may call the API from, e.g. `http://localhost:3000`, or `*` for any. Empty: none.',
    },
  },
};

export const liveSchema: ObjectSchema = {
  kind: 'object',
  fields: {
    interval: {
      schema: { kind: 'duration', minimumMs: 1 },
      default: '1s',
      description:
        'How often live subscriptions are re-evaluated and pushed (the dashboard charts move at this pace; evaluations of the same query are shared across viewers).',
    },
    max_connections: { schema: count(1), default: 100, description: 'Most open WebSocket connections.' },
    max_subscriptions_per_connection: {
      schema: count(1),
      default: 50,
      description: 'Most queries one connection may subscribe to.',
    },
  },
};
