import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { encodeSealed } from '../chunkenc/sealed.js';
import { XorChunk } from '../chunkenc/xor.js';
import { CorruptionError } from '../errors.js';
import type { Chunk, ChunkMeta, Interval } from '../types.js';
import { ChunkSeriesIterator, type ChunkSeriesPart } from './chunk-series-iterator.js';
import type { Sample } from './testing/mem-block.js';

interface PartSpec {
  /** Chunks of one reader, each ascending; whether they overlap is up to the case. */
  readonly chunks: readonly (readonly Sample[])[];
  readonly deleted: readonly Interval[];
}

function part(spec: PartSpec, packed: boolean): ChunkSeriesPart {
  const store: Chunk[] = [];
  const metas: ChunkMeta[] = [];
  for (const samples of spec.chunks) {
    const ts = samples.map(([t]) => t);
    const vs = samples.map(([, v]) => v);
    let chunk: Chunk;
    if (packed) {
      chunk = encodeSealed(ts, vs, 0, ts.length);
    } else {
      const x = new XorChunk();
      for (const [t, v] of samples) x.append(t, v);
      chunk = x;
    }
    metas.push({ ref: store.length, minTime: ts[0]!, maxTime: ts[ts.length - 1]!, numSamples: ts.length });
    store.push(chunk);
  }
  return { chunkReader: { chunk: (m) => store[m.ref]! }, chunks: metas, deleted: spec.deleted };
}

/** Later parts (and later chunks) win equal timestamps; deleted samples of a part are hidden. */
function model(specs: readonly PartSpec[], mint: number, maxt: number): Sample[] {
  const m = new Map<number, number>();
  for (const spec of specs) {
    for (const samples of spec.chunks) {
      for (const [t, v] of samples) {
        if (t < mint || t > maxt || spec.deleted.some((d) => d.minTime <= t && t <= d.maxTime)) continue;
        m.set(t, v);
      }
    }
  }
  return [...m.entries()].sort((a, b) => a[0] - b[0]);
}

/** Cuts ascending unique timestamps into consecutive chunks spread over the parts: no overlaps. */
const disjointParts = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 0, max: 2000 }), { minLength: 1, maxLength: 200 }),
    fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 12 }),
    fc.integer({ min: 1, max: 3 }),
    fc.array(fc.tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 0, max: 100 })), { maxLength: 3 }),
  )
  .map(([raw, sizes, nParts, dels]) => {
    const ts = raw.sort((a, b) => a - b);
    const chunks: Sample[][] = [];
    for (let at = 0, k = 0; at < ts.length; k++) {
      const size = sizes[k % sizes.length]!;
      chunks.push(ts.slice(at, at + size).map((t): Sample => [t, t * 3 + (t % 7) / 10]));
      at += size;
    }
    // Readers need not come in time order: chunk k goes to part k % nParts.
    const specs: PartSpec[] = Array.from({ length: nParts }, () => ({ chunks: [], deleted: [] }));
    for (const [k, c] of chunks.entries()) (specs[k % nParts]!.chunks as Sample[][]).push(c);
    const deleted = dels
      .map(([lo, len]): Interval => ({ minTime: lo, maxTime: lo + len }))
      .sort((a, b) => a.minTime - b.minTime)
      .filter((d, i, all) => i === 0 || d.minTime > all[i - 1]!.maxTime + 1);
    return specs.map((s, i) => ({ chunks: s.chunks, deleted: i === 0 ? deleted : [] }));
  });

type Op = { kind: 'next' } | { kind: 'seek'; t: number };
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<Op>({ kind: 'next' }) },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 2100 }).map((t): Op => ({ kind: 'seek', t })) },
);

describe('ChunkSeriesIterator', () => {
  it('reads disjoint chunks from any number of parts like the merge model, with any next/seek mix', () => {
    fc.assert(
      fc.property(
        disjointParts,
        fc.boolean(),
        fc.integer({ min: -5, max: 2100 }),
        fc.integer({ min: -5, max: 2100 }),
        fc.array(op, { maxLength: 60 }),
        (specs, packed, x, y, ops) => {
          const [mint, maxt] = x <= y ? [x, y] : [y, x];
          const want = model(specs, mint, maxt);
          const parts = specs.map((s) => part(s, packed));
          const drained: Sample[] = [];
          const all = new ChunkSeriesIterator(parts, mint, maxt);
          while (all.next()) drained.push([all.t, all.v]);
          assert.equal(all.err(), undefined);
          assert.deepEqual(drained, want);
          assert.equal(all.next(), false);

          const it = new ChunkSeriesIterator(parts, mint, maxt);
          let pos = -1;
          for (const o of ops) {
            if (o.kind === 'next') {
              pos = Math.min(pos + 1, want.length);
              assert.equal(it.next(), pos < want.length);
            } else {
              if (pos < 0 || (pos < want.length && want[pos]![0] < o.t)) {
                pos = Math.max(pos, 0);
                while (pos < want.length && want[pos]![0] < o.t) pos++;
              }
              assert.equal(it.seek(o.t), pos < want.length);
            }
            if (pos >= want.length) return;
            assert.deepEqual([it.t, it.v], want[pos]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('merges overlapping chunks, the later part winning ties', () => {
    const specs: PartSpec[] = [
      {
        chunks: [
          [
            [1, 1],
            [3, 3],
            [5, 5],
          ],
        ],
        deleted: [],
      },
      {
        chunks: [
          [
            [2, 20],
            [3, 30],
            [6, 60],
          ],
        ],
        deleted: [{ minTime: 6, maxTime: 6 }],
      },
    ];
    for (const packed of [true, false]) {
      const it = new ChunkSeriesIterator(specs.map((s) => part(s, packed)));
      const got: Sample[] = [];
      while (it.next()) got.push([it.t, it.v]);
      assert.deepEqual(got, model(specs, -Infinity, Infinity));
    }
  });

  it('ends with the chunk reader error in err()', () => {
    const good = part({ chunks: [[[1, 1]]], deleted: [] }, true);
    const broken: ChunkSeriesPart = {
      chunkReader: {
        chunk: () => {
          throw new CorruptionError('chunks', 9, 'page checksum mismatch');
        },
      },
      chunks: [{ ref: 0, minTime: 5, maxTime: 9, numSamples: 2 }],
      deleted: [],
    };
    const it = new ChunkSeriesIterator([good, broken]);
    assert.equal(it.next(), true);
    assert.equal(it.next(), false);
    assert.ok(it.err() instanceof CorruptionError);
  });

  it('sees samples a head chunk gained after its meta was taken', () => {
    const x = new XorChunk();
    x.append(10, 1);
    const p: ChunkSeriesPart = {
      chunkReader: { chunk: () => x },
      chunks: [{ ref: 0, minTime: 10, maxTime: 10, numSamples: 1 }],
      deleted: [],
    };
    x.append(20, 2);
    const it = new ChunkSeriesIterator([p]);
    assert.ok(it.seek(15));
    assert.deepEqual([it.t, it.v], [20, 2]);
  });

  it('series sharing timestamps read right side by side, with deletions in some of them', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.array(fc.tuple(fc.nat(479), fc.nat(100)), { maxLength: 4 }),
        fc.array(fc.nat(5), { minLength: 1, maxLength: 400 }),
        (numSeries, deletions, schedule) => {
          // One scrape target: every series has the same jittered timestamps, so the chunks share
          // their decoded timestamps (PackedChunk.decode).
          const ts = Array.from({ length: 480 }, (_, i) => 1_700_000_000_000 + i * 15_000 + ((i * 37) % 50));
          const specs: PartSpec[] = [];
          for (let s = 0; s < numSeries; s++) {
            const deleted: Interval[] = [];
            for (const [at, len] of deletions) {
              if (at % numSeries !== s) continue;
              deleted.push({ minTime: ts[at]!, maxTime: ts[Math.min(479, at + len)]! });
            }
            deleted.sort((a, b) => a.minTime - b.minTime);
            const merged = deleted.filter((d, i) => i === 0 || d.minTime > deleted[i - 1]!.maxTime);
            specs.push({ chunks: [ts.map((t, i) => [t, s * 1000 + i] as Sample)], deleted: merged });
          }
          const expected = specs.map((spec) => model([spec], 0, Number.MAX_SAFE_INTEGER));
          const its = specs.map((spec) => new ChunkSeriesIterator([part(spec, true)]));
          const got: Sample[][] = specs.map(() => []);
          const done = specs.map(() => false);
          // Interleaved: each iterator holds its chunk's arrays while the others decode theirs.
          for (let k = 0; done.includes(false); k++) {
            const s = k < schedule.length ? schedule[k]! % numSeries : done.indexOf(false);
            if (done[s]) continue;
            if (its[s]!.next()) got[s]!.push([its[s]!.t, its[s]!.v]);
            else done[s] = true;
          }
          assert.deepEqual(got, expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});
