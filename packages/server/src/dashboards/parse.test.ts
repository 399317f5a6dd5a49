// One dashboard file's text: what a valid one reads as, and the exact message for each mistake.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DashboardError } from './errors.js';
import { parseDashboard } from './parse.js';

/** `line: path: message` for each issue parseDashboard reports. */
function problemsOf(text: string): string[] {
  try {
    parseDashboard(text, 'api.yml');
  } catch (err) {
    if (!(err instanceof DashboardError)) throw err;
    return err.issues.map((i) => `${i.line ?? '-'}: ${i.path === '' ? '' : `${i.path}: `}${i.message}`);
  }
  throw new Error(`expected a DashboardError for:\n${text}`);
}

const FULL = `
id: api
title: API
description: The public HTTP API
rows:
  - title: Traffic
    panels:
      - title: Requests
        type: timeseries
        unit: per_second
        stacked: true
        width: 8
        description: By route
        emptyText: Add the api job to scrape_configs
        queries:
          - expr: sum by (http_route) (rate(http_server_requests_total[5m]))
            legend: "{{http_route}}"
      - title: p95 latency
        type: stat
        unit: seconds
        thresholds:
          - { value: 0, color: green }
          - { value: 0.5, color: yellow }
          - { value: -1e-3, color: blue }
        queries:
          - expr: |
              histogram_quantile(0.95,
                sum by (le) (rate(http_server_request_duration_seconds_bucket[5m])))
  - panels:
      - title: Up
        queries: [{ expr: up }]
`;

describe('parseDashboard', () => {
  it('reads a dashboard with every key, filling in the panel type', () => {
    assert.deepEqual(parseDashboard(FULL), {
      id: 'api',
      title: 'API',
      description: 'The public HTTP API',
      rows: [
        {
          title: 'Traffic',
          panels: [
            {
              title: 'Requests',
              type: 'timeseries',
              unit: 'per_second',
              stacked: true,
              width: 8,
              description: 'By route',
              emptyText: 'Add the api job to scrape_configs',
              queries: [
                {
                  expr: 'sum by (http_route) (rate(http_server_requests_total[5m]))',
                  legend: '{{http_route}}',
                },
              ],
            },
            {
              title: 'p95 latency',
              type: 'stat',
              unit: 'seconds',
              thresholds: [
                { value: 0, color: 'green' },
                { value: 0.5, color: 'yellow' },
                { value: -0.001, color: 'blue' },
              ],
              queries: [
                {
                  expr: 'histogram_quantile(0.95,\n  sum by (le) (rate(http_server_request_duration_seconds_bucket[5m])))\n',
                },
              ],
            },
          ],
        },
        { panels: [{ title: 'Up', type: 'timeseries', queries: [{ expr: 'up' }] }] },
      ],
    });
  });

  it('reads JSON, and gives what GET /api/v1/dashboards serves back unchanged', () => {
    const definition = parseDashboard(FULL);
    assert.deepEqual(parseDashboard(JSON.stringify(definition), 'api.json'), definition);
    assert.deepEqual(parseDashboard(JSON.stringify(definition, null, 2), 'api.json'), definition);
  });

  it('names an unknown panel type, unit or colour with the allowed values', () => {
    const text = `id: a
title: A
rows:
  - panels:
      - title: P
        type: graph
        unit: secs
        thresholds: [{ value: 1, color: purple }]
        queries: [{ expr: up }]
`;
    assert.deepEqual(problemsOf(text), [
      '6: rows[0].panels[0].type: expected one of timeseries, stat, table, bar; got "graph"',
      '7: rows[0].panels[0].unit: expected one of seconds, milliseconds, bytes, bytes_per_second, percent, ratio, per_second, count, none; got "secs"',
      '8: rows[0].panels[0].thresholds[0].color: expected one of green, yellow, orange, red, blue; got "purple"',
    ]);
  });

  it('reports a PromQL syntax error with its position in the query', () => {
    const text =
      'id: a\ntitle: A\nrows:\n  - panels:\n      - title: P\n        queries:\n          - expr: sum(rate(x[5m])\n';
    assert.deepEqual(problemsOf(text), [
      '7: rows[0].panels[0].queries[0].expr: invalid PromQL: 1:16: parse error: unclosed left parenthesis',
    ]);
  });

  it('accepts the $__rate_interval and $__interval placeholders, and places errors after them as written', () => {
    const panel = (expr: string) =>
      `id: a\ntitle: A\nrows: [{ panels: [{ title: P, queries: [{ expr: ${JSON.stringify(expr)} }] }] }]\n`;
    const expr = 'sum(rate(x[$__rate_interval])) / sum(avg_over_time(y[$__interval]))';
    assert.equal(parseDashboard(panel(expr)).rows[0]!.panels[0]!.queries[0]!.expr, expr);
    // The parser places this error just past the stray ")": column 18 with the placeholder
    // replaced by a 2-character duration, column 32 in the query as written.
    assert.deepEqual(problemsOf(panel('sum(rate(x[$__rate_interval]))) + rate(y[$__interval])')), [
      "3: rows[0].panels[0].queries[0].expr: invalid PromQL: 1:32: parse error: unexpected right parenthesis ')'",
    ]);
  });

  it('reports every missing, unknown and out-of-range key at once', () => {
    const text = `title: A
rows:
  - panels:
      - queries: []
        empty_text: nothing here
        width: 13
        thresholds: [{ value: high, color: red }]
  - panels: []
  - title: no panels key
`;
    assert.deepEqual(problemsOf(text), [
      '1: id: required key is missing',
      '4: rows[0].panels[0].title: required key is missing',
      '4: rows[0].panels[0].queries: needs at least one query',
      '5: rows[0].panels[0].empty_text: unknown key (did you mean "emptyText"?)',
      '6: rows[0].panels[0].width: must be at most 12, got 13',
      '7: rows[0].panels[0].thresholds[0].value: expected a number, got "high"',
      '8: rows[1].panels: needs at least one panel',
      '9: rows[2].panels: required key is missing',
    ]);
  });

  it('checks the id, which is a URL path segment', () => {
    assert.deepEqual(
      problemsOf('id: My API\ntitle: A\nrows: [{ panels: [{ title: P, queries: [{ expr: up }] }] }]'),
      ['1: id: "My API" is not a valid id: use lowercase letters, digits and "-" (it is the URL #/d/<id>)'],
    );
  });

  it('rejects an empty file, a list, and broken YAML with their lines', () => {
    assert.deepEqual(problemsOf(''), ['-: the file is empty; expected a dashboard (id, title, rows)']);
    assert.deepEqual(problemsOf('- id: a\n'), ['1: expected a mapping, got a list']);
    const broken = problemsOf('id: a\ntitle: [A\n');
    assert.ok(broken.length > 0 && broken.every((p) => /^\d+: YAML: /.test(p)), broken.join('\n'));
  });

  it('throws a DashboardError whose message lists file:line: path: problem', () => {
    try {
      parseDashboard('id: a\ntitle: A\nrows: 3\n', 'dashboards/a.yml');
      assert.fail('expected an error');
    } catch (err) {
      assert.ok(err instanceof DashboardError);
      assert.equal(err.code, 'TM_DASHBOARD_INVALID');
      assert.equal(
        err.message,
        'dashboards/a.yml:3: rows: expected a list, got 3 (a list of one is written [3])',
      );
    }
  });
});
