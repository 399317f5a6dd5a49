// Snappy *block* format (github.com/google/snappy, format_description.txt), which is what
// Prometheus remote write sends: a varint of the uncompressed length, then elements, each a tag
// byte whose low two bits say literal (00), copy with a 1-byte (01), 2-byte (10) or 4-byte (11)
// offset. Not the framed/stream format (no "sNaPpY" chunk header, no CRCs).
//
// The compressor follows the reference encoder's greedy LZ77 (as golang/snappy's encodeBlock):
// 64 KiB blocks, a hash table of 4-byte sequences, and a skip that grows over incompressible
// input so random bytes cost little time.

import { IngestError } from './errors.js';

/** The format allows any 32-bit uncompressed length. */
const MAX_UNCOMPRESSED = 0xffffffff;
/** The reference encoder works in 64 KiB blocks, so every copy offset fits 16 bits. */
const MAX_BLOCK_SIZE = 65536;
/** Hashing reads 4 bytes (and the match loop 4 more) past a candidate; stop that far from the end. */
const INPUT_MARGIN = 16 - 1;
/** Shorter blocks are emitted as one literal: a copy needs at least 4 matching bytes plus the margin. */
const MIN_NON_LITERAL_BLOCK_SIZE = 1 + 1 + INPUT_MARGIN;
const MAX_TABLE_BITS = 14;
/** golang/snappy's hash multiplier. */
const HASH_MUL = 0x1e35a7bd;

const table = new Uint16Array(1 << MAX_TABLE_BITS);

function corrupt(offset: number, reason: string): IngestError {
  return new IngestError('TM_INGEST_SNAPPY_CORRUPT', `snappy: corrupt input at offset ${offset}: ${reason}`);
}

/**
 * Decompresses a snappy block. Throws `IngestError` TM_INGEST_SNAPPY_CORRUPT (message
 * `snappy: corrupt input at offset N: ...`) for damaged input, and TM_INGEST_TOO_LARGE when the
 * declared uncompressed length exceeds `maxLength`, before allocating it.
 */
export function snappyUncompress(data: Uint8Array, maxLength: number): Uint8Array {
  const n = data.length;
  let pos = 0;
  let length = 0;
  for (let shift = 0; ; shift += 7) {
    if (pos >= n) throw corrupt(pos, 'truncated length preamble');
    const b = data[pos++] as number;
    if (shift === 28 && b > 0x0f) throw corrupt(pos - 1, 'length preamble exceeds 2^32-1');
    length += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
  }
  if (length > maxLength) {
    throw new IngestError(
      'TM_INGEST_TOO_LARGE',
      `snappy: decompressed size ${length} bytes exceeds the limit of ${maxLength} bytes`,
    );
  }
  const out = new Uint8Array(length);
  let d = 0;
  while (pos < n) {
    const tagPos = pos;
    const tag = data[pos] as number;
    let len: number;
    let offset: number;
    switch (tag & 3) {
      case 0: {
        len = tag >>> 2;
        if (len < 60) {
          pos += 1;
        } else {
          const extra = len - 59;
          if (pos + extra >= n) throw corrupt(tagPos, 'truncated literal length');
          len = data[pos + 1] as number;
          if (extra > 1) len |= (data[pos + 2] as number) << 8;
          if (extra > 2) len |= (data[pos + 3] as number) << 16;
          if (extra > 3) len = (len | ((data[pos + 4] as number) << 24)) >>> 0;
          pos += 1 + extra;
        }
        len += 1;
        if (len > n - pos) throw corrupt(tagPos, `literal of ${len} bytes runs past the end of the input`);
        if (len > length - d) {
          throw corrupt(tagPos, `literal of ${len} bytes overflows the declared length ${length}`);
        }
        if (len < 16) for (let i = 0; i < len; i++) out[d + i] = data[pos + i] as number;
        else out.set(data.subarray(pos, pos + len), d);
        d += len;
        pos += len;
        continue;
      }
      case 1:
        if (pos + 2 > n) throw corrupt(tagPos, 'truncated copy');
        len = 4 + ((tag >>> 2) & 7);
        offset = ((tag & 0xe0) << 3) | (data[pos + 1] as number);
        pos += 2;
        break;
      case 2:
        if (pos + 3 > n) throw corrupt(tagPos, 'truncated copy');
        len = 1 + (tag >>> 2);
        offset = (data[pos + 1] as number) | ((data[pos + 2] as number) << 8);
        pos += 3;
        break;
      default:
        if (pos + 5 > n) throw corrupt(tagPos, 'truncated copy');
        len = 1 + (tag >>> 2);
        offset =
          ((data[pos + 1] as number) |
            ((data[pos + 2] as number) << 8) |
            ((data[pos + 3] as number) << 16) |
            ((data[pos + 4] as number) << 24)) >>>
          0;
        pos += 5;
    }
    if (offset === 0 || offset > d) {
      throw corrupt(tagPos, `copy offset ${offset} points outside the ${d} bytes decompressed so far`);
    }
    if (len > length - d)
      throw corrupt(tagPos, `copy of ${len} bytes overflows the declared length ${length}`);
    const from = d - offset;
    if (offset < len || len <= 16) {
      // Overlapping copies repeat the last `offset` bytes, which only a forward byte loop does.
      for (let i = 0; i < len; i++) out[d + i] = out[from + i] as number;
    } else {
      out.copyWithin(d, from, from + len);
    }
    d += len;
  }
  if (d !== length) throw corrupt(pos, `decompressed ${d} bytes but the preamble declared ${length}`);
  return out;
}

/** Compresses `data` into one snappy block (what remote write puts in a request body). */
export function snappyCompress(data: Uint8Array): Uint8Array {
  const n = data.length;
  if (n > MAX_UNCOMPRESSED) throw new RangeError(`snappy: cannot compress ${n} bytes (at most 2^32-1)`);
  // Worst case from the reference encoder (MaxEncodedLen): literals cost 1 tag byte per 60 bytes
  // at most, plus the length preamble.
  const dst = new Uint8Array(32 + n + Math.ceil(n / 6));
  let d = 0;
  let v = n;
  while (v >= 0x80) {
    dst[d++] = (v & 0x7f) | 0x80;
    v = Math.floor(v / 128);
  }
  dst[d++] = v;
  for (let p = 0; p < n; p += MAX_BLOCK_SIZE) {
    const block = data.subarray(p, Math.min(n, p + MAX_BLOCK_SIZE));
    d =
      block.length < MIN_NON_LITERAL_BLOCK_SIZE
        ? emitLiteral(dst, d, block, 0, block.length)
        : encodeBlock(dst, d, block);
  }
  return dst.subarray(0, d);
}

function load32(b: Uint8Array, i: number): number {
  return (
    (b[i] as number) |
    ((b[i + 1] as number) << 8) |
    ((b[i + 2] as number) << 16) |
    ((b[i + 3] as number) << 24)
  );
}

function emitLiteral(dst: Uint8Array, d: number, src: Uint8Array, from: number, to: number): number {
  const len = to - from;
  if (len === 0) return d;
  const n = len - 1;
  if (n < 60) {
    dst[d++] = n << 2;
  } else if (n < 256) {
    dst[d++] = 60 << 2;
    dst[d++] = n;
  } else {
    // Blocks are at most 64 KiB, so two length bytes always suffice.
    dst[d++] = 61 << 2;
    dst[d++] = n & 0xff;
    dst[d++] = n >>> 8;
  }
  if (len < 16) for (let i = 0; i < len; i++) dst[d + i] = src[from + i] as number;
  else dst.set(src.subarray(from, to), d);
  return d + len;
}

function emitCopy(dst: Uint8Array, d: number, offset: number, length: number): number {
  // A 2-byte-offset copy carries at most 64 bytes; leave at least 4 for the last one.
  while (length >= 68) {
    dst[d++] = (63 << 2) | 2;
    dst[d++] = offset & 0xff;
    dst[d++] = offset >>> 8;
    length -= 64;
  }
  if (length > 64) {
    dst[d++] = (59 << 2) | 2;
    dst[d++] = offset & 0xff;
    dst[d++] = offset >>> 8;
    length -= 60;
  }
  if (length >= 12 || offset >= 2048) {
    dst[d++] = ((length - 1) << 2) | 2;
    dst[d++] = offset & 0xff;
    dst[d++] = offset >>> 8;
    return d;
  }
  dst[d++] = ((offset >>> 8) << 5) | ((length - 4) << 2) | 1;
  dst[d++] = offset & 0xff;
  return d;
}

function encodeBlock(dst: Uint8Array, d: number, src: Uint8Array): number {
  const n = src.length;
  let shift = 32 - 8;
  for (let size = 1 << 8; size < 1 << MAX_TABLE_BITS && size < n; size *= 2) shift--;
  table.fill(0, 0, 1 << (32 - shift));
  const sLimit = n - INPUT_MARGIN;
  let nextEmit = 0;
  let s = 1;
  let nextHash = Math.imul(load32(src, s), HASH_MUL) >>> shift;
  outer: for (;;) {
    // Look for a 4-byte match, probing further apart the longer nothing matches.
    let skip = 32;
    let nextS = s;
    let candidate = 0;
    for (;;) {
      s = nextS;
      const step = skip >>> 5;
      nextS = s + step;
      skip += step;
      if (nextS > sLimit) break outer;
      candidate = table[nextHash] as number;
      table[nextHash] = s;
      nextHash = Math.imul(load32(src, nextS), HASH_MUL) >>> shift;
      if (load32(src, s) === load32(src, candidate)) break;
    }
    d = emitLiteral(dst, d, src, nextEmit, s);
    // Emit copies for as long as the byte after a match starts another match.
    for (;;) {
      const base = s;
      s += 4;
      for (let i = candidate + 4; s < n && src[i] === src[s]; i++) s++;
      d = emitCopy(dst, d, base - candidate, s - base);
      nextEmit = s;
      if (s >= sLimit) break outer;
      table[Math.imul(load32(src, s - 1), HASH_MUL) >>> shift] = s - 1;
      const current = load32(src, s);
      const currentHash = Math.imul(current, HASH_MUL) >>> shift;
      candidate = table[currentHash] as number;
      table[currentHash] = s;
      if (current !== load32(src, candidate)) {
        nextHash = Math.imul(load32(src, s + 1), HASH_MUL) >>> shift;
        s++;
        continue outer;
      }
    }
  }
  if (nextEmit < n) d = emitLiteral(dst, d, src, nextEmit, n);
  return d;
}
