import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { labelsKey } from '../labels/labels.js';
import type { Labels } from '../types.js';
import { STALE_NAN } from '../value.js';
import type { Head } from './head.js';
import {
  type Opened,
  openHead,
  readSamples,
  removeDir,
  type Sample,
  series,
  tempDir,
} from './testing/head-fixtures.js';
import { ReferenceHead } from './testing/reference-head.js';

const SERIES: Labels[] = [
  series('m', { i: '0' }),
  series('m', { i: '1' }),
  series('m', { i: '2' }),
  series('n'),
];

const value = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -2, max: 2 }) },
  { weight: 1, arbitrary: fc.constantFrom(STALE_NAN, Number.NaN, -0, Number.POSITIVE_INFINITY, 0.5) },
);
const timestamp = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 0, max: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, 1.5) },
);
const op = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('batch' as const),
      samples: fc.array(fc.tuple(fc.nat(3), timestamp, value), { maxLength: 12 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('truncate' as const), mint: fc.integer({ min: 0, max: 40 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reopen' as const) }) },
);

/** The head's samples at or above the lower bound (truncate keeps a straddling chunk whole). */
function visible(head: Head, minValid: number): Map<string, Sample[]> {
  const out = new Map<string, Sample[]>();
  for (const [key, samples] of readSamples(head))
    out.set(
      key,
      samples.filter(([t]) => t >= minValid),
    );
  return out;
}

/** The head's running counters agree with its series. */
function checkCounters(head: Head): void {
  let samples = 0;
  let chunks = 0;
  let minT = Number.POSITIVE_INFINITY;
  let maxT = Number.NEGATIVE_INFINITY;
  for (const s of head.byRef.values()) {
    samples += s.numSamples - s.countBefore(head.minValidTime);
    chunks += s.numChunks;
    minT = Math.min(minT, s.minTime);
    maxT = Math.max(maxT, s.maxTime);
  }
  const stats = head.stats();
  // Truncate keeps a chunk straddling mint whole but stops counting what lies below it.
  minT = Math.max(minT, head.minValidTime);
  assert.deepEqual(
    [stats.numSamples, stats.numChunks, stats.minTime, stats.maxTime],
    [samples, chunks, minT, maxT],
  );
}

describe('head property: appends, truncations and reopens match the reference policy', () => {
  it('reads back exactly what the reference accepted, before and after WAL replay (chunks in memory or on disk)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(0, 5, 15),
        fc.constantFrom(1, 2, 3, 120),
        fc.array(op, { maxLength: 12 }),
        fc.boolean(),
        async (oooWindowMs, samplesPerChunk, ops, chunksOnDisk) => {
          const dir = tempDir();
          const chunksDir = chunksOnDisk ? path.join(dir, 'chunks_head') : undefined;
          const options = { oooWindowMs, samplesPerChunk, chunksDir };
          let opened: Opened = openHead(dir, options);
          const model = new ReferenceHead(oooWindowMs);
          try {
            for (const o of ops) {
              if (o.kind === 'batch') {
                const app = opened.head.appender();
                for (const [i, t, v] of o.samples) app.append(SERIES[i] as Labels, t, v);
                const got = await app.commit();
                const want = model.commit(
                  o.samples.map(([i, t, v]) => [labelsKey(SERIES[i] as Labels), t, v] as const),
                );
                assert.deepEqual(got, want);
              } else if (o.kind === 'truncate') {
                await opened.head.truncate(o.mint);
                model.truncate(o.mint);
              } else {
                await opened.wal.close();
                opened.head.close();
                opened = openHead(dir, { ...options, minValidTime: model.minValidTime });
              }
              assert.deepEqual(visible(opened.head, model.minValidTime), model.contents());
              checkCounters(opened.head);
            }
            await opened.wal.close();
            opened.head.close();
            opened = openHead(dir, { ...options, minValidTime: model.minValidTime });
            assert.deepEqual(visible(opened.head, model.minValidTime), model.contents());
          } finally {
            await opened.wal.close();
            opened.head.close();
            removeDir(dir);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
