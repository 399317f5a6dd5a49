// #/overview: is the service healthy? Traffic, errors and latency of every HTTP server, the
// processes' CPU, memory and event loop, and (once alerting exists) the firing alerts.
import type { DashboardDefinition } from '../definition.js';
import { NO_ALERTS, NO_ERRORS, NO_HTTP, NO_RUNTIME } from './empty-texts.js';

const REQUESTS = 'http_server_request_duration_seconds_count';
const ERRORS = `${REQUESTS}{http_response_status_class="5xx"}`;
const BUCKETS = 'http_server_request_duration_seconds_bucket';
const RATE = '[$__rate_interval]';

const quantile = (q: number, by: string) =>
  `histogram_quantile(${q}, sum by (${by}) (rate(${BUCKETS}${RATE})))`;

export const overviewDashboard: DashboardDefinition = {
  id: 'overview',
  title: 'Overview',
  rows: [
    {
      panels: [
        {
          title: 'Requests',
          type: 'stat',
          unit: 'per_second',
          queries: [{ expr: `sum(rate(${REQUESTS}${RATE}))` }],
          emptyText: NO_HTTP,
        },
        {
          title: 'Errors (5xx)',
          type: 'stat',
          unit: 'ratio',
          thresholds: [
            { value: 0, color: 'green' },
            { value: 0.01, color: 'yellow' },
            { value: 0.05, color: 'red' },
          ],
          queries: [{ expr: `(sum(rate(${ERRORS}${RATE})) or vector(0)) / sum(rate(${REQUESTS}${RATE}))` }],
          emptyText: NO_ERRORS,
        },
        {
          title: 'Latency p95',
          type: 'stat',
          unit: 'seconds',
          thresholds: [
            { value: 0, color: 'green' },
            { value: 0.5, color: 'yellow' },
            { value: 1, color: 'red' },
          ],
          queries: [{ expr: quantile(0.95, 'le') }],
          emptyText: NO_HTTP,
        },
        {
          title: 'Active alerts',
          type: 'table',
          queries: [{ expr: 'ALERTS{alertstate="firing"}', legend: '{{alertname}} {{severity}}' }],
          emptyText: NO_ALERTS,
        },
      ],
    },
    {
      panels: [
        {
          title: 'Request rate',
          type: 'timeseries',
          unit: 'per_second',
          queries: [{ expr: `sum by (job) (rate(${REQUESTS}${RATE}))`, legend: '{{job}}' }],
          emptyText: NO_HTTP,
        },
        {
          title: 'Error rate (5xx share)',
          type: 'timeseries',
          unit: 'ratio',
          thresholds: [
            { value: 0.01, color: 'yellow' },
            { value: 0.05, color: 'red' },
          ],
          queries: [
            {
              expr:
                `(sum by (job) (rate(${ERRORS}${RATE})) or sum by (job) (rate(${REQUESTS}${RATE})) * 0)` +
                ` / sum by (job) (rate(${REQUESTS}${RATE}))`,
              legend: '{{job}}',
            },
          ],
          emptyText: NO_ERRORS,
        },
        {
          title: 'Latency',
          type: 'timeseries',
          unit: 'seconds',
          queries: [
            { expr: quantile(0.5, 'le'), legend: 'p50' },
            { expr: quantile(0.95, 'le'), legend: 'p95' },
            { expr: quantile(0.99, 'le'), legend: 'p99' },
          ],
          emptyText: NO_HTTP,
        },
      ],
    },
    {
      panels: [
        {
          title: 'CPU (share of one core)',
          type: 'timeseries',
          unit: 'ratio',
          queries: [{ expr: `rate(process_cpu_seconds_total${RATE})`, legend: '{{job}}' }],
          emptyText: NO_RUNTIME,
        },
        {
          title: 'Memory (resident)',
          type: 'timeseries',
          unit: 'bytes',
          queries: [{ expr: 'process_resident_memory_bytes', legend: '{{job}}' }],
          emptyText: NO_RUNTIME,
        },
        {
          title: 'Event-loop delay p99',
          type: 'timeseries',
          unit: 'seconds',
          thresholds: [{ value: 0.1, color: 'red' }],
          queries: [{ expr: 'nodejs_eventloop_lag_p99_seconds', legend: '{{job}}' }],
          emptyText: NO_RUNTIME,
        },
      ],
    },
  ],
};
