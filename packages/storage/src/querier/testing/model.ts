// Brute-force reference of what a merged read must return, and generators of random readers.

import fc from 'fast-check';
import { labelsKey, normalizeLabels } from '../../labels/labels.js';
import type { Interval } from '../../types.js';
import type { MemBlockSpec, MemSeriesSpec, Sample } from './mem-block.js';

/**
 * Per label set, the samples in [mint, maxt] that no tombstone of their own reader hides, one
 * per timestamp: later readers, and later chunks within a reader, overwrite earlier ones.
 */
export function expectedSamples(
  blocks: readonly MemBlockSpec[],
  mint: number,
  maxt: number,
): Map<string, Sample[]> {
  const byKey = new Map<string, Map<number, number>>();
  for (const b of blocks) {
    for (const s of b.series) {
      const key = labelsKey(normalizeLabels(s.labels));
      let m = byKey.get(key);
      if (m === undefined) byKey.set(key, (m = new Map()));
      for (const chunk of s.chunks) {
        for (const [t, v] of chunk) {
          if (t < mint || t > maxt || isDeleted(s.deleted ?? [], t)) continue;
          m.set(t, v);
        }
      }
    }
  }
  const out = new Map<string, Sample[]>();
  for (const [key, m] of byKey) {
    if (m.size > 0)
      out.set(
        key,
        [...m.entries()].sort((a, b) => a[0] - b[0]),
      );
  }
  return out;
}

function isDeleted(deleted: readonly Interval[], t: number): boolean {
  return deleted.some((iv) => iv.minTime <= t && t <= iv.maxTime);
}

/** Ascending distinct timestamps in [0, 200) with small integer values. */
const sampleRun = fc
  .uniqueArray(fc.integer({ min: 0, max: 199 }), { maxLength: 25 })
  .chain((ts) =>
    fc.tuple(
      fc.constant(ts.sort((a, b) => a - b)),
      fc.array(fc.integer({ min: -50, max: 50 }), { minLength: ts.length, maxLength: ts.length }),
    ),
  )
  .map(([ts, vs]) => ts.map((t, i): Sample => [t, vs[i] as number]));

const interval = fc
  .tuple(fc.integer({ min: 0, max: 199 }), fc.integer({ min: 0, max: 40 }))
  .map(([a, len]) => ({ minTime: a, maxTime: a + len }));

/** Sorted, disjoint intervals as a tombstone reader returns them. */
const deletedIntervals = fc.array(interval, { maxLength: 2 }).map((ivs) => {
  const sorted = [...ivs].sort((a, b) => a.minTime - b.minTime);
  const out: Interval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && iv.minTime <= last.maxTime + 1)
      out[out.length - 1] = { minTime: last.minTime, maxTime: Math.max(last.maxTime, iv.maxTime) };
    else out.push(iv);
  }
  return out;
});

const seriesSpec: fc.Arbitrary<MemSeriesSpec> = fc.record({
  labels: fc.record({ __name__: fc.constantFrom('up', 'load'), job: fc.constantFrom('a', 'b', 'c') }),
  chunks: fc.array(sampleRun, { minLength: 1, maxLength: 3 }),
  deleted: deletedIntervals,
});

/** A reader with unique label sets; its chunks overlap each other and other readers' at random. */
export const blockSpec: fc.Arbitrary<MemBlockSpec> = fc
  .uniqueArray(seriesSpec, { maxLength: 5, selector: (s) => `${s.labels.__name__}/${s.labels.job}` })
  .map((series) => ({ series }));
