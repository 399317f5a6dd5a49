import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Matrix } from '@telemeter/promql';
import { labelsFromRecord } from '@telemeter/storage';
import { SeriesTable, wireValue } from './series-table.js';

function series(labels: Record<string, string>, points: [number, number][]): Matrix[number] {
  return {
    labels: labelsFromRecord(labels),
    ts: Float64Array.from(points, (p) => p[0]),
    vs: Float64Array.from(points, (p) => p[1]),
  };
}

describe('SeriesTable', () => {
  it('numbers series in order of first appearance and keeps their numbers', () => {
    const table = new SeriesTable();
    const a = { __name__: 'up', job: 'a' };
    const b = { __name__: 'up', job: 'b' };
    const c = { __name__: 'up', job: 'c' };
    assert.deepEqual(
      table.frame(
        [
          series(a, [
            [0, 1],
            [20, 3],
          ]),
          series(c, [[10, 2]]),
        ],
        { startMs: 0, stepMs: 10, points: 3 },
      ),
      {
        seriesStart: 0,
        series: [{ labels: a }, { labels: c }],
        timestamps: [0, 10, 20],
        index: [0, 1],
        values: [
          [1, null, 3],
          [null, 2, null],
        ],
      },
    );
    // b sorts between a and c but is numbered after them; a is absent from this frame.
    assert.deepEqual(
      table.frame([series(b, [[30, 5]]), series(c, [[30, 6]])], { startMs: 30, stepMs: 10, points: 1 }),
      { seriesStart: 2, series: [{ labels: b }], timestamps: [30], index: [1, 2], values: [[6], [5]] },
    );
    assert.equal(table.size, 3);
  });

  it('drops points off the window grid instead of shifting them', () => {
    const table = new SeriesTable();
    const frame = table.frame(
      [
        series({ x: '1' }, [
          [5, 1],
          [10, 2],
          [40, 3],
        ]),
      ],
      { startMs: 0, stepMs: 10, points: 2 },
    );
    assert.deepEqual(frame.values, [[null, 2]]);
    const empty = table.frame([series({ x: '2' }, [[15, 1]])], { startMs: 0, stepMs: 10, points: 2 });
    assert.deepEqual(empty, { seriesStart: 1, series: [], timestamps: [0, 10], index: [], values: [] });
  });

  it('writes JSON-less numbers as Prometheus spells them', () => {
    assert.equal(wireValue(Number.NaN), 'NaN');
    assert.equal(wireValue(Number.POSITIVE_INFINITY), '+Inf');
    assert.equal(wireValue(Number.NEGATIVE_INFINITY), '-Inf');
    assert.equal(wireValue(-0.5), -0.5);
    assert.equal(wireValue(Number.MAX_VALUE), Number.MAX_VALUE);
  });
});
