import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExpositionParseError } from '../errors.js';
import { parseExposition } from './parse-exposition.js';

const parse = (text: string) => parseExposition(text, { format: 'prometheus' });

function assertError(text: string, line: number, column: number, pattern: RegExp): void {
  assert.throws(
    () => parse(text),
    (e: unknown) => {
      assert.ok(e instanceof ExpositionParseError, `expected ExpositionParseError, got ${e}`);
      assert.equal(e.code, 'TELEMETER_ERR_PARSE');
      assert.deepEqual([e.line, e.column], [line, column], e.message);
      assert.match(e.message, pattern);
      return true;
    },
  );
}

describe('Prometheus text format: structure', () => {
  it('groups samples into families with HELP, TYPE, labels, values and timestamps', () => {
    const families = parse(
      [
        '# HELP http_requests_total Requests served.',
        '# TYPE http_requests_total counter',
        'http_requests_total{method="GET",code="200"} 1027 1395066363000',
        'http_requests_total{method="POST",code="400"} 3 1395066363000',
        '',
        '# A free comment',
        '# TYPE rpc_duration_seconds histogram',
        'rpc_duration_seconds_bucket{le="0.05"} 24054',
        'rpc_duration_seconds_bucket{le="+Inf"} 144320',
        'rpc_duration_seconds_sum 53423',
        'rpc_duration_seconds_count 144320',
        '# TYPE rpc_quantiles summary',
        'rpc_quantiles{quantile="0.5"} 4773',
        'rpc_quantiles_sum 1.7560473e+07',
        'rpc_quantiles_count 2693',
        '# TYPE temperature gauge',
        'temperature -Inf',
        '# TYPE legacy untyped',
        'legacy NaN',
      ].join('\n'),
    );
    assert.deepEqual(
      families.map((f) => [f.name, f.type, f.help, f.unit, f.samples.length]),
      [
        ['http_requests_total', 'counter', 'Requests served.', '', 2],
        ['rpc_duration_seconds', 'histogram', '', '', 4],
        ['rpc_quantiles', 'summary', '', '', 3],
        ['temperature', 'gauge', '', '', 1],
        ['legacy', 'unknown', '', '', 1],
      ],
    );
    assert.deepEqual(families[0]!.samples[0], {
      name: 'http_requests_total',
      labels: { method: 'GET', code: '200' },
      value: 1027,
      timestamp: 1395066363000,
    });
    assert.deepEqual(
      families[1]!.samples.map((s) => s.name),
      [
        'rpc_duration_seconds_bucket',
        'rpc_duration_seconds_bucket',
        'rpc_duration_seconds_sum',
        'rpc_duration_seconds_count',
      ],
    );
    assert.equal(families[2]!.samples[1]!.value, 17560473);
    assert.equal(families[3]!.samples[0]!.value, Number.NEGATIVE_INFINITY);
    assert.ok(Number.isNaN(families[4]!.samples[0]!.value));
    assert.equal('timestamp' in families[3]!.samples[0]!, false);
  });

  it('unescapes label values (\\\\, \\", \\n) and HELP (\\\\, \\n), keeping other escapes as written', () => {
    const [family] = parse(
      '# HELP m A \\\\ backslash,\\na newline, \\"kept\\" and \\t\nm{a="x\\\\y",b="say \\"hi\\"",c="1\\n2",d="\\z"} 1\n',
    );
    assert.equal(family!.help, 'A \\ backslash,\na newline, \\"kept\\" and \\t');
    assert.deepEqual(family!.samples[0]!.labels, { a: 'x\\y', b: 'say "hi"', c: '1\n2', d: '\\z' });
  });

  it('keeps unicode and control characters in label values, and label names like __proto__ as own keys', () => {
    const [family] = parse('m{a="日本 ✓ 🎉",b="tab\there",__proto__="p",constructor="c"} 1\n');
    const labels = family!.samples[0]!.labels;
    assert.equal(labels.a, '日本 ✓ 🎉');
    assert.equal(labels.b, 'tab\there');
    assert.ok(Object.hasOwn(labels, '__proto__'));
    assert.equal(Object.getOwnPropertyDescriptor(labels, '__proto__')?.value, 'p');
    assert.equal(Object.getPrototypeOf(labels), Object.prototype);
    assert.deepEqual(Object.keys(labels), ['a', 'b', '__proto__', 'constructor']);
  });

  it('puts samples without metadata in untyped families named after them, merging non-contiguous ones', () => {
    const families = parse('a 1\nb{x="1"} 2\na 3\n# TYPE c counter\nc 4\na 5\n');
    assert.deepEqual(
      families.map((f) => [f.name, f.type, f.samples.map((s) => s.value)]),
      [
        ['a', 'unknown', [1, 3, 5]],
        ['b', 'unknown', [2]],
        ['c', 'counter', [4]],
      ],
    );
  });

  it('finds the declared family of a histogram sample that comes after other families', () => {
    const families = parse('# TYPE h histogram\nh_bucket{le="+Inf"} 1\nother 1\nh_count 1\nh_sum 0.5\n');
    assert.deepEqual(
      families.map((f) => [f.name, f.samples.map((s) => s.name)]),
      [
        ['h', ['h_bucket', 'h_count', 'h_sum']],
        ['other', ['other']],
      ],
    );
  });

  it('gives a bare sample named like a histogram family an untyped family of its own, as Prometheus ingests it', () => {
    const families = parse('# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh 7\n');
    assert.deepEqual(
      families.map((f) => [f.name, f.type, f.samples.length]),
      [
        ['h', 'histogram', 1],
        ['h', 'unknown', 1],
      ],
    );
  });

  it('lets a HELP line come after the samples, and a later HELP replace an earlier one', () => {
    const [family] = parse('# HELP a first\na 1\n# HELP a second\n');
    assert.equal(family!.help, 'second');
    assert.equal(family!.samples.length, 1);
  });

  it('returns no families for empty input or only comments and blank lines', () => {
    assert.deepEqual(parse(''), []);
    assert.deepEqual(parse('\n\n# just a comment\n  \t\n#\n# EOF\n'), []);
  });

  it('drops the character after the name in HELP and TYPE lines, as Prometheus does', () => {
    assert.deepEqual(
      parse('# HELP a.b x\n# TYPE c=gauge\n').map((f) => [f.name, f.type, f.help]),
      [
        ['a', 'unknown', 'b x'],
        ['c', 'gauge', ''],
      ],
    );
  });

  it('keeps metadata-only families', () => {
    assert.deepEqual(parse('# HELP a x\n# TYPE a gauge\n'), [
      { name: 'a', type: 'gauge', help: 'x', unit: '', samples: [] },
    ]);
  });
});

describe('Prometheus text format: as lenient as Prometheus 2.42 (checked against a real scrape)', () => {
  // Each was scraped by Prometheus 2.42 with target "up" (see prometheus-agreement.test.ts).
  const accepted = [
    'a{x="1" y="2"} 1\n',
    'a{x="1",} 1\n',
    'a{x="1"}1\n',
    'a {x="1"} 1\n',
    'a{ x = "1" } 1\n',
    'a\t1\t2\n',
    'a 1 1 \n',
    'a{x="1"} 1 \t\n',
    '  # HELP a x\na 1\n',
    '   \n\t\na 1\n',
    '#TYPE a gauge\na 1\n',
    '# HELP a\na 1\n',
    '# HELP a x\u0000y\na 1\n',
    'a{x="a\u0000b"} 1\n',
    'a 1',
    'a{} 1\n',
    'a:b 1\n:a 1\n_ 1\n',
    'a{_x="1",__x="1"} 1\n',
    'a -0\na Nan\na INF\na +infinity\na 00012\na .5\na 5.\na -.5e-3\n',
    'a 1\na 2\n',
    '# EOF\na 1\n',
    'h_count.5\nq_sum-0 1\n',
    '# TYPE a_bucket gauge\na_bucket 1\n# TYPE a histogram\na_bucket{le="+Inf"} 1\n',
  ];
  for (const text of accepted) {
    it(`accepts ${JSON.stringify(text)}`, () => {
      assert.ok(Array.isArray(parse(text)));
    });
  }

  it('reads a value written right after the name, as Prometheus does', () => {
    assert.deepEqual(
      parse('h_count.5\nq_sum-0 1\n').map((f) => f.samples[0]),
      [
        { name: 'h_count', labels: {}, value: 0.5 },
        { name: 'q_sum', labels: {}, value: -0, timestamp: 1 },
      ],
    );
  });

  it('parses the lenient label forms to the same labels', () => {
    for (const text of ['m{a="1" b="2"} 5\n', 'm{a="1",b="2",} 5\n', 'm { a = "1" , b = "2" } 5\n']) {
      assert.deepEqual(parse(text)[0]!.samples[0]!.labels, { a: '1', b: '2' }, text);
    }
  });
});

describe('Prometheus text format: refuses what Prometheus refuses', () => {
  const cases: [string, number, number, RegExp][] = [
    ['0a 1\n', 1, 1, /expected a metric name/],
    ['a.b 1\n', 1, 2, /invalid value "\.b".*metric names may only contain/],
    ['a-b 1\n', 1, 2, /invalid value "-b".*metric names may only contain/],
    ['  a 1\n', 1, 1, /must not start with whitespace/],
    ['{x="1"} 1\n', 1, 1, /expected a metric name/],
    ['a{x="1",,} 1\n', 1, 9, /expected a label name/],
    ['a{1x="1"} 1\n', 1, 3, /expected a label name or '}'/],
    ['a{x="1",x="2"} 1\n', 1, 9, /duplicate label name "x"/],
    ['a{__name__="b"} 1\n', 1, 3, /"__name__" is reserved/],
    ['a{x} 1\n', 1, 4, /expected '=' after label name "x"/],
    ['a{x=1} 1\n', 1, 5, /expected '"' to open the value of label "x"/],
    ["a{x='1'} 1\n", 1, 5, /expected '"'/],
    ['a{x="1\\"} 1\n', 1, 5, /unterminated value of label "x"/],
    ['a{x="1} 1\n', 1, 5, /unterminated/],
    ['a{x="1"}{y="2"} 1\n', 1, 9, /expected a value after "a", found '\{'/],
    ['a{x="1"}\n', 1, 9, /expected a value/],
    ['a\n', 1, 2, /expected a value/],
    ['a 1\r\n', 1, 3, /invalid value "1\\r"/],
    ['a 1\u0000\n', 1, 3, /invalid value/],
    ['a 1e400\n', 1, 3, /invalid value "1e400"/],
    ['a 0x1\n', 1, 3, /invalid value "0x1"/],
    ['a +nan\n', 1, 3, /invalid value/],
    ['a 1_000\n', 1, 3, /invalid value/],
    ['a infinit\n', 1, 3, /invalid value/],
    ['a 1e\n', 1, 3, /invalid value/],
    ['a 1 -5\n', 1, 5, /expected a timestamp \(integer milliseconds\)/],
    ['a 1 +5\n', 1, 5, /expected a timestamp/],
    ['a 1 1.5\n', 1, 6, /expected the end of the line after the timestamp/],
    ['a 1 99999999999999999999\n', 1, 5, /out of range/],
    ['a 1 1 1\n', 1, 7, /expected the end of the line after the timestamp/],
    ['a{x="1"} 1 # {y="2"} 1\n', 1, 12, /expected a timestamp/],
    ['a\u00a01\n', 1, 2, /invalid value "\u00a01".*metric names may only contain/],
    ['# TYPE a  gauge\n', 1, 10, /unknown metric type " gauge"/],
    ['# TYPE a gauge \n', 1, 10, /unknown metric type "gauge "/],
    ['# TYPE a\n', 1, 9, /unknown metric type ""/],
    ['# TYPE a unknown\n', 1, 10, /expected counter, gauge, histogram, summary or untyped/],
    ['# HELP \n', 1, 8, /expected a metric name after "# HELP"/],
    ['# HELP 0a x\n', 1, 8, /expected a metric name/],
    ['# HELP aé x\n', 1, 9, /expected a space after the metric name in the HELP line, found 'é'/],
    ['a{x="1\n2"} 1\n', 1, 5, /unterminated value of label "x"/],
    ['a 1\n\u0000b 2\n', 2, 1, /found control character U\+0000/],
  ];
  for (const [text, line, column, pattern] of cases) {
    it(`refuses ${JSON.stringify(text)} at ${line}:${column}`, () =>
      assertError(text, line, column, pattern));
  }
});

describe('Prometheus text format: one TYPE per family, before its samples', () => {
  // Prometheus 2.42 itself ingests these (it keeps the last TYPE); promtool and the Go client's
  // parser refuse them, and so do we: the family's type would otherwise be ambiguous.
  it('refuses a second TYPE line for a family, even after other families', () => {
    assertError(
      '# TYPE a gauge\n# TYPE a gauge\na 1\n',
      2,
      1,
      /duplicate TYPE line for "a" \(first on line 1\)/,
    );
    assertError('# TYPE a counter\n# TYPE b counter\n# TYPE a counter\n', 3, 1, /duplicate TYPE/);
  });
  it('refuses a TYPE line after samples of that name', () => {
    assertError('a 1\n# TYPE a gauge\na 2\n', 2, 1, /TYPE line for "a" comes after its samples \(line 1\)/);
  });
});

describe('Prometheus text format: error positions', () => {
  it('counts lines across blank and comment lines', () => {
    assertError('# HELP a x\n\n# comment\na 1\nb 2\nc x\n', 6, 3, /invalid value "x"/);
  });
  it('counts columns in code points, not UTF-16 units', () => {
    // Each 🎉 is two UTF-16 units but one column: the second "x" is column 10, not 12.
    assertError('a{x="🎉🎉",x="2"} 1\n', 1, 10, /duplicate label/);
  });
  it('names a carriage return when a label value runs into one', () => {
    assertError('a{x="1\r\n', 1, 5, /carriage return/);
  });
});
