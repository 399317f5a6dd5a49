import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { promtoolCheckMetrics, requireBinary } from '@telemeter/testkit';
import { formatPrometheusText } from './prometheus-text.js';
import {
  counterFamily,
  gaugeFamily,
  histogramFamily,
  hostileFamilies,
  summaryFamily,
  unknownFamily,
} from './testing/families.js';

describe('formatPrometheusText', () => {
  it('writes a counter with HELP, TYPE and labelled samples (no created timestamps)', () => {
    assert.equal(
      formatPrometheusText([counterFamily()]),
      [
        '# HELP http_requests_total HTTP requests served.',
        '# TYPE http_requests_total counter',
        'http_requests_total{method="GET",status="200"} 1027',
        'http_requests_total{method="POST",status="500"} 3.5',
        '',
      ].join('\n'),
    );
  });

  it('writes a gauge without labels', () => {
    assert.equal(
      formatPrometheusText([gaugeFamily()]),
      '# HELP queue_depth Items waiting.\n# TYPE queue_depth gauge\nqueue_depth -4.25\n',
    );
  });

  it('writes the unknown type as untyped', () => {
    assert.equal(
      formatPrometheusText([unknownFamily()]),
      '# HELP legacy_value Something untyped.\n# TYPE legacy_value untyped\nlegacy_value{kind="a"} 42\n',
    );
  });

  it('writes histogram buckets with le as Prometheus spells it, then _sum and _count', () => {
    const family = histogramFamily({
      buckets: [0.005, 1, 1e6],
      points: [{ labelValues: ['/api'], cumulativeCounts: [1, 2, 3, 4], sum: 0.5, count: 4 }],
    });
    assert.equal(
      formatPrometheusText([family]),
      [
        '# HELP request_duration_seconds Request latency.',
        '# TYPE request_duration_seconds histogram',
        'request_duration_seconds_bucket{route="/api",le="0.005"} 1',
        'request_duration_seconds_bucket{route="/api",le="1"} 2',
        'request_duration_seconds_bucket{route="/api",le="1e+06"} 3',
        'request_duration_seconds_bucket{route="/api",le="+Inf"} 4',
        'request_duration_seconds_sum{route="/api"} 0.5',
        'request_duration_seconds_count{route="/api"} 4',
        '',
      ].join('\n'),
    );
  });

  it('writes a histogram without labels', () => {
    const family = histogramFamily({
      labelNames: [],
      buckets: [0.1],
      points: [{ labelValues: [], cumulativeCounts: [0, 0], sum: 0, count: 0 }],
    });
    assert.equal(
      formatPrometheusText([family]),
      [
        '# HELP request_duration_seconds Request latency.',
        '# TYPE request_duration_seconds histogram',
        'request_duration_seconds_bucket{le="0.1"} 0',
        'request_duration_seconds_bucket{le="+Inf"} 0',
        'request_duration_seconds_sum 0',
        'request_duration_seconds_count 0',
        '',
      ].join('\n'),
    );
  });

  it('writes summary quantiles, _sum and _count, NaN for an empty window', () => {
    const family = summaryFamily({
      labelNames: ['op'],
      quantiles: [0.5, 0.99],
      points: [
        {
          labelValues: ['read'],
          quantileValues: [0.25, 1.5],
          sum: 12.5,
          count: 30,
          min: 0.1,
          max: 2,
          windowCount: 30,
        },
        {
          labelValues: ['write'],
          quantileValues: [Number.NaN, Number.NaN],
          sum: 0,
          count: 0,
          min: Number.NaN,
          max: Number.NaN,
          windowCount: 0,
        },
      ],
    });
    assert.equal(
      formatPrometheusText([family]),
      [
        '# HELP payload_size_bytes Payload sizes.',
        '# TYPE payload_size_bytes summary',
        'payload_size_bytes{op="read",quantile="0.5"} 0.25',
        'payload_size_bytes{op="read",quantile="0.99"} 1.5',
        'payload_size_bytes_sum{op="read"} 12.5',
        'payload_size_bytes_count{op="read"} 30',
        'payload_size_bytes{op="write",quantile="0.5"} NaN',
        'payload_size_bytes{op="write",quantile="0.99"} NaN',
        'payload_size_bytes_sum{op="write"} 0',
        'payload_size_bytes_count{op="write"} 0',
        '',
      ].join('\n'),
    );
  });

  it('escapes backslash, quote and newline in label values, and backslash and newline (not quotes) in HELP', () => {
    const family = counterFamily({
      help: 'Say "hi" \\ to\nthe world',
      labelNames: ['path'],
      points: [
        { labelValues: ['C:\\Program Files\\app'], value: 1 },
        { labelValues: ['say "hi"'], value: 2 },
        { labelValues: ['line1\nline2'], value: 3 },
        { labelValues: ['ünïcødé ✓ 日本 🚀'], value: 4 },
        { labelValues: ['\\"\n\\n'], value: 5 },
        { labelValues: [''], value: 6 },
      ],
    });
    assert.equal(
      formatPrometheusText([family]),
      [
        '# HELP http_requests_total Say "hi" \\\\ to\\nthe world',
        '# TYPE http_requests_total counter',
        'http_requests_total{path="C:\\\\Program Files\\\\app"} 1',
        'http_requests_total{path="say \\"hi\\""} 2',
        'http_requests_total{path="line1\\nline2"} 3',
        'http_requests_total{path="ünïcødé ✓ 日本 🚀"} 4',
        'http_requests_total{path="\\\\\\"\\n\\\\n"} 5',
        'http_requests_total{path=""} 6',
        '',
      ].join('\n'),
    );
  });

  it('spells NaN, +Inf and -Inf as Prometheus does, and other numbers in shortest round-trip form', () => {
    const family = gaugeFamily({
      labelNames: ['v'],
      points: [
        { labelValues: ['nan'], value: Number.NaN },
        { labelValues: ['inf'], value: Number.POSITIVE_INFINITY },
        { labelValues: ['-inf'], value: Number.NEGATIVE_INFINITY },
        { labelValues: ['tiny'], value: 1e-7 },
        { labelValues: ['big'], value: 2 ** 53 + 2 },
        { labelValues: ['huge'], value: 1.5e300 },
        { labelValues: ['third'], value: 1 / 3 },
      ],
    });
    const lines = formatPrometheusText([family]).split('\n').slice(2, -1);
    assert.deepEqual(lines, [
      'queue_depth{v="nan"} NaN',
      'queue_depth{v="inf"} +Inf',
      'queue_depth{v="-inf"} -Inf',
      'queue_depth{v="tiny"} 1e-7',
      'queue_depth{v="big"} 9007199254740994',
      'queue_depth{v="huge"} 1.5e+300',
      'queue_depth{v="third"} 0.3333333333333333',
    ]);
  });

  it('keeps families in input order and writes HELP/TYPE for families without points', () => {
    const text = formatPrometheusText([
      gaugeFamily({ name: 'b_gauge' }),
      counterFamily({ name: 'a_total', points: [] }),
      gaugeFamily({ name: 'c_gauge' }),
    ]);
    assert.equal(
      text,
      [
        '# HELP b_gauge Items waiting.',
        '# TYPE b_gauge gauge',
        'b_gauge -4.25',
        '# HELP a_total HTTP requests served.',
        '# TYPE a_total counter',
        '# HELP c_gauge Items waiting.',
        '# TYPE c_gauge gauge',
        'c_gauge -4.25',
        '',
      ].join('\n'),
    );
  });

  it('leaves out HELP when the help text is empty, and writes nothing for no families', () => {
    assert.equal(
      formatPrometheusText([gaugeFamily({ help: '' })]),
      '# TYPE queue_depth gauge\nqueue_depth -4.25\n',
    );
    assert.equal(formatPrometheusText([]), '');
  });

  it('leaves out exemplars, which the text format cannot carry', () => {
    const family = counterFamily({
      labelNames: [],
      points: [
        { labelValues: [], value: 1, exemplar: { labels: { trace_id: 'abc' }, value: 1, timestamp: 1 } },
      ],
    });
    assert.equal(formatPrometheusText([family]).split('\n')[2], 'http_requests_total 1');
  });
});

const promtool = requireBinary('promtool', 'prometheus');

describe('formatPrometheusText against promtool', () => {
  it(`is accepted by promtool check metrics for every type with hostile label values${promtool.skip ? ` (skipped: ${promtool.skip})` : ''}`, {
    skip: promtool.skip,
  }, async () => {
    const text = formatPrometheusText(hostileFamilies());
    const result = await promtoolCheckMetrics(text);
    assert.deepEqual(result.parseErrors, [], text);
    assert.deepEqual(result.lintWarnings, [], text);
    assert.equal(result.exitCode, 0);
    // promtool also accepts an empty text: check the hostile series are really in it.
    assert.match(text, /\nhttp_requests_total\{path="line1\\nline2",note="ünïcødé ✓ 日本 🚀"\} 3\n/);
    assert.match(text, /\nspecial_values\{kind="nan"\} NaN\n/);
  });

  it(`makes promtool report a parse error when a raw newline gets into a label value${promtool.skip ? ` (skipped: ${promtool.skip})` : ''}`, {
    skip: promtool.skip,
  }, async () => {
    // Guards the test above: this promtool really does reject broken escaping.
    const broken = '# TYPE x gauge\nx{a="line1\nline2"} 1\n';
    const result = await promtoolCheckMetrics(broken);
    assert.equal(result.exitCode, 1);
    assert.notDeepEqual(result.parseErrors, []);
  });
});
