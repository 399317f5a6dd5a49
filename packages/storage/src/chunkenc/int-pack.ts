// Patched frame-of-reference packing of a short sequence of integers (|x| < 2^53), the workhorse of
// the sealed encodings: grid residuals, slot gaps and deltas of scaled values all end up here.
//
// Every value is `base + g * y` with y in [0, 2^width) packed in `width` bits, except a few
// outliers (a counter reset, a late scrape) that are listed as patches and packed as 0. The width
// is chosen to minimise the total: `m * width + patches * patchCost`. `g` is the gcd of all
// differences, so page-multiple gauges lose their 12 low zero bits for free.
//
// Stream: varint base | uvarint g | 6 bits width | uvarint patches | patches (uvarint index gap,
// varint y) | m values of `width` bits.

import { CorruptionError } from '../errors.js';
import type { BitReader, BitWriter } from './bstream.js';

const TWO32 = 0x1_0000_0000;
/** Widest packed value: above this a delta is no longer exact in a double anyway. */
export const MAX_WIDTH = 53;

/** Encoding is synchronous and never re-entered, so scratch space is shared between calls. */
let ysScratch = new Float64Array(256);
const hist = new Float64Array(MAX_WIDTH + 2);

export function writeIntStream(w: BitWriter, x: ArrayLike<number>, m: number): void {
  if (m === 0) {
    w.writeVarint(0);
    w.writeUvarint(1);
    w.writeBits(0, 6);
    w.writeUvarint(0);
    return;
  }
  const ref = x[0]!;
  let g = 0;
  for (let i = 1; i < m && g !== 1; i++) g = gcd(g, Math.abs(x[i]! - ref));
  if (g === 0) g = 1;
  if (ysScratch.length < m) ysScratch = new Float64Array(Math.max(m, ysScratch.length * 2));
  const ys = ysScratch;
  // The three smallest values are the base candidates: a counter reset or a late scrape puts one
  // or two outliers below the bulk, which a patch handles better than a wider width.
  let a0 = Infinity;
  let a1 = Infinity;
  let a2 = Infinity;
  for (let i = 0; i < m; i++) {
    const y = (x[i]! - ref) / g;
    ys[i] = y;
    if (y < a2) {
      if (y < a1) {
        a2 = a1;
        if (y < a0) {
          a1 = a0;
          a0 = y;
        } else {
          a1 = y;
        }
      } else {
        a2 = y;
      }
    }
  }
  let bestCost = Infinity;
  let bestWidth = 0;
  let bestLo = a0;
  for (let c = 0; c < 3; c++) {
    const lo = c === 0 ? a0 : c === 1 ? a1 : a2;
    if (lo === Infinity || (c === 1 && a1 === a0) || (c === 2 && a2 === a1)) continue;
    hist.fill(0);
    let belowCost = 0;
    let top = 0;
    for (let i = 0; i < m; i++) {
      const y = ys[i]!;
      if (y < lo) {
        belowCost += patchBits(bitWidth(lo - y) + 1);
      } else {
        const b = bitWidth(y - lo);
        hist[b]!++;
        if (b > top) top = b;
      }
    }
    // cost(width) = m * width + patches above width + patches below lo.
    let above = 0;
    for (let width = Math.min(top, MAX_WIDTH); width >= 0; width--) {
      const cost = m * width + above + belowCost;
      if (cost < bestCost) {
        bestCost = cost;
        bestWidth = width;
        bestLo = lo;
      }
      above += hist[width]! * patchBits(width + 1);
    }
  }
  const span = 2 ** bestWidth;
  w.writeVarint(ref + bestLo * g);
  w.writeUvarint(g);
  w.writeBits(bestWidth, 6);
  let patches = 0;
  for (let i = 0; i < m; i++) if (ys[i]! - bestLo >= span || ys[i]! < bestLo) patches++;
  w.writeUvarint(patches);
  let last = 0;
  for (let i = 0; i < m; i++) {
    const y = ys[i]! - bestLo;
    if (y >= span || y < 0) {
      w.writeUvarint(i - last);
      w.writeVarint(y);
      last = i;
    }
  }
  for (let i = 0; i < m; i++) {
    const y = ys[i]! - bestLo;
    const packed = y >= span || y < 0 ? 0 : y;
    if (bestWidth <= 32) {
      w.writeBits(packed, bestWidth);
    } else {
      const hi = Math.floor(packed / TWO32);
      w.writeBits(hi, bestWidth - 32);
      w.writeBits(packed - hi * TWO32, 32);
    }
  }
}

/**
 * Reads `m` values x[i] as out[at + i] = offset + slope * i + x[i] (grid timestamps fold the
 * grid in while unpacking). Throws CorruptionError on a malformed header or short input.
 */
export function readInts(r: BitReader, out: Float64Array, m: number, offset = 0, slope = 0, at = 0): void {
  unpack(r, out, m, false, offset, slope, at, false);
}

/** Like readInts, but returns true without writing `out` when every value is 0 (no missed scrapes). */
export function readIntsUnlessZero(r: BitReader, out: Float64Array, m: number): boolean {
  return unpack(r, out, m, false, 0, 0, 0, true);
}

/** Reads `m` values x[i] as running sums: out[at + i] = (start + x[0] + ... + x[i]) / divisor. */
export function readIntSums(
  r: BitReader,
  out: Float64Array,
  m: number,
  start: number,
  divisor: number,
  at = 0,
): void {
  unpack(r, out, m, true, start, divisor, at, false);
}

function unpack(
  r: BitReader,
  out: Float64Array,
  m: number,
  sums: boolean,
  a: number,
  b: number,
  at: number,
  zeroProbe: boolean,
): boolean {
  const base = r.readVarint();
  const g = r.readUvarint();
  const width = r.readBits(6);
  const patches = r.readUvarint();
  if (r.overrun || width > MAX_WIDTH || g === 0 || patches > m) corrupt(r, 'bad packed-integer header');
  const patchStart = r.pos;
  for (let p = 0, idx = 0; p < patches; p++) {
    idx += r.readUvarint();
    r.readVarint();
    if (idx >= m || r.overrun) corrupt(r, 'bad patch list');
  }
  if (r.pos + m * width > r.bitLen) corrupt(r, 'truncated packed integers');
  if (zeroProbe && width === 0 && patches === 0 && base === 0) return true;
  // With patches, unpack plainly, patch, then combine; without, combine while unpacking.
  const fused = patches === 0;
  const sumsFused = fused && sums;
  const c0 = fused && !sums ? a + base : base;
  const c1 = fused && !sums ? b : 0;
  let acc = a;
  if (width === 0) {
    if (sumsFused) {
      for (let i = 0; i < m; i++) out[at + i] = (acc += base) / b;
    } else {
      for (let i = 0; i < m; i++) out[at + i] = c0 + c1 * i;
    }
  } else if (width <= 25) {
    // A 4-byte window starting at the value's first byte holds 7 + 25 bits: one load per value.
    const buf = r.buf;
    const safeEnd = (buf.length - 4) * 8;
    const shift = 32 - width;
    let pos = r.pos;
    let i = 0;
    if (sumsFused) {
      for (; i < m && pos <= safeEnd; i++) {
        const k = pos >>> 3;
        const word = (buf[k]! << 24) | (buf[k + 1]! << 16) | (buf[k + 2]! << 8) | buf[k + 3]!;
        acc += base + g * ((word << (pos & 7)) >>> shift);
        out[at + i] = acc / b;
        pos += width;
      }
    } else {
      for (; i < m && pos <= safeEnd; i++) {
        const k = pos >>> 3;
        const word = (buf[k]! << 24) | (buf[k + 1]! << 16) | (buf[k + 2]! << 8) | buf[k + 3]!;
        out[at + i] = c0 + c1 * i + g * ((word << (pos & 7)) >>> shift);
        pos += width;
      }
    }
    r.pos = pos;
    for (; i < m; i++) {
      const x = base + g * r.readBits(width);
      if (sumsFused) out[at + i] = (acc += x) / b;
      else out[at + i] = c0 - base + c1 * i + x;
    }
  } else {
    for (let i = 0; i < m; i++) {
      const hi = width > 32 ? r.readBits(width - 32) : 0;
      const x = base + g * (hi * TWO32 + r.readBits(Math.min(width, 32)));
      if (sumsFused) out[at + i] = (acc += x) / b;
      else out[at + i] = c0 - base + c1 * i + x;
    }
  }
  if (r.overrun) corrupt(r, 'truncated packed integers');
  if (fused) return false;
  const end = r.pos;
  r.pos = patchStart;
  for (let p = 0, idx = 0; p < patches; p++) {
    idx += r.readUvarint();
    out[at + idx] = base + g * r.readVarint();
  }
  r.pos = end;
  if (sums) {
    for (let i = 0; i < m; i++) out[at + i] = (acc += out[at + i]!) / b;
  } else if (a !== 0 || b !== 0) {
    for (let i = 0; i < m; i++) out[at + i] = a + b * i + out[at + i]!;
  }
  return false;
}

export function corrupt(r: BitReader, what: string): never {
  throw new CorruptionError('<packed chunk>', r.pos >>> 3, what);
}

function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Bits needed for a non-negative integer (0 for 0). */
export function bitWidth(v: number): number {
  if (v < TWO32) return 32 - Math.clz32(v);
  return 32 + (32 - Math.clz32(Math.floor(v / TWO32)));
}

/** A patch: the index gap (almost always one byte) and a zigzag varint of `bits` bits. */
function patchBits(bits: number): number {
  return 8 + 8 * Math.ceil(bits / 7);
}
