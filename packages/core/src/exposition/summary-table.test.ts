import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSummaryTable } from './summary-table.js';
import { counterFamily, gaugeFamily, histogramFamily, summaryFamily } from './testing/families.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting ANSI escape codes
const ANSI = /\x1b\[/;

function families() {
  return [
    counterFamily(),
    gaugeFamily({ name: 'process_resident_memory_bytes', points: [{ labelValues: [], value: 48_000_000 }] }),
    histogramFamily(),
    summaryFamily(),
    counterFamily({ name: 'empty_total', points: [] }),
  ];
}

describe('formatSummaryTable', () => {
  it('prints family totals, series rows, averages and percentiles in aligned, unit-formatted columns', () => {
    assert.equal(
      formatSummaryTable(families()),
      [
        'METRIC                          TYPE         VALUE      AVG     P50   P95   P99',
        'http_requests_total             counter      1.03k',
        '  {method="GET",status="200"}                1.03k',
        '  {method="POST",status="500"}                 3.5',
        'process_resident_memory_bytes   gauge      45.8MiB',
        'request_duration_seconds        histogram       11    659ms  88.1ms  2.5s  2.5s',
        '  {route="/api"}                                11    659ms  88.1ms  2.5s  2.5s',
        'payload_size_bytes              summary        100  1.21KiB    512B  2KiB  4KiB',
        'empty_total                     counter          -',
        '',
      ].join('\n'),
    );
  });

  it('adds per-second rates and interval averages/percentiles given a previous snapshot', () => {
    const previous = [
      counterFamily({
        points: [
          { labelValues: ['GET', '200'], value: 1000 },
          // 4 -> 3.5 is a counter reset: the whole current value counts, as in PromQL's rate().
          { labelValues: ['POST', '500'], value: 4 },
        ],
      }),
      histogramFamily({
        points: [{ labelValues: ['/api'], cumulativeCounts: [1, 2, 3, 4, 5], sum: 3, count: 5 }],
      }),
    ];
    assert.equal(
      formatSummaryTable(families(), { previous, elapsedSeconds: 10 }),
      [
        'METRIC                          TYPE         VALUE    RATE      AVG     P50    P95    P99',
        'http_requests_total             counter      1.03k  3.05/s',
        '  {method="GET",status="200"}                1.03k   2.7/s',
        '  {method="POST",status="500"}                 3.5  0.35/s',
        'process_resident_memory_bytes   gauge      45.8MiB',
        'request_duration_seconds        histogram       11   0.6/s    708ms  68.3ms  865ms  973ms',
        '  {route="/api"}                                11   0.6/s    708ms  68.3ms  865ms  973ms',
        'payload_size_bytes              summary        100    10/s  1.21KiB    512B   2KiB   4KiB',
        'empty_total                     counter          -       -',
        'rates, averages and histogram percentiles over the last 10s',
        '',
      ].join('\n'),
    );
  });

  it('merges the buckets of a histogram family for its total row, like sum by (le)', () => {
    const family = histogramFamily({
      buckets: [1, 2],
      points: [
        { labelValues: ['/a'], cumulativeCounts: [10, 10, 10], sum: 5, count: 10 },
        { labelValues: ['/b'], cumulativeCounts: [0, 10, 10], sum: 15, count: 10 },
      ],
    });
    const [, total, a, b] = formatSummaryTable([family]).split('\n');
    // 20 observations, median rank 10 = the end of bucket (0, 1].
    assert.match(total!, /^request_duration_seconds\s+histogram\s+20\s+1s\s+1s\s+1.9s\s+1.98s$/);
    assert.match(a!, /^ {2}\{route="\/a"\}\s+10\s+500ms\s+500ms\s+950ms\s+990ms$/);
    assert.match(b!, /^ {2}\{route="\/b"\}\s+10\s+1.5s\s+1.5s\s+1.95s\s+1.99s$/);
  });

  it('drops the AVG and percentile columns when no family has them, and leaves a gauge family total blank', () => {
    const table = formatSummaryTable([
      gaugeFamily({
        labelNames: ['queue'],
        points: [
          { labelValues: ['a'], value: 2 },
          { labelValues: ['b'], value: 3000 },
        ],
      }),
    ]);
    assert.equal(
      table,
      [
        'METRIC         TYPE   VALUE',
        'queue_depth    gauge',
        '  {queue="a"}             2',
        '  {queue="b"}            3k',
        '',
      ].join('\n'),
    );
  });

  it('uses ANSI colors only when asked', () => {
    assert.doesNotMatch(formatSummaryTable(families()), ANSI);
    const colored = formatSummaryTable(families(), { color: true });
    assert.match(colored, ANSI);
    // Same layout once the escape codes are removed.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI codes
    assert.equal(colored.replace(/\x1b\[[0-9;]*m/g, ''), formatSummaryTable(families()));
  });

  it('escapes newlines and control characters in label values so they cannot break lines or drive the terminal', () => {
    const table = formatSummaryTable([
      gaugeFamily({ labelNames: ['k'], points: [{ labelValues: ['a\x1b[31m\nb\r'], value: 1 }] }),
    ]);
    assert.doesNotMatch(table, ANSI);
    assert.equal(table.split('\n').length, 4);
    assert.match(table, /\{k="a\\x1b\[31m\\nb\\x0d"\}/);
  });

  it('rejects a negative or non-finite elapsedSeconds with a typed error, and shows no rates for 0', () => {
    for (const elapsedSeconds of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => formatSummaryTable(families(), { previous: families(), elapsedSeconds }), {
        code: 'TELEMETER_ERR_INVALID_CONFIG',
        message: /elapsedSeconds must be a finite number >= 0/,
      });
    }
    assert.doesNotMatch(formatSummaryTable(families(), { previous: families(), elapsedSeconds: 0 }), /RATE/);
  });

  it('says so when there is nothing to show', () => {
    assert.equal(formatSummaryTable([]), 'no metrics\n');
  });
});
