import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CorruptionError } from '../errors.js';
import { BitReader, BitWriter } from './bstream.js';
import { writeIntStream } from './int-pack.js';
import { readIntSums, readInts, readIntsUnlessZero, skipInts } from './packed-int-decode.js';

/** Integer runs shaped like the encoder's inputs: narrow noise with outliers (patches), or wide. */
const ints = fc.oneof(
  fc.array(
    fc.oneof(
      { weight: 30, arbitrary: fc.integer({ min: -40, max: 40 }) },
      { weight: 1, arbitrary: fc.integer({ min: -(2 ** 40), max: 2 ** 40 }) },
    ),
    { maxLength: 300 },
  ),
  fc.array(fc.integer({ min: -(2 ** 50), max: 2 ** 50 }), { maxLength: 100 }),
  fc.array(fc.constantFrom(0, 0, 0, 7), { maxLength: 50 }),
  fc.integer({ min: 0, max: 20 }).map((n) => new Array<number>(n).fill(0)),
);

/** The stream after `lead` junk bits and before `tail` junk bytes (0: it ends the buffer). */
function encode(
  x: readonly number[],
  lead: number,
  tail: number,
): { bytes: Uint8Array; start: number; end: number } {
  const w = new BitWriter();
  for (let i = 0; i < lead; i++) w.writeBit(i & 1);
  const start = w.bitLen;
  writeIntStream(w, x, x.length);
  const end = w.bitLen;
  for (let i = 0; i < tail; i++) w.writeBits(0xa5, 8);
  return { bytes: w.toBytes(), start, end };
}

describe('packed integer streams, decoding', () => {
  it('reads back what writeIntStream wrote, folded into a grid or running sums, anywhere in a buffer', () => {
    fc.assert(
      fc.property(
        ints,
        fc.integer({ min: 0, max: 13 }),
        fc.constantFrom(0, 1, 3, 9),
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.constantFrom(1, 10, 1000),
        fc.integer({ min: 0, max: 3 }),
        (x, lead, tail, offset, slope, divisor, at) => {
          const { bytes, start, end } = encode(x, lead, tail);
          const m = x.length;
          const out = new Float64Array(m + at);

          const r = new BitReader(bytes, bytes.length * 8, start);
          readInts(r, out, m, offset, slope, at);
          assert.equal(r.pos, end);
          for (let i = 0; i < m; i++) assert.equal(out[at + i], offset + slope * i + x[i]!, `value ${i}`);

          const s = new BitReader(bytes, bytes.length * 8, start);
          readIntSums(s, out, m, offset, divisor, at);
          assert.equal(s.pos, end);
          let acc = offset;
          for (let i = 0; i < m; i++) assert.equal(out[at + i], (acc += x[i]!) / divisor, `sum ${i}`);

          const z = new BitReader(bytes, bytes.length * 8, start);
          const allZero = readIntsUnlessZero(z, out, m);
          assert.equal(
            allZero,
            x.every((v) => v === 0),
          );
          assert.equal(z.pos, end);

          const k = new BitReader(bytes, bytes.length * 8, start);
          skipInts(k, m);
          assert.equal(k.pos, end);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('throws CorruptionError, never reading past the stream, when it is cut short', () => {
    fc.assert(
      fc.property(ints, fc.nat(), (x, cut) => {
        const { bytes, end } = encode(x, 0, 0);
        const bitLen = cut % (end + 1);
        if (bitLen === end) return;
        const r = new BitReader(bytes, bitLen, 0);
        assert.throws(() => readInts(r, new Float64Array(x.length), x.length), CorruptionError);
      }),
      { numRuns: 300 },
    );
  });
});
