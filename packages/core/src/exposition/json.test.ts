import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from '../registry.js';
import { Summary } from '../summary.js';
import { formatJson, type JsonHistogramSeries, type JsonSummarySeries } from './json.js';
import {
  counterFamily,
  gaugeFamily,
  histogramFamily,
  hostileFamilies,
  summaryFamily,
} from './testing/families.js';

describe('formatJson', () => {
  it('wraps families in a versioned document', () => {
    const doc = formatJson([]);
    assert.deepEqual(doc, { format: 'telemeter-json', version: 1, families: [] });
  });

  it('writes counters with labels as an object, created time and exemplar', () => {
    const family = counterFamily({
      points: [
        {
          labelValues: ['GET', '200'],
          value: 1027,
          created: 1_700_000_000_123,
          exemplar: { labels: { trace_id: 'abc' }, value: 1, timestamp: 1_700_000_000_000 },
        },
        { labelValues: ['POST', '500'], value: 3.5 },
      ],
    });
    assert.deepEqual(formatJson([family]).families, [
      {
        name: 'http_requests_total',
        type: 'counter',
        help: 'HTTP requests served.',
        unit: '',
        labelNames: ['method', 'status'],
        series: [
          {
            labels: { method: 'GET', status: '200' },
            value: 1027,
            created: 1_700_000_000_123,
            exemplar: { labels: { trace_id: 'abc' }, value: 1, timestamp: 1_700_000_000_000 },
          },
          { labels: { method: 'POST', status: '500' }, value: 3.5 },
        ],
      },
    ]);
  });

  it('writes histograms with raw buckets and derived count, sum, avg and estimated percentiles', () => {
    const family = histogramFamily({
      points: [
        {
          labelValues: ['/api'],
          cumulativeCounts: [2, 6, 9, 10, 11],
          sum: 7.25,
          count: 11,
          exemplars: [undefined, { labels: { trace_id: 't' }, value: 0.05 }],
        },
      ],
    });
    const series = formatJson([family]).families[0]!.series[0] as JsonHistogramSeries;
    assert.equal(series.count, 11);
    assert.equal(series.sum, 7.25);
    assert.equal(series.avg, 7.25 / 11);
    // rank 5.5 falls in (0.005, 0.1] holding 4 observations after 2: 0.005 + 0.095 * 3.5/4.
    assert.ok(Math.abs((series.p50 as number) - 0.088125) < 1e-12);
    // rank 10.45 is in the +Inf bucket: histogram_quantile answers with the highest finite bound.
    assert.equal(series.p95, 2.5);
    assert.equal(series.p99, 2.5);
    assert.deepEqual(series.buckets, [
      { le: 0.005, count: 2 },
      { le: 0.1, count: 6, exemplar: { labels: { trace_id: 't' }, value: 0.05 } },
      { le: 1, count: 9 },
      { le: 2.5, count: 10 },
      { le: '+Inf', count: 11 },
    ]);
  });

  it('gives null derived values for an empty histogram', () => {
    const family = histogramFamily({
      points: [{ labelValues: ['/'], cumulativeCounts: [0, 0, 0, 0, 0], sum: 0, count: 0 }],
    });
    const series = formatJson([family]).families[0]!.series[0] as JsonHistogramSeries;
    assert.deepEqual(
      [series.count, series.sum, series.avg, series.p50, series.p95, series.p99],
      [0, 0, null, null, null, null],
    );
  });

  it('writes summaries with window quantiles, min, max and lifetime count/sum/avg', () => {
    const series = formatJson([summaryFamily()]).families[0]!.series[0] as JsonSummarySeries;
    assert.deepEqual(series, {
      labels: {},
      count: 100,
      sum: 123456,
      avg: 1234.56,
      min: 10,
      max: 5000,
      p50: 512,
      p95: 2048,
      p99: 4096,
      windowCount: 40,
      quantiles: [
        { quantile: 0.5, value: 512 },
        { quantile: 0.9, value: 1024 },
        { quantile: 0.95, value: 2048 },
        { quantile: 0.99, value: 4096 },
      ],
      created: 1_700_000_001_000,
    });
  });

  it('gives null for percentiles a summary is not configured with, and for an empty window', () => {
    const family = summaryFamily({
      quantiles: [0.9],
      points: [
        {
          labelValues: [],
          quantileValues: [Number.NaN],
          sum: 10,
          count: 4,
          min: Number.NaN,
          max: Number.NaN,
          windowCount: 0,
        },
      ],
    });
    const series = formatJson([family]).families[0]!.series[0] as JsonSummarySeries;
    assert.deepEqual(
      [series.avg, series.min, series.max, series.p50, series.p95, series.p99],
      [2.5, null, null, null, null, null],
    );
    assert.deepEqual(series.quantiles, [{ quantile: 0.9, value: 'NaN' }]);
  });

  it('estimates p50/p95/p99 a summary is not configured with from its window sketch', () => {
    const registry = new Registry();
    const summary = new Summary({ name: 'job_seconds', help: 'h', quantiles: [0.9], registry });
    for (let i = 1; i <= 1000; i++) summary.observe(i / 1000);
    const series = formatJson([summary.snapshot()]).families[0]!.series[0] as JsonSummarySeries;
    for (const [got, exact] of [
      [series.p50, 0.5],
      [series.p95, 0.95],
      [series.p99, 0.99],
    ] as const) {
      assert.equal(typeof got, 'number');
      assert.ok(Math.abs((got as number) - exact) <= 0.011 * exact, `${got} vs ${exact}`);
    }
    assert.equal(series.quantiles.length, 1);
  });

  it('carries NaN and infinities as strings that survive JSON.stringify', () => {
    const family = gaugeFamily({
      labelNames: ['v'],
      points: [
        { labelValues: ['nan'], value: Number.NaN },
        { labelValues: ['inf'], value: Number.POSITIVE_INFINITY },
        { labelValues: ['-inf'], value: Number.NEGATIVE_INFINITY },
      ],
    });
    const parsed = JSON.parse(JSON.stringify(formatJson([family])));
    assert.deepEqual(
      parsed.families[0].series.map((s: { value: unknown }) => s.value),
      ['NaN', '+Inf', '-Inf'],
    );
  });

  it('survives a JSON round trip unchanged for hostile label values and every type', () => {
    const doc = formatJson(hostileFamilies());
    assert.deepEqual(JSON.parse(JSON.stringify(doc)), doc);
    assert.equal(doc.families.length, 6);
    assert.deepEqual(doc.families[0]!.series[2]!.labels, { path: 'line1\nline2', note: 'ünïcødé ✓ 日本 🚀' });
  });
});

describe('docs/format/json-exposition.md', () => {
  it('shows an example that is exactly what formatJson returns for it', async () => {
    const { readFile } = await import('node:fs/promises');
    // dist/esm/exposition/ -> repository root
    const doc = await readFile(
      new URL('../../../../../docs/format/json-exposition.md', import.meta.url),
      'utf8',
    );
    const example = JSON.parse(doc.split('## Example')[1]!.split('```json')[1]!.split('```')[0]!);
    const families = [
      counterFamily({
        labelNames: ['method', 'status'],
        points: [
          {
            labelValues: ['GET', '200'],
            value: 1027,
            created: 1_700_000_000_123,
            exemplar: { labels: { trace_id: '4bf92f3577b34da6' }, value: 1, timestamp: 1_700_000_042_000 },
          },
        ],
      }),
      gaugeFamily({ help: 'Jobs waiting.', points: [{ labelValues: [], value: Number.NaN }] }),
      histogramFamily({
        name: 'http_request_duration_seconds',
        labelNames: ['route'],
        buckets: [0.1, 0.5, 1],
        points: [
          {
            labelValues: ['/api'],
            cumulativeCounts: [60, 90, 98, 100],
            sum: 21.5,
            count: 100,
            created: 1_700_000_000_000,
          },
        ],
      }),
      summaryFamily({
        points: [
          {
            labelValues: [],
            quantileValues: [512, 1800, 2048, 4000],
            sum: 123456,
            count: 100,
            min: 10,
            max: 5000,
            windowCount: 40,
          },
        ],
      }),
    ];
    assert.deepEqual(example, JSON.parse(JSON.stringify(formatJson(families))));
  });
});
