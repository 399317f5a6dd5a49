import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LiveSeriesData } from '../data/live-client.js';
import { disambiguate, fromLive, fromRange, labelsText, lastValue, legendName } from './panel-data.js';

describe('legend names', () => {
  test('a template fills in labels, an absent one left empty', () => {
    const labels = { http_route: '/items', method: 'GET' };
    assert.equal(legendName({ expr: 'x', legend: '{{http_route}} {{ method }}' }, labels), '/items GET');
    assert.equal(legendName({ expr: 'x', legend: 'p99 {{job}}' }, labels), 'p99');
  });

  test('without a template: the labels, or the query for a series without labels', () => {
    assert.equal(legendName({ expr: 'up' }, { __name__: 'up', job: 'a' }), 'up{job="a"}');
    assert.equal(legendName({ expr: 'sum(up)' }, {}), 'sum(up)');
    assert.equal(labelsText({ __name__: 'up' }), 'up');
  });
});

const live = (
  timestamps: number[],
  labels: Record<string, string>[],
  columns: (number | null)[][],
): LiveSeriesData => ({
  timestamps,
  labels,
  columns,
  stepMs: 1000,
  rangeMs: 60_000,
});

describe('fromLive', () => {
  test('queries on the same grid share its timestamps; empty series are left out', () => {
    const data = fromLive(
      [{ expr: 'a', legend: 'A {{x}}' }, { expr: 'b' }],
      [
        live(
          [1000, 2000],
          [{ x: '1' }, { x: '2' }],
          [
            [1, 2],
            [null, null],
          ],
        ),
        live([1000, 2000], [{}], [[5, null]]),
      ],
    );
    assert.deepEqual(data.timestamps, [1000, 2000]);
    assert.deepEqual(
      data.series.map((s) => [s.name, s.values]),
      [
        ['A 1', [1, 2]],
        ['b', [5, null]],
      ],
    );
  });

  test('a query one tick ahead: the union of times, gaps where a query has none', () => {
    const data = fromLive(
      [{ expr: 'a' }, { expr: 'b' }],
      [live([1000, 2000], [{}], [[1, 2]]), live([2000, 3000], [{}], [[20, 30]]), undefined],
    );
    assert.deepEqual(data.timestamps, [1000, 2000, 3000]);
    assert.deepEqual(
      data.series.map((s) => s.values),
      [
        [1, 2, null],
        [null, 20, 30],
      ],
    );
  });
});

test('fromRange puts samples on the step grid', () => {
  const data = fromRange(
    [{ expr: 'up', legend: '{{job}}' }],
    [
      [
        {
          metric: { job: 'a' },
          values: [
            [10_000, 1],
            [30_000, 0],
          ],
        },
      ],
    ],
    10_000,
    30_000,
    10_000,
  );
  assert.deepEqual(data.timestamps, [10_000, 20_000, 30_000]);
  assert.deepEqual(data.series[0]?.values, [1, null, 0]);
  assert.equal(data.series[0]?.name, 'a');
});

test('lastValue skips trailing gaps and NaN', () => {
  assert.equal(lastValue([1, 2, null]), 2);
  assert.equal(lastValue([1, 3, Number.NaN]), 3);
  assert.equal(lastValue([null]), null);
});

test('colliding legend names get the labels that differ', () => {
  const series = (name: string, labels: Record<string, string>) => ({
    key: JSON.stringify(labels),
    name,
    labels,
    values: [],
  });
  const names = disambiguate([
    series('demo', { job: 'demo', instance: 'a:1' }),
    series('demo', { job: 'demo', instance: 'b:2' }),
    series('api', { job: 'api', instance: 'c:3' }),
  ]).map((s) => s.name);
  assert.deepEqual(names, ['demo (a:1)', 'demo (b:2)', 'api']);
});
