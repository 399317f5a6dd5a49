// #/runtime: inside the Node.js processes: heap, garbage collection, the event loop and the
// handles that keep it alive (collectRuntimeMetrics() of @telemeter/core).
import type { DashboardDefinition } from '../definition.js';
import { NO_RUNTIME } from './empty-texts.js';

const RATE = '[$__rate_interval]';

export const runtimeDashboard: DashboardDefinition = {
  id: 'runtime',
  title: 'Runtime',
  rows: [
    {
      title: 'Memory',
      panels: [
        {
          title: 'Heap',
          type: 'timeseries',
          unit: 'bytes',
          queries: [
            { expr: 'nodejs_heap_size_used_bytes', legend: 'used {{job}}' },
            { expr: 'nodejs_heap_size_total_bytes', legend: 'total {{job}}' },
          ],
          emptyText: NO_RUNTIME,
        },
        {
          title: 'Heap used by space',
          type: 'timeseries',
          unit: 'bytes',
          stacked: true,
          queries: [{ expr: 'sum by (space) (nodejs_heap_space_size_used_bytes) > 0', legend: '{{space}}' }],
          emptyText: NO_RUNTIME,
        },
        {
          title: 'Process memory',
          type: 'timeseries',
          unit: 'bytes',
          queries: [
            { expr: 'process_resident_memory_bytes', legend: 'resident {{job}}' },
            { expr: 'nodejs_external_memory_bytes', legend: 'external {{job}}' },
            { expr: 'nodejs_array_buffers_bytes', legend: 'array buffers {{job}}' },
          ],
          emptyText: NO_RUNTIME,
        },
      ],
    },
    {
      title: 'Garbage collection',
      panels: [
        {
          title: 'Time in GC',
          type: 'timeseries',
          unit: 'ratio',
          queries: [
            {
              expr: `sum by (job, kind) (rate(nodejs_gc_duration_seconds_sum${RATE}))`,
              legend: '{{kind}} {{job}}',
            },
          ],
          emptyText: NO_RUNTIME,
        },
        {
          title: 'GC runs',
          type: 'timeseries',
          unit: 'per_second',
          queries: [
            {
              expr: `sum by (job, kind) (rate(nodejs_gc_duration_seconds_count${RATE}))`,
              legend: '{{kind}} {{job}}',
            },
          ],
          emptyText: NO_RUNTIME,
        },
        {
          title: 'GC pause p99',
          type: 'timeseries',
          unit: 'seconds',
          queries: [
            {
              expr: `histogram_quantile(0.99, sum by (job, le) (rate(nodejs_gc_duration_seconds_bucket${RATE})))`,
              legend: '{{job}}',
            },
          ],
          emptyText: NO_RUNTIME,
        },
      ],
    },
    {
      title: 'Event loop',
      panels: [
        {
          title: 'Event-loop delay',
          type: 'timeseries',
          unit: 'seconds',
          width: 6,
          queries: [
            { expr: 'nodejs_eventloop_lag_p50_seconds', legend: 'p50 {{job}}' },
            { expr: 'nodejs_eventloop_lag_p99_seconds', legend: 'p99 {{job}}' },
            { expr: 'nodejs_eventloop_lag_max_seconds', legend: 'max {{job}}' },
          ],
          emptyText: NO_RUNTIME,
        },
        {
          title: 'Event-loop utilisation',
          type: 'timeseries',
          unit: 'ratio',
          width: 6,
          thresholds: [
            { value: 0.7, color: 'yellow' },
            { value: 0.9, color: 'red' },
          ],
          queries: [{ expr: 'nodejs_eventloop_utilization_ratio', legend: '{{job}}' }],
          emptyText: NO_RUNTIME,
        },
      ],
    },
    {
      title: 'Handles and CPU',
      panels: [
        {
          title: 'Active handles',
          type: 'timeseries',
          unit: 'count',
          queries: [{ expr: 'sum by (job, type) (nodejs_active_handles)', legend: '{{type}} {{job}}' }],
          emptyText: NO_RUNTIME,
        },
        {
          title: 'Open file descriptors',
          type: 'bar',
          unit: 'count',
          queries: [{ expr: 'process_open_fds', legend: '{{job}}' }],
          emptyText: `No file-descriptor metrics (they are read from /proc, on Linux only). ${NO_RUNTIME}`,
        },
        {
          title: 'Process CPU',
          type: 'timeseries',
          unit: 'ratio',
          stacked: true,
          queries: [
            { expr: `rate(process_cpu_user_seconds_total${RATE})`, legend: 'user {{job}}' },
            { expr: `rate(process_cpu_system_seconds_total${RATE})`, legend: 'system {{job}}' },
          ],
          emptyText: NO_RUNTIME,
        },
      ],
    },
  ],
};
