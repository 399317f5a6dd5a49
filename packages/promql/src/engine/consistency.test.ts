// Property: a range query's value at each step equals the instant query at that step. The range
// evaluation slides windows and shares loaded samples between steps, so this checks it against
// independent one-step evaluations on random data (gaps and stale markers included).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatLabels, STALE_NAN } from '@telemeter/storage';
import fc from 'fast-check';
import { Engine } from './engine.js';
import { memoryQueryable, type SeriesSpec } from './testing/memory-storage.js';

const EXPRS = [
  'm',
  'm offset 45s',
  'm @ 100',
  'rate(m[1m])',
  'sum_over_time(m[90s])',
  'max_over_time(m[2m] offset 30s)',
  'avg_over_time(m[1m:20s])',
  'sum by (k) (m)',
  'topk(1, m)',
  'm * on(k) group_left m{k="a"}',
  'm > 5 or vector(1)',
  'count_values("v", round(m))',
  'absent(m{k="z"})',
  'changes(m[3m])',
];

const sample = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 10 }) },
  { weight: 1, arbitrary: fc.constant(Number.NaN) },
  { weight: 1, arbitrary: fc.constant(-1) },
);

const seriesArb = fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), sample), {
  minLength: 1,
  maxLength: 25,
});

function toSamples(steps: [number, number][]): [number, number][] {
  let t = 0;
  return steps.map(([gap, v]) => {
    t += gap * 1000;
    // -1 stands for a stale marker.
    return [t, v === -1 ? STALE_NAN : v];
  });
}

const key = (labels: Parameters<typeof formatLabels>[0], v: number) =>
  `${formatLabels(labels)}=${Object.is(v, Number.NaN) ? 'NaN' : v}`;

describe('range and instant evaluation agree', () => {
  it('on random data', async () => {
    await fc.assert(
      fc.asyncProperty(
        seriesArb,
        seriesArb,
        fc.constantFrom(...EXPRS),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 60 }),
        async (a, b, expr, start, step) => {
          const specs: SeriesSpec[] = [
            { labels: { __name__: 'm', k: 'a' }, samples: toSamples(a) },
            { labels: { __name__: 'm', k: 'b' }, samples: toSamples(b) },
          ];
          const q = await memoryQueryable(specs);
          const engine = new Engine();
          const startMs = start * 1000;
          const stepMs = step * 1000;
          const range = await engine.rangeQuery(q, expr, startMs, startMs + 8 * stepMs, stepMs);
          assert.equal(range.resultType, 'matrix');
          for (let i = 0; i <= 8; i++) {
            const t = startMs + i * stepMs;
            const instant = await engine.instantQuery(q, expr, t);
            const want =
              instant.resultType === 'vector' ? instant.result.map((s) => key(s.labels, s.v)).sort() : [];
            const got: string[] = [];
            if (range.resultType === 'matrix') {
              for (const s of range.result) {
                const j = s.ts.indexOf(t);
                if (j >= 0) got.push(key(s.labels, s.vs[j]!));
              }
            }
            assert.deepEqual(got.sort(), want, `${expr} at ${t}`);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
