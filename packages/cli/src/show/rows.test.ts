import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { histogramQuantile, parseExposition } from '@telemeter/core';
import { createPalette } from '../output/colour.js';
import { renderShowTable } from './render.js';
import { computeRows } from './rows.js';

const before = parseExposition(`# HELP http_requests_total Requests.
# TYPE http_requests_total counter
http_requests_total{code="200"} 100
http_requests_total{code="500"} 50
# HELP queue_depth Depth.
# TYPE queue_depth gauge
queue_depth 3
# HELP latency_seconds Latency.
# TYPE latency_seconds histogram
latency_seconds_bucket{le="0.1"} 10
latency_seconds_bucket{le="0.5"} 20
latency_seconds_bucket{le="+Inf"} 20
latency_seconds_sum 3
latency_seconds_count 20
# HELP rpc_seconds RPC.
# TYPE rpc_seconds summary
rpc_seconds{quantile="0.5"} 0.01
rpc_seconds{quantile="0.99"} 0.2
rpc_seconds_sum 1
rpc_seconds_count 10
`);

const after = parseExposition(`# HELP http_requests_total Requests.
# TYPE http_requests_total counter
http_requests_total{code="200"} 140
http_requests_total{code="500"} 5
# HELP queue_depth Depth.
# TYPE queue_depth gauge
queue_depth 7
# HELP latency_seconds Latency.
# TYPE latency_seconds histogram
latency_seconds_bucket{le="0.1"} 10
latency_seconds_bucket{le="0.5"} 40
latency_seconds_bucket{le="+Inf"} 40
latency_seconds_sum 9
latency_seconds_count 40
# HELP rpc_seconds RPC.
# TYPE rpc_seconds summary
rpc_seconds{quantile="0.5"} 0.02
rpc_seconds{quantile="0.99"} 0.3
rpc_seconds_sum 2
rpc_seconds_count 30
`);

describe('computeRows', () => {
  const rows = computeRows(before, after, 2);

  it('gives counters their value and per-second rate, a reset counting as all increase', () => {
    const ok = rows.find((r) => r.family === 'http_requests_total' && r.labels.code === '200')!;
    assert.equal(ok.value, 140);
    assert.equal(ok.rate, 20);
    const reset = rows.find((r) => r.labels.code === '500')!;
    assert.equal(reset.rate, 2.5);
  });

  it('gives gauges their value and no rate', () => {
    const gauge = rows.find((r) => r.family === 'queue_depth')!;
    assert.equal(gauge.value, 7);
    assert.equal(gauge.rate, undefined);
  });

  it('estimates histogram quantiles over the observations between the fetches', () => {
    const histogram = rows.find((r) => r.family === 'latency_seconds')!;
    assert.equal(histogram.count, 40);
    assert.equal(histogram.sum, 9);
    assert.equal(histogram.rate, 10);
    assert.equal(histogram.quantileWindow, 'interval');
    // All 20 new observations fell in (0.1, 0.5].
    const p50 = histogram.quantiles!.find((q) => q.quantile === 0.5)!.value;
    assert.equal(p50, histogramQuantile(0.5, [0.1, 0.5], [0, 20, 20]));
    assert.ok(p50 > 0.1 && p50 <= 0.5);
  });

  it('falls back to the lifetime buckets without a first fetch', () => {
    const [histogram] = computeRows(undefined, after, 0, /^latency/);
    assert.equal(histogram!.quantileWindow, 'lifetime');
    assert.equal(histogram!.rate, undefined);
    assert.equal(histogram!.quantiles![0]!.value, histogramQuantile(0.5, [0.1, 0.5], [10, 40, 40]));
  });

  it("passes a summary's own quantiles through with its count rate", () => {
    const summary = rows.find((r) => r.family === 'rpc_seconds')!;
    assert.deepEqual(summary.quantiles, [
      { quantile: 0.5, value: 0.02 },
      { quantile: 0.99, value: 0.3 },
    ]);
    assert.equal(summary.rate, 10);
  });

  it('filters by family or sample name', () => {
    assert.deepEqual(
      [...new Set(computeRows(before, after, 2, /queue|rpc/).map((r) => r.family))],
      ['queue_depth', 'rpc_seconds'],
    );
  });

  it('reads OpenMetrics counters (family without _total) and skips _created', () => {
    const om = (value: number) =>
      parseExposition(
        `# TYPE jobs counter\n# HELP jobs Jobs.\njobs_total ${value}\njobs_created 1700000000\n# EOF\n`,
        {
          format: 'openmetrics',
        },
      );
    const [row, ...rest] = computeRows(om(10), om(16), 3);
    assert.equal(rest.length, 0);
    assert.equal(row!.name, 'jobs_total');
    assert.equal(row!.rate, 2);
  });

  it('renders one heading per family and human units', () => {
    const lines = renderShowTable(rows, createPalette(false));
    assert.match(lines[0]!, /^SERIES +VALUE +RATE +QUANTILES$/);
    assert.ok(lines.includes('latency_seconds histogram  Latency.'));
    assert.ok(
      lines.some((l) => /^ {2}\{\} +n=40 +10\/s +p50 \S+ ms/.test(l)),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((l) => /^ {2}\{code="200"\} +140 +20\/s$/.test(l)),
      lines.join('\n'),
    );
  });

  it('leaves out the RATE and QUANTILES columns when no row has one', () => {
    const lines = renderShowTable(computeRows(before, after, 2, /^queue_depth$/), createPalette(false));
    assert.deepEqual(lines, ['SERIES  VALUE', 'queue_depth gauge  Depth.', '  {}        7']);
  });
});
