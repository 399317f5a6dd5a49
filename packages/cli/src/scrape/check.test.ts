import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkExposition } from './check.js';

describe('checkExposition', () => {
  it('counts families, series (a histogram once per label set) and samples', () => {
    const check = checkExposition(
      `# HELP a_total A.
# TYPE a_total counter
a_total{x="1"} 1
a_total{x="2"} 1
# HELP h_seconds H.
# TYPE h_seconds histogram
h_seconds_bucket{le="1"} 1
h_seconds_bucket{le="+Inf"} 1
h_seconds_sum 0.5
h_seconds_count 1
`,
      'prometheus',
    );
    assert.deepEqual(
      { families: check.families, series: check.series, samples: check.samples, problems: check.problems },
      { families: 2, series: 3, samples: 6, problems: [] },
    );
    assert.equal(check.parseError, undefined);
  });

  it('reports a parse error with its line and column', () => {
    const check = checkExposition('# HELP a A.\n# TYPE a gauge\na 1\na{b="c} 2\n', 'prometheus');
    assert.equal(check.parseError?.line, 4);
    assert.equal(typeof check.parseError?.column, 'number');
    assert.match(check.parseError!.message, /label/);
    assert.deepEqual(check.problems, []);
  });

  it('refuses a second HELP line for a name, as promtool does', () => {
    const check = checkExposition('# HELP g G.\n# TYPE g gauge\ng 1\n# HELP g again\n', 'prometheus');
    assert.deepEqual(check.parseError, {
      line: 4,
      message: 'second HELP line for metric name "g" (first on line 1)',
    });
  });

  it('words lint problems as promtool does, sorted by metric then text', () => {
    const check = checkExposition(
      '# TYPE b counter\nb 1\n# HELP a_ms A.\n# TYPE a_ms gauge\na_ms 1\n',
      'prometheus',
    );
    assert.deepEqual(
      check.problems.map((p) => `${p.metric} ${p.message}`),
      [
        'a_ms metric names should not contain abbreviated units',
        'b counter metrics should have "_total" suffix',
        'b no help text',
      ],
    );
  });

  it('flags a histogram without +Inf and a duplicate series, with their lines, as beyond promtool', () => {
    const check = checkExposition(
      `# HELP h H.
# TYPE h histogram
h_bucket{le="1"} 1
h_sum 1
h_count 1
# HELP g G.
# TYPE g gauge
g{a="1"} 1
g{a="1"} 2
`,
      'prometheus',
    );
    assert.deepEqual(check.problems, [
      { metric: 'g', message: 'duplicate series g{a="1"} (first on line 8)', line: 9, extra: true },
      { metric: 'h', message: 'histogram h{} has no le="+Inf" bucket', line: 3, extra: true },
    ]);
  });

  it('checks OpenMetrics without asking counters for a _total family name', () => {
    const check = checkExposition(
      '# TYPE jobs counter\n# HELP jobs Jobs.\njobs_total 3\n# TYPE up_ms gauge\nup_ms 1\n# EOF\n',
      'openmetrics',
    );
    assert.deepEqual(
      check.problems.map((p) => `${p.metric} ${p.message}`),
      ['up_ms metric names should not contain abbreviated units', 'up_ms no help text'],
    );
  });

  it('does not lint a family without samples (a lone TYPE line), like promtool', () => {
    assert.deepEqual(checkExposition('# TYPE lonely gauge\n', 'prometheus').problems, []);
  });
});
