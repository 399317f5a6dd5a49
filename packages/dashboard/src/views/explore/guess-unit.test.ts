import assert from 'node:assert/strict';
import { test } from 'node:test';
import { guessUnit } from './guess-unit.js';

test('units follow the metric names’ suffixes and the functions around them', () => {
  const cases: [string, string][] = [
    [
      'histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket[5m])))',
      'seconds',
    ],
    ['process_resident_memory_bytes', 'bytes'],
    ['rate(node_network_receive_bytes_total[1m])', 'bytes_per_second'],
    ['rate(process_cpu_seconds_total[1m])', 'none'],
    [
      'rate(http_server_request_duration_seconds_sum[5m]) / rate(http_server_request_duration_seconds_count[5m])',
      'seconds',
    ],
    ['sum by (job) (rate(http_requests_total[5m]))', 'per_second'],
    ['increase(http_requests_total[1h])', 'count'],
    ['count(up)', 'none'],
    ['cache_hit_ratio', 'ratio'],
    ['up{job="x_seconds"}', 'none'],
  ];
  for (const [query, unit] of cases) assert.equal(guessUnit(query), unit, query);
});
