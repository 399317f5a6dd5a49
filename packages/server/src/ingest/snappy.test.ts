import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { IngestError } from './errors.js';
import { snappyCompress, snappyUncompress } from './snappy.js';

const text = (s: string) => new TextEncoder().encode(s);
const bytes = (...parts: (number | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...text(p)] : [p])));

function corruptMessage(input: Uint8Array, max = 1 << 20): string {
  try {
    snappyUncompress(input, max);
  } catch (err) {
    assert.ok(err instanceof IngestError);
    assert.equal(err.code, 'TM_INGEST_SNAPPY_CORRUPT');
    assert.equal(err.status, 400);
    return err.message;
  }
  assert.fail('expected the input to be refused');
}

describe('snappy block format', () => {
  it('decodes each element kind written by hand from the format description', () => {
    // literal "hello"
    assert.deepEqual(snappyUncompress(bytes(5, 0x10, 'hello'), 100), text('hello'));
    // literal "abcd", then a 1-byte-offset copy of 8 bytes at offset 4 (overlapping)
    assert.deepEqual(snappyUncompress(bytes(12, 0x0c, 'abcd', 0x11, 4), 100), text('abcdabcdabcd'));
    // 2-byte-offset copy: length 5 at offset 3
    assert.deepEqual(snappyUncompress(bytes(8, 0x08, 'xyz', (4 << 2) | 2, 3, 0), 100), text('xyzxyzxy'));
    // 4-byte-offset copy: length 2 at offset 2
    assert.deepEqual(snappyUncompress(bytes(4, 0x04, 'ab', (1 << 2) | 3, 2, 0, 0, 0), 100), text('abab'));
    // literal with its length in one extra byte (tag 60): 61 bytes
    const long = 'q'.repeat(61);
    assert.deepEqual(snappyUncompress(bytes(61, 60 << 2, 60, long), 100), text(long));
    assert.deepEqual(snappyUncompress(bytes(0), 0), new Uint8Array(0));
  });

  it('writes what the reference encoder writes for small inputs', () => {
    assert.deepEqual(snappyCompress(new Uint8Array(0)), bytes(0));
    assert.deepEqual(snappyCompress(text('hello')), bytes(5, 0x10, 'hello'));
    // 64 KiB of one byte: a literal, then copies of 64 bytes (3 bytes each).
    const zeros = snappyCompress(new Uint8Array(65536));
    assert.ok(zeros.length < 3200, `${zeros.length} bytes`);
    assert.deepEqual(snappyUncompress(zeros, 65536), new Uint8Array(65536));
  });

  it('names the offset and the problem of corrupt input', () => {
    assert.equal(corruptMessage(bytes()), 'snappy: corrupt input at offset 0: truncated length preamble');
    assert.equal(corruptMessage(bytes(0x80)), 'snappy: corrupt input at offset 1: truncated length preamble');
    assert.equal(
      corruptMessage(bytes(0xff, 0xff, 0xff, 0xff, 0x1f)),
      'snappy: corrupt input at offset 4: length preamble exceeds 2^32-1',
    );
    assert.equal(
      corruptMessage(bytes(5, 0x10, 'he')),
      'snappy: corrupt input at offset 1: literal of 5 bytes runs past the end of the input',
    );
    assert.equal(
      corruptMessage(bytes(4, 0x01, 0)),
      'snappy: corrupt input at offset 1: copy offset 0 points outside the 0 bytes decompressed so far',
    );
    assert.equal(
      corruptMessage(bytes(6, 0x04, 'ab', 0x01, 9)),
      'snappy: corrupt input at offset 4: copy offset 9 points outside the 2 bytes decompressed so far',
    );
    assert.equal(
      corruptMessage(bytes(6, 0x10, 'hello')),
      'snappy: corrupt input at offset 7: decompressed 5 bytes but the preamble declared 6',
    );
    assert.equal(
      corruptMessage(bytes(3, 0x10, 'hello')),
      'snappy: corrupt input at offset 1: literal of 5 bytes overflows the declared length 3',
    );
    assert.equal(corruptMessage(bytes(9, 0x02, 1)), 'snappy: corrupt input at offset 1: truncated copy');
    assert.equal(
      corruptMessage(bytes(70, 61 << 2, 1)),
      'snappy: corrupt input at offset 1: truncated literal length',
    );
  });

  it('refuses a declared length over the limit with 413 before allocating it', () => {
    const err = (() => {
      try {
        snappyUncompress(bytes(0xff, 0xff, 0xff, 0xff, 0x0f), 1 << 20);
      } catch (e) {
        return e;
      }
    })();
    assert.ok(err instanceof IngestError);
    assert.equal(err.code, 'TM_INGEST_TOO_LARGE');
    assert.equal(err.status, 413);
    assert.match(err.message, /decompressed size 4294967295 bytes exceeds the limit of 1048576 bytes/);
  });

  it('round-trips arbitrary and repetitive data', () => {
    const repetitive = fc
      .tuple(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.nat(7), { maxLength: 400 }),
      )
      .map(([pieces, picks]) => {
        const parts = picks.map((i) => pieces[i % pieces.length] as Uint8Array);
        return Uint8Array.from(parts.flatMap((p) => [...p]));
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 3000 }), repetitive), (data) => {
        const compressed = snappyCompress(data);
        assert.deepEqual(snappyUncompress(compressed, data.length), data);
        assert.ok(compressed.length <= 32 + data.length + data.length / 6);
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips inputs larger than one 64 KiB block', () => {
    const data = new Uint8Array(200_000);
    for (let i = 0; i < data.length; i++) data[i] = ((i * 7) % 251) ^ (i >> 9);
    assert.deepEqual(snappyUncompress(snappyCompress(data), data.length), data);
  });

  it('never throws anything but an IngestError on arbitrary bytes, and never exceeds the limit', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(4096), (data, max) => {
        try {
          const out = snappyUncompress(data, max);
          assert.ok(out.length <= max);
        } catch (err) {
          assert.ok(err instanceof IngestError, String(err));
          assert.ok(err.status === 400 || err.status === 413);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
