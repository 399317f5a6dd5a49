import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ByteWriter } from '../encoding/bytes.js';
import { CorruptionError } from '../errors.js';
import type { Chunk } from '../types.js';
import { chunkFromBytes, chunkFromRange, Encoding } from './encoding.js';
import { PackedChunk } from './packed.js';
import { appendPackedRecord, SharedTimeSections } from './packed-time-ref.js';
import { assertSamples } from './testing/compare.js';

interface Run {
  ts: number[];
  vs: number[];
}

/** `targets` scrape grids with jitter, each shared by `perTarget` series. */
function scrapeRuns(targets: number, perTarget: number, n: number, seed: number): Run[] {
  const runs: Run[] = [];
  for (let t = 0; t < targets; t++) {
    const ts = Array.from(
      { length: n },
      (_, i) => 1_700_000_000_000 + t * 997 + i * 15_000 + ((i * 7919 + (seed + t) * 104_729) % 50),
    );
    for (let s = 0; s < perTarget; s++) runs.push({ ts, vs: ts.map((_, i) => (i * (s + 1) + seed) % 1000) });
  }
  return runs;
}

interface Record {
  encoding: number;
  start: number;
  end: number;
}

/** Writes the runs as packed chunk records into one page; returns the page and its records. */
function pageOf(runs: readonly Run[]): { page: Uint8Array; records: Record[] } {
  const w = new ByteWriter();
  const shared = new SharedTimeSections();
  const starts: number[] = [];
  for (const r of runs) {
    starts.push(w.length);
    appendPackedRecord(w, PackedChunk.encode(r.ts, r.vs, 0, r.ts.length), shared);
  }
  const page = w.finish();
  const records = starts.map((at) => {
    const encoding = page[at]!;
    let p = at + 1;
    let len = 0;
    for (let mul = 1; ; mul *= 0x80) {
      const b = page[p++]!;
      len += (b & 0x7f) * mul;
      if (b < 0x80) break;
    }
    return { encoding, start: p, end: p + len };
  });
  return { page, records };
}

function decodeAll(chunk: Chunk): { ts: number[]; vs: number[] } {
  const ts = new Float64Array(chunk.numSamples);
  const vs = new Float64Array(chunk.numSamples);
  (chunk as PackedChunk).decodeInto(ts, vs);
  return { ts: [...ts], vs: [...vs] };
}

describe('time sections shared within a page', () => {
  it('stores a repeated section once and reads every chunk back exactly, in any order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 2, max: 300 }),
        fc.nat(1000),
        fc.array(fc.nat(), { maxLength: 12 }),
        (targets, perTarget, n, seed, order) => {
          const runs = scrapeRuns(targets, perTarget, n, seed);
          const { page, records } = pageOf(runs);
          const refs = records.filter((r) => r.encoding === Encoding.PACKED_TIME_REF).length;
          assert.equal(refs, targets * (perTarget - 1));
          // Shuffled reads: the memo sees references before the sections they point at.
          const picks = [...records.keys(), ...order.map((o) => o % records.length)];
          for (const i of picks) {
            const { encoding, start, end } = records[i]!;
            const chunk = chunkFromRange(encoding, page, start, end);
            assert.equal(chunk.encoding, Encoding.PACKED);
            assert.deepEqual(decodeAll(chunk), runs[i]);
            assertSamples(chunk.iterator(), runs[i]!.ts, runs[i]!.vs);
            // bytes() is self-contained: the chunk as it was before it was stored.
            const alone = chunkFromBytes(Encoding.PACKED, chunk.bytes().slice());
            assert.deepEqual(decodeAll(alone), runs[i]);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('only reads inside its page', () => {
    assert.throws(() => chunkFromBytes(Encoding.PACKED_TIME_REF, new Uint8Array([5, 0, 0])), CorruptionError);
    const { page, records } = pageOf(scrapeRuns(1, 2, 50, 1));
    const ref = records[1]!;
    assert.equal(ref.encoding, Encoding.PACKED_TIME_REF);
    // An offset at or past the chunk itself is refused.
    const bad = page.slice();
    bad[ref.start + 1] = ref.start & 0x7f;
    assert.throws(() => chunkFromRange(Encoding.PACKED_TIME_REF, bad, ref.start, ref.end), CorruptionError);
  });

  it('garbage and truncated references only ever throw a CorruptionError', () => {
    const { page } = pageOf(scrapeRuns(2, 3, 120, 7));
    fc.assert(
      fc.property(
        fc.nat(page.length),
        fc.nat(page.length),
        fc.uint8Array({ maxLength: 8 }),
        fc.nat(page.length),
        (a, b, patch, patchAt) => {
          const buf = page.slice();
          buf.set(patch.subarray(0, Math.max(0, buf.length - patchAt)), Math.min(patchAt, buf.length));
          const start = Math.min(a, b);
          const end = Math.max(a, b);
          try {
            decodeAll(chunkFromRange(Encoding.PACKED_TIME_REF, buf, start, end));
          } catch (e) {
            assert.ok(e instanceof CorruptionError, String(e));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
