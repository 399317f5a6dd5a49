import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CorruptionError } from '../errors.js';
import { ByteReader, ByteWriter } from './bytes.js';

describe('ByteWriter / ByteReader', () => {
  it('round-trips every field type', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: -(2 ** 52) + 1, max: 2 ** 52 - 1 }),
        fc.double(),
        fc.string(),
        fc.nat({ max: 0xffffffff }),
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        (u, s, f, str, u32, u64) => {
          const w = new ByteWriter(4);
          w.uvarint(u);
          w.varint(s);
          w.f64(f);
          w.string(str);
          w.u32(u32);
          w.u64(u64);
          w.u8(7);
          const r = new ByteReader(w.finish());
          assert.equal(r.uvarint(), u);
          assert.equal(r.varint(), s);
          assert.ok(Object.is(r.f64(), f));
          assert.equal(r.string(), str);
          assert.equal(r.u32(), u32);
          assert.equal(r.u64(), u64);
          assert.equal(r.u8(), 7);
          assert.equal(r.remaining, 0);
        },
      ),
    );
  });

  it('reports short input as a CorruptionError with file and absolute offset', () => {
    const w = new ByteWriter();
    w.string('hello');
    const bytes = w.finish().subarray(0, 3);
    const r = new ByteReader(bytes, 'index', 100);
    assert.throws(
      () => r.string(),
      (e: unknown) =>
        e instanceof CorruptionError &&
        e.file === 'index' &&
        e.offset === 101 &&
        /index at byte 101/.test(e.message),
    );
  });

  it('never throws anything but CorruptionError on garbage', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const r = new ByteReader(bytes);
        try {
          while (r.remaining > 0) {
            r.uvarint();
            r.string();
          }
        } catch (e) {
          assert.ok(e instanceof CorruptionError);
        }
      }),
    );
  });
});
