// Properties: any input gives a dashboard or a DashboardError, nothing else; valid dashboards read
// back the same from YAML and from the JSON the API serves.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { arbitraryTokenSoup, arbitraryYamlishText, YAML_SYNTAX_TOKENS } from '../testing/yaml-garbage.js';
import { DashboardError } from './errors.js';
import { parseDashboard } from './parse.js';
import { arbitraryDashboard, arbitraryDashboardShapedGarbage } from './testing/arbitrary-dashboard.js';

function parseOrDashboardError(text: string): void {
  try {
    parseDashboard(text, 'garbage.yml');
  } catch (err) {
    if (!(err instanceof DashboardError)) throw err;
    assert.ok(err.issues.length > 0);
    for (const issue of err.issues) {
      assert.equal(issue.file, 'garbage.yml');
      assert.ok(issue.message.length > 0);
    }
  }
}

const YAML_TOKENS = [
  ...YAML_SYNTAX_TOKENS,
  'id',
  'title',
  'rows',
  'panels',
  'queries',
  'expr',
  'type',
  'unit',
  'thresholds',
  'value',
  'color',
  'width',
  'sum(rate(x[5m]))',
  'up{',
];

describe('parseDashboard on arbitrary input', () => {
  it('throws nothing but DashboardError on random text', () => {
    fc.assert(fc.property(arbitraryYamlishText(), parseOrDashboardError), { numRuns: 300 });
  });

  it('throws nothing but DashboardError on YAML-looking token soup', () => {
    fc.assert(fc.property(arbitraryTokenSoup(YAML_TOKENS), parseOrDashboardError), { numRuns: 300 });
  });

  it('throws nothing but DashboardError on well-formed YAML of any shape under the real keys', () => {
    fc.assert(
      fc.property(arbitraryDashboardShapedGarbage(), (value) => {
        parseOrDashboardError(stringify(value));
        parseOrDashboardError(JSON.stringify(value) ?? '');
      }),
      { numRuns: 300 },
    );
  });
});

describe('valid dashboards', () => {
  it('read back the same from YAML and from the JSON GET /api/v1/dashboards serves', () => {
    fc.assert(
      fc.property(arbitraryDashboard(), (doc) => {
        const definition = parseDashboard(stringify(doc));
        // Through JSON: fast-check's records have no prototype.
        const expected = JSON.parse(
          JSON.stringify({
            ...doc,
            rows: (doc.rows as { panels: Record<string, unknown>[] }[]).map((row) => ({
              ...row,
              panels: row.panels.map((panel) => ({ type: 'timeseries', ...panel })),
            })),
          }),
        );
        assert.deepEqual(definition, expected);
        assert.deepEqual(parseDashboard(JSON.stringify(definition), 'a.json'), definition);
      }),
      { numRuns: 100 },
    );
  });
});
