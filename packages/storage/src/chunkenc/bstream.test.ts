import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BitReader, BitWriter } from './bstream.js';

describe('BitWriter / BitReader', () => {
  it('round-trips fields of every width, at every alignment', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc
            .integer({ min: 0, max: 32 })
            .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n === 0 ? 0 : 2 ** n - 1 }))),
          { maxLength: 60 },
        ),
        fc.array(fc.integer({ min: -(2 ** 51), max: 2 ** 51 }), { maxLength: 5 }),
        (fields, varints) => {
          const w = new BitWriter(1);
          for (const [n, v] of fields) w.writeBits(v, n);
          for (const v of varints) w.writeVarint(v);
          const r = new BitReader(w.toBytes(), w.bitLen);
          for (const [n, v] of fields) assert.equal(r.readBits(n), v);
          for (const v of varints) assert.equal(r.readVarint(), v);
          assert.equal(r.overrun, false);
          assert.equal(r.pos, w.bitLen);
          r.readBit();
          assert.equal(r.overrun, true);
        },
      ),
    );
  });

  it('reading past the end returns zeros and flags overrun instead of throwing', () => {
    const r = new BitReader(new Uint8Array([0xff]), 8);
    assert.equal(r.readBits(4), 0xf);
    assert.equal(r.readBits(8), 0);
    assert.equal(r.overrun, true);
    const r2 = new BitReader(new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80]), 72);
    r2.readUvarint();
    assert.equal(r2.overrun, true);
  });

  it('reset keeps the buffer but clears the bits', () => {
    const w = new BitWriter(4);
    w.writeBits(0xffffffff, 32);
    w.writeBits(0x1f, 5);
    w.reset();
    w.writeBits(0, 3);
    assert.deepEqual([...w.toBytes()], [0]);
  });
});
