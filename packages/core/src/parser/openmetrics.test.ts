import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpositionParseError } from '../errors.js';
import { parseExposition } from './parse-exposition.js';

const parse = (text: string) => parseExposition(text, { format: 'openmetrics' });
const om = (...lines: string[]) => `${lines.join('\n')}\n# EOF\n`;

function assertError(text: string, line: number, column: number, pattern: RegExp): void {
  assert.throws(
    () => parse(text),
    (e: unknown) => {
      assert.ok(e instanceof ExpositionParseError, `expected ExpositionParseError, got ${e}`);
      assert.deepEqual([e.line, e.column], [line, column], e.message);
      assert.match(e.message, pattern);
      return true;
    },
  );
}

describe('OpenMetrics: structure', () => {
  it('names families without type suffixes and converts timestamps to milliseconds', () => {
    const families = parse(
      om(
        '# TYPE cc_seconds counter',
        '# UNIT cc_seconds seconds',
        '# HELP cc_seconds CPU \\"time\\", with a \\\\ and\\na newline.',
        'cc_seconds_total{mode="user"} 1.5 1700000000.25',
        'cc_seconds_created{mode="user"} 1699999999 1700000000.25',
      ),
    );
    assert.equal(families.length, 1);
    const [family] = families;
    assert.deepEqual([family!.name, family!.type, family!.unit], ['cc_seconds', 'counter', 'seconds']);
    assert.equal(family!.help, 'CPU "time", with a \\ and\na newline.');
    assert.deepEqual(family!.samples, [
      { name: 'cc_seconds_total', labels: { mode: 'user' }, value: 1.5, timestamp: 1700000000250 },
      { name: 'cc_seconds_created', labels: { mode: 'user' }, value: 1699999999, timestamp: 1700000000250 },
    ]);
  });

  it('parses exemplars on counter totals and histogram buckets, with timestamps in milliseconds', () => {
    const families = parse(
      om(
        '# TYPE req counter',
        'req_total 5 # {trace_id="abc"} 1 1700000000.5',
        '# TYPE lat histogram',
        'lat_bucket{le="0.1"} 1 # {} 0.05',
        'lat_bucket{le="+Inf"} 2 # {trace_id="d",span="e"} 7',
        'lat_count 2',
        'lat_sum 7.05',
      ),
    );
    assert.deepEqual(families[0]!.samples[0]!.exemplar, {
      labels: { trace_id: 'abc' },
      value: 1,
      timestamp: 1700000000500,
    });
    assert.deepEqual(families[1]!.samples[0]!.exemplar, { labels: {}, value: 0.05 });
    assert.deepEqual(families[1]!.samples[1]!.exemplar, { labels: { trace_id: 'd', span: 'e' }, value: 7 });
    assert.equal(families[1]!.samples[2]!.exemplar, undefined);
  });

  it('reads every OpenMetrics type', () => {
    const families = parse(
      om(
        '# TYPE g gauge',
        'g 1',
        '# TYPE u unknown',
        'u 2',
        '# TYPE s stateset',
        's{s="a"} 1',
        's{s="b"} 0',
        '# TYPE i info',
        'i_info{version="1.2"} 1',
        '# TYPE gh gaugehistogram',
        'gh_bucket{le="-1"} 1',
        'gh_bucket{le="+Inf"} 3',
        'gh_gcount 3',
        'gh_gsum -2',
        '# TYPE q summary',
        'q{quantile="0.5"} NaN',
        'q_sum 0',
        'q_count 0',
      ),
    );
    assert.deepEqual(
      families.map((f) => [f.name, f.type, f.samples.map((s) => s.name).join(' ')]),
      [
        ['g', 'gauge', 'g'],
        ['u', 'unknown', 'u'],
        ['s', 'stateset', 's s'],
        ['i', 'info', 'i_info'],
        ['gh', 'gaugehistogram', 'gh_bucket gh_bucket gh_gcount gh_gsum'],
        ['q', 'summary', 'q q_sum q_count'],
      ],
    );
  });

  it('keeps metadata-only families, empty help and empty units', () => {
    assert.deepEqual(parse(om('# HELP a ', '# UNIT a ', '# TYPE b gauge')), [
      { name: 'a', type: 'unknown', help: '', unit: '', samples: [] },
      { name: 'b', type: 'gauge', help: '', unit: '', samples: [] },
    ]);
  });

  it('accepts "# EOF" without a final newline, and nothing else', () => {
    assert.equal(parse('a 1\n# EOF').length, 1);
    assert.deepEqual(parse('# EOF\n'), []);
    assertError('', 1, 1, /missing "# EOF"/);
    assertError('a 1\n', 2, 1, /missing "# EOF"/);
    assertError('a 1\n# EOF\n\n', 3, 1, /nothing may follow the "# EOF" line \(line 2\)/);
    assertError('a 1\n# EOF \n', 2, 1, /expected "# HELP", "# TYPE", "# UNIT" or "# EOF"/);
  });
});

describe('OpenMetrics: families and points are contiguous', () => {
  it('refuses a family that comes back after another', () => {
    assertError(
      om('# TYPE a gauge', 'a 1', '# TYPE b gauge', 'b 1', 'a 2'),
      5,
      1,
      /belongs to family "a" \(line 1\).*contiguous/,
    );
    assertError(
      om('a 1', 'b 1', '# HELP a again'),
      3,
      1,
      /family "a" \(first seen on line 1\) appears again/,
    );
  });

  it('refuses a sample name that the declared type does not produce', () => {
    assertError(
      om('# TYPE a counter', 'a 1'),
      2,
      1,
      /"a" is not a sample name of counter family "a": expected "a_total", "a_created"/,
    );
    assertError(
      om('# TYPE a histogram', 'a_bucket{le="+Inf"} 1', 'a 1'),
      3,
      1,
      /expected "a_bucket", "a_count", "a_sum", "a_created"/,
    );
    // A histogram without samples followed by an unrelated family is fine.
    assert.equal(parse(om('# TYPE a histogram', 'a_total 1')).length, 2);
  });

  it('refuses two families that produce the same sample name', () => {
    assertError(
      om('# TYPE a counter', 'a_total 1', '# TYPE a_total gauge', 'a_total 2'),
      3,
      1,
      /name clash: "a_total"/,
    );
    assertError(
      om('# TYPE a_count gauge', 'a_count 1', '# TYPE a summary', 'a_sum 1'),
      3,
      1,
      /name clash: "a_count"/,
    );
  });

  it('refuses a label set that comes back after another one (in any label order)', () => {
    assertError(om('a{x="1"} 1', 'a{x="2"} 1', 'a{x="1"} 1'), 3, 1, /gauge|unknown/);
    assertError(
      om('a{x="1",y="2"} 1', 'a{x="2",y="2"} 1', 'a{y="2",x="1"} 1'),
      3,
      1,
      /appears again after other label sets/,
    );
  });

  it('treats label order as irrelevant within a point', () => {
    const families = parse(
      om(
        '# TYPE h histogram',
        'h_bucket{le="+Inf",x="1",y="2"} 1',
        'h_count{y="2",x="1"} 1',
        'h_sum{x="1",y="2"} 3',
      ),
    );
    assert.equal(families[0]!.samples.length, 3);
  });

  it('lets a series repeat, with timestamps on all its samples or none, never going backwards', () => {
    const [gauge] = parse(om('a{x="1"} 1 10', 'a{x="1"} 2 10', 'a{x="1"} 3 11', 'a{x="2"} 4'));
    assert.deepEqual(
      gauge!.samples.map((s) => s.timestamp),
      [10000, 10000, 11000, undefined],
    );
    // Tolerated, as by the reference parser (prometheus_client), which the test suite comes from.
    assert.equal(parse(om('a 1', 'a 2'))[0]!.samples.length, 2);
    assertError(om('a 1 5', 'a 2'), 2, 1, /point \{\} mixes samples with and without timestamps/);
    assertError(om('a 1', 'a 2 5'), 2, 1, /mixes samples with and without timestamps/);
    assertError(om('a 1 5', 'a 2 4'), 2, 1, /timestamps of .* go backwards/);
  });

  it('checks each timestamped instance of a repeated histogram point on its own', () => {
    const ok = om(
      '# TYPE h histogram',
      'h_bucket{le="1"} 1 10',
      'h_bucket{le="+Inf"} 2 10',
      'h_bucket{le="1"} 2 20',
      'h_bucket{le="+Inf"} 4 20',
    );
    assert.equal(parse(ok)[0]!.samples.length, 4);
    const broken = om(
      '# TYPE h histogram',
      'h_bucket{le="1"} 1 10',
      'h_bucket{le="+Inf"} 2 10',
      'h_bucket{le="1"} 2 20',
      'h_sum 1 20',
    );
    assertError(broken, 5, 1, /has no le="\+Inf" bucket/);
  });
});

describe('OpenMetrics: per-type rules', () => {
  it('needs a _total in every counter point', () => {
    assertError(om('# TYPE a counter', 'a_created 1'), 2, 1, /counter "a" point \{\} has no a_total sample/);
    assertError(
      om('# TYPE a counter', 'a_total{x="1"} 1', 'a_created{x="2"} 1'),
      3,
      1,
      /point \{x="2"\} has no a_total/,
    );
  });

  it('checks histogram buckets: le present, parseable, increasing, cumulative integers, +Inf equal to _count', () => {
    const h = (...lines: string[]) => om('# TYPE h histogram', ...lines);
    assertError(h('h_bucket 1'), 2, 1, /needs a "le" label/);
    assertError(h('h_bucket{le="x"} 1'), 2, 10, /invalid le="x": expected a number/);
    assertError(h('h_bucket{le="NaN"} 1'), 2, 10, /invalid le="NaN"/);
    assertError(h('h_bucket{le="+inf"} 1'), 2, 10, /write infinite thresholds as "\+Inf"/);
    assertError(h('h_bucket{le="2"} 1', 'h_bucket{le="1"} 1'), 3, 10, /le="1" is out of order or repeated/);
    assertError(h('h_bucket{le="1"} 1', 'h_bucket{le="1"} 1'), 3, 10, /out of order or repeated/);
    assertError(h('h_bucket{le="1"} 1 5', 'h_bucket{le="+Inf"} 1 4'), 3, 1, /go backwards/);
    assertError(h('h_bucket{le="+Inf"} 1.5'), 2, 21, /bucket counts must be non-negative integers/);
    assertError(
      h('h_bucket{le="1"} 2', 'h_bucket{le="+Inf"} 1'),
      3,
      21,
      /cumulative, and the previous bucket has 2/,
    );
    assertError(
      h('h_bucket{le="+Inf"} 2', 'h_count 3', 'h_sum 1'),
      4,
      1,
      /has _count 3, but it must equal the le="\+Inf" bucket \(2\)/,
    );
    assertError(
      h('h_bucket{le="+Inf"} 2', 'h_count 2.5', 'h_sum 1'),
      3,
      9,
      /a count must be a non-negative integer/,
    );
    assertError(h('h_count{le="1"} 2'), 2, 9, /label "le" is reserved/);
    // Non-canonical but valid thresholds.
    assert.equal(parse(h('h_bucket{le="1e-04"} 0', 'h_bucket{le="1"} 0', 'h_bucket{le="+Inf"} 0')).length, 1);
  });

  it('checks summaries: quantile label in [0, 1] on quantile samples only', () => {
    const q = (...lines: string[]) => om('# TYPE q summary', ...lines);
    assert.equal(parse(q('q{quantile="0"} 1', 'q{quantile="1"} 2', 'q_sum 3', 'q_count 2')).length, 1);
    assertError(q('q_sum{quantile="0.5"} 1'), 2, 7, /label "quantile" is reserved/);
    assertError(q('q_count 1.5'), 2, 9, /non-negative integer/);
  });

  it('checks statesets and infos', () => {
    assertError(om('# TYPE s stateset', 's{s="a"} 0.5'), 2, 10, /a state is 1 \(set\) or 0 \(not set\)/);
    assertError(om('# TYPE i info', 'i_info 0'), 2, 8, /an info sample has the value 1/);
    assertError(om('# TYPE i info', 'i 1'), 2, 1, /expected "i_info"/);
  });

  it('checks units against names and types', () => {
    assert.equal(parse(om('# TYPE a_bytes gauge', '# UNIT a_bytes bytes', 'a_bytes 1'))[0]!.unit, 'bytes');
    assertError(om('# UNIT a_bytes seconds'), 1, 16, /unit "seconds" must be the suffix of the metric name/);
    assertError(
      om('# UNIT i_u u', '# TYPE i_u info'),
      2,
      12,
      /an info family cannot have a unit \(UNIT on line 1\)/,
    );
  });
});

describe('OpenMetrics: syntax is strict', () => {
  const cases: [string, number, number, RegExp][] = [
    [om('a  1'), 1, 3, /expected the value, found a space: fields are separated by exactly one space/],
    [om('a 1 '), 1, 4, /unexpected space/],
    [om('a{x="1", y="2"} 1'), 1, 9, /expected a label name after ','/],
    [om('a{x = "1"} 1'), 1, 4, /expected '=' after label name "x"/],
    [om('a{x="1",} 1'), 1, 9, /expected a label name after ','/],
    [om('a{x="1"}1'), 1, 9, /expected a space and the value/],
    [om('a{__name__="b"} 1'), 1, 3, /"__name__" is reserved/],
    [om(' a 1'), 1, 1, /lines must not start with whitespace/],
    [om('# comment'), 1, 1, /OpenMetrics has no other comment lines/],
    [om('#TYPE a gauge'), 1, 1, /OpenMetrics has no other comment lines/],
    [om('# TYPE a untyped'), 1, 10, /OpenMetrics calls "untyped" "unknown"/],
    [om('# TYPE a gauge', '', 'a 1'), 2, 1, /blank lines are not allowed/],
    ['a 1\r\n# EOF\n', 1, 3, /invalid value "1\\r"/],
    [om('# TYPE a counter', 'a_total 1 1 #  {x="1"} 1'), 2, 13, /expected "# \{" to start an exemplar/],
    [
      om('# TYPE a counter', 'a_total 1 # {x="1"} 1 2 3'),
      2,
      24,
      /expected the end of the line after the exemplar timestamp/,
    ],
    [
      om('# TYPE a counter', `a_total 1 # {x="${'y'.repeat(128)}"} 1`),
      2,
      146,
      /exemplar labels are 129 characters long/,
    ],
    [
      om('# TYPE a histogram', 'a_sum 1 # {} 1'),
      2,
      9,
      /exemplars are allowed only on counter _total and histogram _bucket/,
    ],
  ];
  for (const [text, line, column, pattern] of cases) {
    it(`refuses ${JSON.stringify(text)} at ${line}:${column}`, () =>
      assertError(text, line, column, pattern));
  }

  it('measures the exemplar label limit in code points', () => {
    const ok = om('# TYPE a counter', `a_total 1 # {x="${'🎉'.repeat(127)}"} 1`);
    assert.equal(parse(ok)[0]!.samples[0]!.exemplar!.labels.x, '🎉'.repeat(127));
  });
});
