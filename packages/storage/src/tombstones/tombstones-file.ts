// The `tombstones` file of a block (byte layout in docs/format/block.md):
//
//   header (9 bytes, file-header.ts) | body | CRC-32 of body, u32 BE
//   body: uvarint #series, then per series in ascending ref order:
//         uvarint ref delta | uvarint #intervals | per interval: varint minTime (absolute for the
//         first, else minus the previous maxTime) | uvarint maxTime - minTime

import { crc32 } from 'node:zlib';
import { ByteReader, ByteWriter } from '../encoding/bytes.js';
import { CorruptionError, StorageError } from '../errors.js';
import { checkFileHeader, encodeFileHeader, FILE_HEADER_BYTES } from '../index/file-header.js';
import type { Interval } from '../types.js';
import { MemTombstones } from './mem-tombstones.js';

/** 'TMTS' */
export const TOMBSTONES_MAGIC = 0x544d5453;
export const TOMBSTONES_VERSION = 1;

export function encodeTombstones(stones: MemTombstones): Uint8Array {
  const w = new ByteWriter();
  w.bytes(encodeFileHeader(TOMBSTONES_MAGIC, TOMBSTONES_VERSION));
  w.uvarint(stones.size);
  let prevRef = 0;
  for (const [ref, intervals] of stones.entries()) {
    w.uvarint(ref - prevRef);
    prevRef = ref;
    w.uvarint(intervals.length);
    let prevMax = 0;
    intervals.forEach((iv, i) => {
      if (!Number.isSafeInteger(iv.minTime) || !Number.isSafeInteger(iv.maxTime)) {
        throw new StorageError(
          'TM_STORAGE_INVALID_OPTION',
          `tombstone interval [${iv.minTime}, ${iv.maxTime}] is not integer milliseconds`,
        );
      }
      w.varint(i === 0 ? iv.minTime : iv.minTime - prevMax);
      w.uvarint(iv.maxTime - iv.minTime);
      prevMax = iv.maxTime;
    });
  }
  w.u32(crc32(w.finish().subarray(FILE_HEADER_BYTES)));
  return w.finish();
}

export function decodeTombstones(buf: Uint8Array, file: string): MemTombstones {
  checkFileHeader(buf, file, TOMBSTONES_MAGIC, TOMBSTONES_VERSION, 'tombstones');
  if (buf.length < FILE_HEADER_BYTES + 4)
    throw new CorruptionError(file, buf.length, 'truncated: no checksum');
  const end = buf.length - 4;
  const stored = new DataView(buf.buffer, buf.byteOffset + end, 4).getUint32(0);
  if (stored !== crc32(buf.subarray(FILE_HEADER_BYTES, end)))
    throw new CorruptionError(file, end, 'checksum mismatch');

  const r = new ByteReader(buf, file, 0, FILE_HEADER_BYTES, end);
  const stones = new MemTombstones();
  const n = r.uvarint();
  let ref = 0;
  for (let s = 0; s < n; s++) {
    const delta = r.uvarint();
    if (s > 0 && delta === 0) r.fail('series refs not ascending');
    ref += delta;
    const count = r.uvarint();
    if (count === 0) r.fail('series without intervals');
    let prev: Interval | undefined;
    for (let i = 0; i < count; i++) {
      const d = r.varint();
      const minTime = prev === undefined ? d : prev.maxTime + d;
      const iv = { minTime, maxTime: minTime + r.uvarint() };
      if (prev !== undefined && iv.minTime <= prev.maxTime + 1) r.fail('intervals overlap or are not sorted');
      stones.add(ref, iv);
      prev = iv;
    }
  }
  if (r.remaining !== 0) r.fail('trailing bytes after the last series');
  return stones;
}
