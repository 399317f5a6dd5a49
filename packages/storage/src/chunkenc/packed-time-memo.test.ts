import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CorruptionError } from '../errors.js';
import { PackedChunk } from './packed.js';
import { assertSamples } from './testing/compare.js';

/** A 15 s scrape grid with jitter from `seed`, starting at t0. */
function grid(t0: number, n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => t0 + i * 15_000 + ((i * 7919 + seed * 104_729) % 50));
}

function decode(chunk: PackedChunk): { ts: Float64Array; vs: Float64Array } {
  const ts = new Float64Array(chunk.numSamples);
  const vs = new Float64Array(chunk.numSamples);
  chunk.decodeInto(ts, vs);
  return { ts, vs };
}

describe('packed chunks sharing time sections', () => {
  it('decode each chunk exactly, whichever chunks were decoded before', () => {
    const t0 = 1_793_491_204_474;
    const n = 480;
    const a = grid(t0, n, 1);
    // Same first timestamp (the memo's key), different jitter after it.
    const b = a.map((t, i) => (i === 0 ? t : t + 1));
    const c = grid(t0, n - 1, 1);
    const counter = a.map((_, i) => i * 3);
    const gauge = a.map((_, i) => Math.sin(i) * 100);
    const chunks = [
      [a, counter],
      [a, gauge],
      [b, counter],
      [a, counter],
      [c, gauge.slice(0, n - 1)],
      [b, gauge],
    ] as const;
    for (let round = 0; round < 2; round++) {
      for (const [ts, vs] of chunks) {
        const chunk = PackedChunk.encode(ts, vs, 0, ts.length);
        const got = decode(chunk);
        assert.deepEqual([...got.ts], ts);
        assert.deepEqual([...got.vs], vs);
        assertSamples(PackedChunk.fromBytes(chunk.bytes().slice()).iterator(), ts, vs);
      }
    }
  });

  it('read in place from a larger buffer, a remembered section does not hide a truncated chunk', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 600 }), fc.nat(), fc.nat(), (n, seed, cut) => {
        const ts = grid(1_700_000_000_000 + (seed % 1000), n, seed);
        const vs = ts.map((_, i) => (i * seed) % 97);
        const bytes = PackedChunk.encode(ts, vs, 0, n).bytes();
        const page = new Uint8Array(bytes.length + 20).fill(0xff);
        page.set(bytes, 7);
        const whole = decode(PackedChunk.fromRange(page, 7, 7 + bytes.length));
        assert.deepEqual([...whole.ts], ts);
        assert.deepEqual([...whole.vs], vs);
        // The same chunk cut short, right after its time section was remembered.
        const end = 7 + (cut % bytes.length);
        let chunk: PackedChunk;
        try {
          chunk = PackedChunk.fromRange(page, 7, end);
        } catch (e) {
          assert.ok(e instanceof CorruptionError);
          return;
        }
        assert.throws(() => decode(chunk), CorruptionError);
      }),
      { numRuns: 200 },
    );
  });
});
