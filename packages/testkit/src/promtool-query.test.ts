import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { requireBinary } from './binaries.js';
import type { PromtoolError } from './errors.js';
import { type RunningPrometheus, startPrometheus } from './prometheus.js';
import { promtoolQuery } from './promtool-query.js';
import { waitFor } from './wait.js';

const prom = requireBinary('prometheus', 'prometheus');
const skipNote = prom.skip ? ` (skipped: ${prom.skip})` : '';

// A recording rule puts a series into the fresh Prometheus within about a second, without the
// ~5.5 s wait for a first scrape.
const RULES = `groups:
  - name: testkit
    rules:
      - record: testkit_recorded
        expr: vector(7)
        labels: {source: rule}
`;

describe('promtoolQuery', { skip: prom.skip }, () => {
  let prometheus: RunningPrometheus;
  before(async () => {
    prometheus = await startPrometheus({ rulesYaml: RULES });
    await waitFor('the recording rule to write a sample', async () => {
      const series = await promtoolQuery('series', prometheus.url, { match: ['testkit_recorded'] });
      return series.length > 0 ? series : undefined;
    });
  });
  after(() => prometheus?.stop());

  it(`series and labels list what the rule wrote${skipNote}`, async () => {
    const series = await promtoolQuery('series', prometheus.url, { match: ['testkit_recorded'] });
    assert.deepEqual(series, [{ __name__: 'testkit_recorded', source: 'rule' }]);
    const names = await promtoolQuery('labels', prometheus.url, { name: '__name__' });
    assert.deepEqual(names, ['testkit_recorded']);
    const sources = await promtoolQuery('labels', prometheus.url, {
      name: 'source',
      match: ['testkit_recorded'],
    });
    assert.deepEqual(sources, ['rule']);
  });

  it(`instant returns series for a vector and a pair for a scalar${skipNote}`, async () => {
    const vector = await promtoolQuery('instant', prometheus.url, { expr: 'testkit_recorded' });
    assert.ok(Array.isArray(vector) && typeof vector[0] === 'object');
    assert.deepEqual(vector[0].metric, { __name__: 'testkit_recorded', source: 'rule' });
    assert.equal(vector[0].value?.[1], '7');
    const at = new Date('2024-01-02T03:04:05Z');
    const scalar = await promtoolQuery('instant', prometheus.url, { expr: 'scalar(vector(3))', time: at });
    assert.deepEqual(scalar, [at.getTime() / 1000, '3']);
  });

  it(`range returns one value per step${skipNote}`, async () => {
    const end = Math.floor(Date.now() / 1000) + 2;
    const range = await promtoolQuery('range', prometheus.url, {
      expr: 'vector(2)',
      start: end - 4,
      end,
      step: 2,
    });
    assert.deepEqual(range, [
      {
        metric: {},
        values: [
          [end - 4, '2'],
          [end - 2, '2'],
          [end, '2'],
        ],
      },
    ]);
  });

  it(`a failed query rejects with promtool's stderr${skipNote}`, async () => {
    await assert.rejects(
      promtoolQuery('instant', prometheus.url, { expr: 'sum(' }),
      (error: PromtoolError) => {
        assert.equal(error.code, 'TM_TESTKIT_PROMTOOL_FAILED');
        assert.equal(error.exitCode, 1);
        assert.match(error.stderr, /parse error: unclosed left parenthesis/);
        assert.match(error.message, /promtool query instant -o json .* sum\( exited with 1: .*unclosed left/);
        return true;
      },
    );
    await assert.rejects(
      promtoolQuery('bogus' as 'instant', prometheus.url, { expr: 'up' }),
      /unknown kind "bogus"; use one of instant, range, series, labels/,
    );
  });
});
