import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { XorChunk } from '../chunkenc/xor.js';
import { STALE_NAN } from '../value.js';
import { iteratorFrom, payloadLength, withCheckpoints } from './chunk-checkpoints.js';

/** Increasing timestamps with irregular gaps and values that exercise every XOR record shape. */
const samples = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constant(15_000),
        fc.integer({ min: 1, max: 40_000 }),
        fc.integer({ min: 1, max: 2 ** 40 }),
      ),
      fc.oneof(
        fc.constant(1),
        fc.integer({ min: -1000, max: 1000 }),
        fc.double({ noNaN: false }),
        fc.constant(STALE_NAN),
      ),
    ),
    { minLength: 1, maxLength: 400 },
  )
  .map((steps) => {
    let t = 1_793_491_200_000;
    return steps.map(([dt, v]) => {
      t += dt;
      return [t, v] as const;
    });
  });

function readAll(it: ReturnType<typeof iteratorFrom>): [number, number][] {
  const out: [number, number][] = [];
  while (it.next()) out.push([it.t, it.v]);
  assert.equal(it.err(), undefined);
  return out;
}

describe('head chunk checkpoints', () => {
  it('resume at mint with every sample at or after it, bit-exact, and keep the payload intact', () => {
    fc.assert(
      fc.property(samples, fc.double({ min: 0, max: 1, noNaN: true }), (ss, where) => {
        const c = new XorChunk();
        for (const [t, v] of ss) c.append(t, v);
        const payload = c.bytes();
        const stored = withCheckpoints(payload);
        const n = payloadLength(stored);
        assert.deepEqual(stored.subarray(0, n), payload);
        const all = readAll(c.iterator());
        const first = all[0]![0];
        const last = all[all.length - 1]![0];
        const mint = Math.floor(first - 1 + where * (last - first + 2));
        const got = readAll(iteratorFrom(stored, n, mint));
        const wanted = all.filter(([t]) => t >= mint);
        // A suffix of the samples that holds every one at or after mint.
        assert.ok(got.length >= wanted.length);
        assert.ok(got.length <= all.length);
        const suffix = all.slice(all.length - got.length);
        assert.equal(got.length, suffix.length);
        for (let i = 0; i < got.length; i++) {
          assert.equal(got[i]![0], suffix[i]![0]);
          assert.ok(
            Object.is(got[i]![1], suffix[i]![1]) || (Number.isNaN(got[i]![1]) && Number.isNaN(suffix[i]![1])),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('skip the decoding of samples well before mint in a full chunk', () => {
    const c = new XorChunk();
    for (let i = 0; i < 120; i++) c.append(1000 * i, i * 1.5);
    const stored = withCheckpoints(c.bytes());
    const got = readAll(iteratorFrom(stored, payloadLength(stored), 110_000));
    assert.equal(got.length, 120 - 96, 'resumes at the last checkpoint (sample 96) before mint');
    assert.deepEqual(got[got.length - 1], [119_000, 119 * 1.5]);
  });
});
