import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { CorruptionError, StorageError } from '../errors.js';
import { encodeFileHeader } from '../index/file-header.js';
import { MemTombstones } from './mem-tombstones.js';
import {
  decodeTombstones,
  encodeTombstones,
  TOMBSTONES_MAGIC,
  TOMBSTONES_VERSION,
} from './tombstones-file.js';

const stonesArb = fc
  .array(fc.tuple(fc.nat(10_000), fc.integer({ min: -1e13, max: 1e13 }), fc.nat(1e9)), { maxLength: 30 })
  .map((entries) => {
    const s = new MemTombstones();
    for (const [ref, minTime, len] of entries) s.add(ref, { minTime, maxTime: minTime + len });
    return s;
  });

const FILE = 'tombstones';

describe('tombstones file', () => {
  it('round-trips any set of tombstones', () => {
    fc.assert(
      fc.property(stonesArb, (stones) => {
        const decoded = decodeTombstones(encodeTombstones(stones), FILE);
        assert.deepEqual([...decoded.entries()], [...stones.entries()]);
      }),
    );
  });

  it('every bit flip and every truncation is a CorruptionError naming the file', () => {
    const stones = new MemTombstones();
    stones.add(3, { minTime: -5, maxTime: 10 });
    stones.add(3, { minTime: 20, maxTime: 30 });
    stones.add(900, { minTime: 1_700_000_000_000, maxTime: 1_700_000_060_000 });
    const good = encodeTombstones(stones);
    for (let bit = 0; bit < good.length * 8; bit++) {
      const bad = good.slice();
      bad[bit >> 3] = (bad[bit >> 3] as number) ^ (1 << (bit & 7));
      assert.throws(
        () => decodeTombstones(bad, FILE),
        (e: unknown) => e instanceof CorruptionError && e.file === FILE,
        `bit ${bit}`,
      );
    }
    for (let n = 0; n < good.length; n++) {
      assert.throws(() => decodeTombstones(good.subarray(0, n), FILE), CorruptionError, `length ${n}`);
    }
  });

  it('garbage only ever throws a StorageError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodeTombstones(bytes, FILE);
        } catch (e) {
          assert.ok(e instanceof StorageError, String(e));
        }
      }),
    );
  });

  it('a garbage body behind a valid header and checksum throws only a CorruptionError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (body) => {
        const header = encodeFileHeader(TOMBSTONES_MAGIC, TOMBSTONES_VERSION);
        const file = new Uint8Array(header.length + body.length + 4);
        file.set(header);
        file.set(body, header.length);
        new DataView(file.buffer).setUint32(header.length + body.length, crc32(body));
        try {
          decodeTombstones(file, FILE);
        } catch (e) {
          assert.ok(e instanceof CorruptionError, String(e));
        }
      }),
    );
  });

  it('refuses a file from a future format version', () => {
    const future = encodeFileHeader(TOMBSTONES_MAGIC, TOMBSTONES_VERSION + 1);
    assert.throws(
      () => decodeTombstones(new Uint8Array([...future, 0, 0, 0, 0, 0]), FILE),
      (e: unknown) => e instanceof StorageError && e.code === 'TM_STORAGE_UNSUPPORTED_VERSION',
    );
  });
});
