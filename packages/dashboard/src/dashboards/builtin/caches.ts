// #/caches: is each cache earning its memory? Hit ratio, lookups, evictions by reason, entries and
// bytes against their limits (the cache kit of @telemeter/kits).
import type { DashboardDefinition } from '../definition.js';
import { NO_CACHE } from './empty-texts.js';

const RATE = '[$__rate_interval]';

export const cachesDashboard: DashboardDefinition = {
  id: 'caches',
  title: 'Caches',
  rows: [
    {
      panels: [
        {
          title: 'Hit ratio',
          type: 'stat',
          unit: 'ratio',
          width: 4,
          // Highest threshold reached wins: below 50% red, then yellow, green from 80%.
          thresholds: [
            { value: 0, color: 'red' },
            { value: 0.5, color: 'yellow' },
            { value: 0.8, color: 'green' },
          ],
          queries: [
            {
              expr:
                `sum by (cache) (rate(cache_requests_total{result="hit"}${RATE}))` +
                ` / sum by (cache) (rate(cache_requests_total${RATE}))`,
              legend: '{{cache}}',
            },
          ],
          emptyText: NO_CACHE,
        },
        {
          title: 'Hit ratio over time',
          type: 'timeseries',
          unit: 'ratio',
          width: 8,
          queries: [
            {
              expr:
                `sum by (cache) (rate(cache_requests_total{result="hit"}${RATE}))` +
                ` / sum by (cache) (rate(cache_requests_total${RATE}))`,
              legend: '{{cache}}',
            },
          ],
          emptyText: NO_CACHE,
        },
      ],
    },
    {
      panels: [
        {
          title: 'Lookups',
          type: 'timeseries',
          unit: 'per_second',
          stacked: true,
          queries: [
            {
              expr: `sum by (cache, result) (rate(cache_requests_total${RATE}))`,
              legend: '{{cache}} {{result}}',
            },
          ],
          emptyText: NO_CACHE,
        },
        {
          title: 'Evictions by reason',
          type: 'timeseries',
          unit: 'per_second',
          stacked: true,
          queries: [
            {
              expr: `sum by (cache, reason) (rate(cache_evictions_total${RATE}))`,
              legend: '{{cache}} {{reason}}',
            },
          ],
          emptyText:
            'No evictions recorded: the caches have not removed an entry yet (capacity, expiry or delete). ' +
            'If you expected some, check that the cache is instrumented with @telemeter/kits/cache.',
        },
        {
          title: 'Writes and rejections',
          type: 'timeseries',
          unit: 'per_second',
          queries: [
            { expr: `sum by (cache) (rate(cache_sets_total${RATE}))`, legend: 'sets {{cache}}' },
            {
              expr: `sum by (cache, reason) (rate(cache_rejections_total${RATE}))`,
              legend: 'rejected {{reason}} {{cache}}',
            },
          ],
          emptyText: NO_CACHE,
        },
      ],
    },
    {
      panels: [
        {
          title: 'Entries',
          type: 'timeseries',
          unit: 'count',
          width: 6,
          queries: [
            { expr: 'sum by (cache) (cache_entries)', legend: '{{cache}}' },
            { expr: 'sum by (cache) (cache_max_entries)', legend: 'limit {{cache}}' },
          ],
          emptyText: NO_CACHE,
        },
        {
          title: 'Size',
          type: 'timeseries',
          unit: 'bytes',
          width: 6,
          queries: [
            { expr: 'sum by (cache) (cache_size_bytes)', legend: '{{cache}}' },
            { expr: 'sum by (cache) (cache_max_size_bytes)', legend: 'limit {{cache}}' },
          ],
          emptyText:
            "No cache sizes: this panel needs caches that know their entries' sizes " +
            '(e.g. lru-cache with maxSize or sizeCalculation, instrumented with instrumentLruCache() from @telemeter/kits/cache).',
        },
      ],
    },
  ],
};
