import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatOpenMetrics } from './openmetrics.js';
import {
  counterFamily,
  gaugeFamily,
  histogramFamily,
  summaryFamily,
  unknownFamily,
} from './testing/families.js';

describe('formatOpenMetrics', () => {
  it('names counter families without _total, writes _total and _created samples, ends with # EOF', () => {
    assert.equal(
      formatOpenMetrics([counterFamily()]),
      [
        '# HELP http_requests HTTP requests served.',
        '# TYPE http_requests counter',
        'http_requests_total{method="GET",status="200"} 1027',
        'http_requests_created{method="GET",status="200"} 1700000000.123',
        'http_requests_total{method="POST",status="500"} 3.5',
        'http_requests_created{method="POST",status="500"} 1700000000',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it('appends _total to a counter whose name lacks it, and omits _created when unknown', () => {
    const family = counterFamily({ name: 'jobs', labelNames: [], points: [{ labelValues: [], value: 2 }] });
    assert.equal(
      formatOpenMetrics([family]),
      '# HELP jobs HTTP requests served.\n# TYPE jobs counter\njobs_total 2\n# EOF\n',
    );
  });

  it('writes exemplars on counters, with and without timestamp, escaping their label values', () => {
    const family = counterFamily({
      labelNames: [],
      points: [
        {
          labelValues: [],
          value: 5,
          exemplar: { labels: { trace_id: 'x' }, value: 1, timestamp: 1_700_000_000_123 },
        },
      ],
    });
    assert.equal(
      formatOpenMetrics([family]).split('\n')[2],
      'http_requests_total 5 # {trace_id="x"} 1 1700000000.123',
    );
    const noTime = counterFamily({
      labelNames: ['a'],
      points: [
        {
          labelValues: ['b'],
          value: 5,
          exemplar: { labels: { trace_id: 'q"\n\\', span_id: '1' }, value: 0.5 },
        },
      ],
    });
    assert.equal(
      formatOpenMetrics([noTime]).split('\n')[2],
      'http_requests_total{a="b"} 5 # {trace_id="q\\"\\n\\\\",span_id="1"} 0.5',
    );
  });

  it('drops an exemplar whose labels exceed 128 code points, and keeps one of exactly 128', () => {
    const exact = 'a'.repeat(120); // 'trace_id' (8) + 120 = 128
    const ok = counterFamily({
      labelNames: [],
      points: [{ labelValues: [], value: 1, exemplar: { labels: { trace_id: exact }, value: 1 } }],
    });
    assert.equal(formatOpenMetrics([ok]).split('\n')[2], `http_requests_total 1 # {trace_id="${exact}"} 1`);
    // 8 + 120 = 128 code points, but 248 UTF-16 units: the limit counts code points.
    const emoji = '🚀'.repeat(120);
    const okEmoji = counterFamily({
      labelNames: [],
      points: [{ labelValues: [], value: 1, exemplar: { labels: { trace_id: emoji }, value: 1 } }],
    });
    assert.match(formatOpenMetrics([okEmoji]).split('\n')[2]!, / # \{trace_id="(?:🚀){120}"\} 1$/u);
    const tooLong = counterFamily({
      labelNames: [],
      points: [{ labelValues: [], value: 1, exemplar: { labels: { trace_id: `${exact}b` }, value: 1 } }],
    });
    assert.equal(formatOpenMetrics([tooLong]).split('\n')[2], 'http_requests_total 1');
  });

  it('writes # UNIT only when the family name ends with the unit', () => {
    const counter = counterFamily({
      name: 'cpu_seconds_total',
      unit: 'seconds',
      labelNames: [],
      points: [{ labelValues: [], value: 1.5 }],
    });
    assert.equal(
      formatOpenMetrics([counter]),
      '# HELP cpu_seconds HTTP requests served.\n# TYPE cpu_seconds counter\n# UNIT cpu_seconds seconds\ncpu_seconds_total 1.5\n# EOF\n',
    );
    const mismatch = gaugeFamily({ name: 'temperature', unit: 'celsius' });
    assert.doesNotMatch(formatOpenMetrics([mismatch]), /# UNIT/);
  });

  it('writes histograms with canonical le values, bucket exemplars, _sum, _count and _created', () => {
    const family = histogramFamily({
      buckets: [0.005, 1, 10, 1e6],
      points: [
        {
          labelValues: ['/api'],
          cumulativeCounts: [1, 2, 3, 4, 5],
          sum: 7.25,
          count: 5,
          created: 1_700_000_000_500,
          exemplars: [
            { labels: { trace_id: 'a' }, value: 0.004, timestamp: 1_700_000_000_001 },
            undefined,
            undefined,
            undefined,
            { labels: { trace_id: 'b' }, value: 2e6 },
          ],
        },
      ],
    });
    assert.equal(
      formatOpenMetrics([family]),
      [
        '# HELP request_duration_seconds Request latency.',
        '# TYPE request_duration_seconds histogram',
        '# UNIT request_duration_seconds seconds',
        'request_duration_seconds_bucket{route="/api",le="0.005"} 1 # {trace_id="a"} 0.004 1700000000.001',
        'request_duration_seconds_bucket{route="/api",le="1.0"} 2',
        'request_duration_seconds_bucket{route="/api",le="10.0"} 3',
        'request_duration_seconds_bucket{route="/api",le="1e+06"} 4',
        'request_duration_seconds_bucket{route="/api",le="+Inf"} 5 # {trace_id="b"} 2000000',
        'request_duration_seconds_sum{route="/api"} 7.25',
        'request_duration_seconds_count{route="/api"} 5',
        'request_duration_seconds_created{route="/api"} 1700000000.5',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it('omits _sum, and with it _count, for a histogram with a negative bucket, as the spec requires', () => {
    const family = histogramFamily({
      name: 'offset',
      unit: '',
      labelNames: [],
      buckets: [-1, 0],
      points: [{ labelValues: [], cumulativeCounts: [1, 1, 2], sum: 0.5, count: 2 }],
    });
    assert.equal(
      formatOpenMetrics([family]),
      [
        '# HELP offset Request latency.',
        '# TYPE offset histogram',
        'offset_bucket{le="-1.0"} 1',
        'offset_bucket{le="0.0"} 1',
        'offset_bucket{le="+Inf"} 2',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it('writes summaries with canonical quantile labels, _sum, _count and _created', () => {
    assert.equal(
      formatOpenMetrics([summaryFamily()]),
      [
        '# HELP payload_size_bytes Payload sizes.',
        '# TYPE payload_size_bytes summary',
        '# UNIT payload_size_bytes bytes',
        'payload_size_bytes{quantile="0.5"} 512',
        'payload_size_bytes{quantile="0.9"} 1024',
        'payload_size_bytes{quantile="0.95"} 2048',
        'payload_size_bytes{quantile="0.99"} 4096',
        'payload_size_bytes_sum 123456',
        'payload_size_bytes_count 100',
        'payload_size_bytes_created 1700000001',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it('writes gauges and the unknown type, with NaN and infinities', () => {
    const gauge = gaugeFamily({
      labelNames: ['v'],
      points: [
        { labelValues: ['nan'], value: Number.NaN },
        { labelValues: ['inf'], value: Number.POSITIVE_INFINITY },
        { labelValues: ['-inf'], value: Number.NEGATIVE_INFINITY },
      ],
    });
    assert.equal(
      formatOpenMetrics([gauge, unknownFamily()]),
      [
        '# HELP queue_depth Items waiting.',
        '# TYPE queue_depth gauge',
        'queue_depth{v="nan"} NaN',
        'queue_depth{v="inf"} +Inf',
        'queue_depth{v="-inf"} -Inf',
        '# HELP legacy_value Something untyped.',
        '# TYPE legacy_value unknown',
        'legacy_value{kind="a"} 42',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it('escapes quotes in HELP too (unlike the text format), and label values like the text format', () => {
    const family = gaugeFamily({
      help: 'Say "hi" \\ to\nthe world',
      labelNames: ['path'],
      points: [{ labelValues: ['a\\b"c\nd ✓'], value: 1 }],
    });
    assert.equal(
      formatOpenMetrics([family]),
      [
        '# HELP queue_depth Say \\"hi\\" \\\\ to\\nthe world',
        '# TYPE queue_depth gauge',
        'queue_depth{path="a\\\\b\\"c\\nd ✓"} 1',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it('writes metadata for families without points, and only # EOF for no families', () => {
    assert.equal(
      formatOpenMetrics([counterFamily({ points: [] })]),
      '# HELP http_requests HTTP requests served.\n# TYPE http_requests counter\n# EOF\n',
    );
    assert.equal(formatOpenMetrics([]), '# EOF\n');
  });
});
