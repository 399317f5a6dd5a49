// #/http: the HTTP servers by route and status: traffic, errors, latency, requests in flight
// and body sizes (the http kit of @telemeter/kits; OpenTelemetry's semantic-convention names).
import type { DashboardDefinition } from '../definition.js';
import { NO_ERRORS, NO_HTTP } from './empty-texts.js';

const REQUESTS = 'http_server_request_duration_seconds_count';
const BUCKETS = 'http_server_request_duration_seconds_bucket';
const RATE = '[$__rate_interval]';

const quantile = (q: number, by: string, buckets = BUCKETS) =>
  `histogram_quantile(${q}, sum by (${by}) (rate(${buckets}${RATE})))`;

export const httpDashboard: DashboardDefinition = {
  id: 'http',
  title: 'HTTP',
  rows: [
    {
      title: 'Traffic',
      panels: [
        {
          title: 'Requests by route',
          type: 'timeseries',
          unit: 'per_second',
          queries: [{ expr: `sum by (http_route) (rate(${REQUESTS}${RATE}))`, legend: '{{http_route}}' }],
          emptyText: NO_HTTP,
        },
        {
          title: 'Requests by status class',
          type: 'timeseries',
          unit: 'per_second',
          stacked: true,
          queries: [
            {
              expr: `sum by (http_response_status_class) (rate(${REQUESTS}${RATE}))`,
              legend: '{{http_response_status_class}}',
            },
          ],
          emptyText: NO_HTTP,
        },
        {
          title: 'In flight',
          type: 'timeseries',
          unit: 'count',
          queries: [{ expr: 'sum by (job) (http_server_active_requests)', legend: '{{job}}' }],
          emptyText: NO_HTTP,
        },
      ],
    },
    {
      title: 'Errors and latency',
      panels: [
        {
          title: 'Error rate by route (5xx share)',
          type: 'timeseries',
          unit: 'ratio',
          thresholds: [{ value: 0.05, color: 'red' }],
          queries: [
            {
              expr:
                `sum by (http_route) (rate(${REQUESTS}{http_response_status_class="5xx"}${RATE}))` +
                ` / sum by (http_route) (rate(${REQUESTS}${RATE}))`,
              legend: '{{http_route}}',
            },
          ],
          emptyText: `No 5xx responses in this range. ${NO_HTTP}`,
        },
        {
          title: 'Latency p95 by route',
          type: 'timeseries',
          unit: 'seconds',
          queries: [{ expr: quantile(0.95, 'http_route, le'), legend: '{{http_route}}' }],
          emptyText: NO_HTTP,
        },
        {
          title: 'Slowest routes (p99)',
          type: 'table',
          unit: 'seconds',
          thresholds: [
            { value: 0.5, color: 'yellow' },
            { value: 1, color: 'red' },
          ],
          queries: [{ expr: quantile(0.99, 'http_route, le'), legend: '{{http_route}}' }],
          emptyText: NO_ERRORS,
        },
      ],
    },
    {
      title: 'Sizes',
      panels: [
        {
          title: 'Response size p95',
          type: 'timeseries',
          unit: 'bytes',
          width: 6,
          queries: [
            {
              expr: quantile(0.95, 'http_route, le', 'http_server_response_body_size_bytes_bucket'),
              legend: '{{http_route}}',
            },
          ],
          emptyText: NO_HTTP,
        },
        {
          title: 'Request size p95',
          type: 'timeseries',
          unit: 'bytes',
          width: 6,
          queries: [
            {
              expr: quantile(0.95, 'http_route, le', 'http_server_request_body_size_bytes_bucket'),
              legend: '{{http_route}}',
            },
          ],
          emptyText: `No request bodies in this range (GET requests have none). ${NO_HTTP}`,
        },
      ],
    },
  ],
};
