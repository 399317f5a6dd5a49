// Aggregations fold a range function's output series by series without materialising it (the
// streaming path, vector-stream.ts). `* 1` forces the materialised path for the same values: both
// must give identical results, on random data with gaps, resets, NaN and stale markers.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STALE_NAN } from '@telemeter/storage';
import fc from 'fast-check';
import { Engine } from './engine.js';
import { render } from './testing/format.js';
import { memoryQueryable, type SeriesSpec } from './testing/memory-storage.js';

const OPS = ['sum', 'avg', 'count', 'min', 'max', 'group', 'stddev', 'stdvar', 'quantile'];
const FUNCS = ['rate', 'increase', 'delta', 'max_over_time', 'avg_over_time'];

const sample = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 50 }) },
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
  { weight: 1, arbitrary: fc.constant(-1) },
);

const seriesArb = fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), sample), {
  minLength: 0,
  maxLength: 30,
});

function spec(labels: Record<string, string>, steps: [number, number][]): SeriesSpec {
  let t = 0;
  // -1 stands for a stale marker.
  return { labels, samples: steps.map(([gap, v]) => [(t += gap * 1000), v === -1 ? STALE_NAN : v]) };
}

function aggregation(op: string, inner: string): string {
  return op === 'quantile' ? `quantile by (g) (0.3, ${inner})` : `${op} by (g) (${inner})`;
}

describe('streamed aggregation', () => {
  it('equals the materialised one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(seriesArb, { minLength: 1, maxLength: 5 }),
        fc.constantFrom(...OPS),
        fc.constantFrom(...FUNCS),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 60 }),
        async (series, op, func, start, step) => {
          const specs = series.map((s, k) => spec({ __name__: 'm', g: String(k % 2), k: String(k) }, s));
          const q = await memoryQueryable(specs);
          const engine = new Engine();
          const inner = `${func}(m[1m])`;
          const run = (expr: string) =>
            engine.rangeQuery(q, expr, start * 1000, (start + 20 * step) * 1000, step * 1000);
          const streamed = await run(aggregation(op, inner));
          const materialised = await run(aggregation(op, `${inner} * 1`));
          assert.deepEqual(render(streamed), render(materialised));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('clears the reused row between series', async () => {
    const q = await memoryQueryable([
      spec({ __name__: 'm', g: 'x', k: '1' }, [
        [1, 1],
        [10, 2],
        [10, 3],
      ]),
      spec({ __name__: 'm', g: 'y', k: '2' }, [
        [100, 5],
        [10, 6],
      ]),
    ]);
    const r = await new Engine().rangeQuery(q, 'count by (g) (max_over_time(m[15s]))', 0, 130_000, 10_000);
    assert.deepEqual(render(r), ['{g="x"} 10:1 20:1 30:1', '{g="y"} 100:1 110:1 120:1']);
  });
});
