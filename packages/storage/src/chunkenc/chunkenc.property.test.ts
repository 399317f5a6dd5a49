import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CorruptionError } from '../errors.js';
import type { Chunk } from '../types.js';
import { STALE_NAN } from '../value.js';
import { chunkFromBytes, Encoding } from './encoding.js';
import { PackedChunk } from './packed.js';
import { TimeKind } from './packed-time.js';
import { ValueKind } from './packed-values.js';
import { encodeSealed } from './sealed.js';
import { assertSamples } from './testing/compare.js';
import { XorChunk } from './xor.js';

const LIMIT = 2 ** 50;

/** Strictly ascending integer timestamps within ±2^50: scrape grids with jitter and gaps, or wild. */
const timestamps = fc
  .tuple(
    fc.integer({ min: -LIMIT, max: LIMIT / 2 }),
    fc.oneof(
      fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 300 }),
      fc.array(
        fc.oneof(
          { weight: 20, arbitrary: fc.integer({ min: 14_950, max: 15_050 }) },
          { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 ** 40 }) },
        ),
        { minLength: 1, maxLength: 300 },
      ),
    ),
  )
  .map(([t0, deltas]) => {
    const ts = [t0];
    for (const d of deltas.slice(1)) ts.push(Math.min(ts[ts.length - 1]! + d, LIMIT + ts.length));
    return ts;
  });

const value = fc.oneof(
  fc.double(),
  fc.integer({ min: -1000, max: 1000 }),
  fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
  fc
    .tuple(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 0, max: 9 }))
    .map(([n, k]) => n / 10 ** k),
  fc.constantFrom(STALE_NAN, NaN, -0, Infinity, -Infinity, 5e-324),
);

/** A run: timestamps plus values that are random, constant, or a counter, per the shape drawn. */
const run = timestamps.chain((ts) =>
  fc
    .oneof(
      fc.array(value, { minLength: ts.length, maxLength: ts.length }),
      value.map((v) => ts.map(() => v)),
      fc.array(fc.integer({ min: 0, max: 50 }), { minLength: ts.length, maxLength: ts.length }).map((inc) => {
        let c = 0;
        return inc.map((d) => (d === 0 ? (c = 0) : (c += d)));
      }),
    )
    .map((vs) => ({ ts, vs })),
);

/** Drains an iterator of untrusted bytes: it must stop, and fail only through err(). */
function drain(chunk: Chunk): void {
  const it = chunk.iterator();
  let n = 0;
  while (it.next()) {
    n++;
    assert.ok(n <= 1 << 17, 'iterator does not stop');
  }
  const e = it.err();
  assert.ok(e === undefined || e instanceof CorruptionError, `unexpected error ${e}`);
  const again = chunk.iterator();
  again.seek(0);
  const e2 = again.err();
  assert.ok(e2 === undefined || e2 instanceof CorruptionError, `unexpected error ${e2}`);
}

function decodeUntrusted(encoding: number, bytes: Uint8Array): void {
  let chunk: Chunk;
  try {
    chunk = chunkFromBytes(encoding, bytes);
  } catch (e) {
    assert.ok(e instanceof CorruptionError, `unexpected error ${e}`);
    return;
  }
  drain(chunk);
}

describe('chunk encodings, property-based', () => {
  it('encodeSealed round-trips any run', () => {
    fc.assert(
      fc.property(run, ({ ts, vs }) => {
        const c = encodeSealed(ts, vs, 0, ts.length);
        assertSamples(chunkFromBytes(c.encoding, c.bytes()).iterator(), ts, vs);
      }),
      { numRuns: 300 },
    );
  });

  it('XorChunk round-trips any run, also through bytes', () => {
    fc.assert(
      fc.property(run, ({ ts, vs }) => {
        const c = new XorChunk();
        for (let i = 0; i < ts.length; i++) c.append(ts[i]!, vs[i]!);
        assertSamples(c.iterator(), ts, vs);
        assertSamples(chunkFromBytes(Encoding.XOR, c.bytes()).iterator(), ts, vs);
      }),
      { numRuns: 200 },
    );
  });

  it('every pinned packed codec pair round-trips any run (where it applies)', () => {
    const kinds = fc.record({
      time: fc.constantFrom(TimeKind.GRID, TimeKind.DELTA),
      value: fc.constantFrom(ValueKind.DECIMAL, ValueKind.FLOATBITS, ValueKind.XOR),
      decimalOrder: fc.constantFrom(1 as const, 2 as const),
    });
    fc.assert(
      fc.property(run, kinds, ({ ts, vs }, k) => {
        let c: PackedChunk;
        try {
          c = PackedChunk.encode(ts, vs, 0, ts.length, {
            time: k.time,
            value: { kind: k.value, decimalOrder: k.decimalOrder },
          });
        } catch {
          return; // DECIMAL deltas past 2^51: the chooser skips that codec too.
        }
        assertSamples(chunkFromBytes(Encoding.PACKED, c.bytes()).iterator(), ts, vs);
      }),
      { numRuns: 300 },
    );
  });

  it('random bytes only ever end in a CorruptionError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.values(Encoding)),
        fc.uint8Array({ maxLength: 200 }),
        (enc, bytes) => decodeUntrusted(enc, bytes),
      ),
      { numRuns: 2000 },
    );
  });

  it('truncated or damaged chunks only ever end in a CorruptionError', () => {
    fc.assert(
      fc.property(
        run,
        fc.boolean(),
        fc.nat(),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { maxLength: 3 }),
        ({ ts, vs }, sealed, cut, flips) => {
          let chunk: Chunk;
          if (sealed) {
            chunk = encodeSealed(ts, vs, 0, ts.length);
          } else {
            const x = new XorChunk();
            for (let i = 0; i < ts.length; i++) x.append(ts[i]!, vs[i]!);
            chunk = x;
          }
          const bytes = chunk.bytes().slice();
          decodeUntrusted(chunk.encoding, bytes.subarray(0, cut % (bytes.length + 1)));
          for (const [at, mask] of flips) bytes[at % bytes.length]! ^= mask;
          decodeUntrusted(chunk.encoding, bytes);
        },
      ),
      { numRuns: 400 },
    );
  });
});
