// Unsigned LEB128 into and out of plain byte arrays, for chunk headers (the sample count).

import { CorruptionError } from '../errors.js';

/** Reads the leading uvarint sample count of a chunk payload. */
export function readCount(bytes: Uint8Array): { count: number; offset: number } {
  let count = 0;
  let mul = 1;
  for (let i = 0; i < 8 && i < bytes.length; i++) {
    const b = bytes[i]!;
    count += (b & 0x7f) * mul;
    if (b < 0x80) return { count, offset: i + 1 };
    mul *= 0x80;
  }
  throw new CorruptionError('<xor chunk>', 0, 'bad sample count');
}

export function uvarintSize(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 0x80);
    n++;
  }
  return n;
}

export function writeUvarintTo(out: Uint8Array, o: number, v: number): number {
  while (v >= 0x80) {
    out[o++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  out[o++] = v;
  return o;
}
