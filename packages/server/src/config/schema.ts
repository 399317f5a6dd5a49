// telemeter.yml: the top-level keys and the rules that span sections. The sections are in
// section-schemas.ts, scrape jobs in scrape-schema.ts.

import { dashboardsSchema } from './dashboards-schema.js';
import type { FinishContext, ObjectSchema } from './schema-types.js';
import { scrapeConfigSchema } from './scrape-schema.js';
import {
  authSchema,
  corsSchema,
  globalSchema,
  ingestionSchema,
  liveSchema,
  PROMETHEUS_UNSUPPORTED,
  querySchema,
  selfMonitoringSchema,
  storageSchema,
} from './section-schemas.js';
import { formatDurationText } from './units.js';

interface JobTiming {
  jobName?: string;
  scrapeIntervalMs?: number;
  scrapeTimeoutMs?: number;
}

/** Jobs take their interval and timeout from `global` (Prometheus's rules); job names are unique. */
function finishConfig(value: Record<string, unknown>, ctx: FinishContext): void {
  const global = value.global as { scrapeIntervalMs?: number; scrapeTimeoutMs?: number } | undefined;
  const jobs = (value.scrapeConfigs as (JobTiming | undefined)[] | undefined) ?? [];
  const firstUse = new Map<string, number>();
  jobs.forEach((job, index) => {
    if (job === undefined) return;
    if (job.jobName !== undefined) {
      const first = firstUse.get(job.jobName);
      if (first === undefined) firstUse.set(job.jobName, index);
      else
        ctx.issue(
          ['scrape_configs', index, 'job_name'],
          `job_name "${job.jobName}" is already used by scrape_configs[${first}]`,
        );
    }
    if (global?.scrapeIntervalMs === undefined || global.scrapeTimeoutMs === undefined) return;
    const intervalFrom = job.scrapeIntervalMs === undefined ? ', from global.scrape_interval' : '';
    job.scrapeIntervalMs ??= global.scrapeIntervalMs;
    if (job.scrapeTimeoutMs === undefined) {
      job.scrapeTimeoutMs = Math.min(global.scrapeTimeoutMs, job.scrapeIntervalMs);
    } else if (job.scrapeTimeoutMs > job.scrapeIntervalMs) {
      const timeout = formatDurationText(job.scrapeTimeoutMs);
      const interval = formatDurationText(job.scrapeIntervalMs);
      ctx.issue(
        ['scrape_configs', index, 'scrape_timeout'],
        `scrape_timeout (${timeout}) is greater than scrape_interval (${interval}${intervalFrom})`,
      );
    }
  });
}

export const configSchema: ObjectSchema = {
  kind: 'object',
  fields: {
    listen: {
      schema: { kind: 'address' },
      default: '127.0.0.1:9464',
      description:
        'Address of the HTTP server, `host:port` (`[::1]:9464` for IPv6; port 0 picks a free one). Anything but loopback needs `auth.token`.',
    },
    storage: { schema: storageSchema, default: {}, description: 'The database on disk.' },
    global: { schema: globalSchema, default: {}, description: 'Defaults for scrape jobs and rules.' },
    self_monitoring: { schema: selfMonitoringSchema, default: {}, description: "The server's own metrics." },
    scrape_configs: {
      schema: { kind: 'list', items: scrapeConfigSchema },
      default: [],
      description: 'Scrape jobs, as in prometheus.yml.',
    },
    ingestion: { schema: ingestionSchema, default: {}, description: 'Push endpoints and their limits.' },
    query: { schema: querySchema, default: {}, description: 'PromQL engine limits.' },
    auth: { schema: authSchema, default: {}, description: 'Bearer token for writes and admin routes.' },
    cors: { schema: corsSchema, default: {}, description: 'Cross-origin access to the HTTP API.' },
    live: { schema: liveSchema, default: {}, description: 'The WebSocket live stream.' },
    dashboards: {
      schema: dashboardsSchema,
      default: {},
      description: 'Your own dashboards, shown beside the built-in ones.',
    },
  },
  unsupported: {
    rule_files: `${PROMETHEUS_UNSUPPORTED} yet`,
    alerting: `${PROMETHEUS_UNSUPPORTED} yet`,
    remote_write: `${PROMETHEUS_UNSUPPORTED}; telemeter receives remote write (see ingestion.remote_write)`,
    remote_read: PROMETHEUS_UNSUPPORTED,
    tracing: PROMETHEUS_UNSUPPORTED,
    scrape_config_files: `${PROMETHEUS_UNSUPPORTED}; list the jobs under scrape_configs`,
    otlp: PROMETHEUS_UNSUPPORTED,
    runtime: PROMETHEUS_UNSUPPORTED,
  },
  finish: finishConfig,
};
