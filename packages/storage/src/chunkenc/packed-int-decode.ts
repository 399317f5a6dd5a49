// Decoding of the patched frame-of-reference integer streams written by int-pack.ts (the stream
// layout is described there). This is the inner loop of every sealed-chunk read, so it reads each
// value with one or two word loads, folds the caller's transform (grid, running sum) into the same
// pass, and substitutes patches inline instead of unpacking, patching and transforming in three.

import { CorruptionError } from '../errors.js';
import type { BitReader } from './bstream.js';

const TWO32 = 0x1_0000_0000;
/** Widest packed value: above this a delta is no longer exact in a double anyway. */
export const MAX_WIDTH = 53;

// The header of the stream being decoded. Decoding is synchronous and never re-entered, so these
// live at module level instead of in an object allocated per stream.
let base = 0;
let g = 1;
let width = 0;
let patches = 0;
let patchIdx = new Int32Array(64);
let patchY = new Float64Array(64);

/**
 * Reads `m` values x[i] as out[at + i] = offset + slope * i + x[i] (grid timestamps fold the
 * grid in while unpacking). Throws CorruptionError on a malformed header or short input.
 */
export function readInts(r: BitReader, out: Float64Array, m: number, offset = 0, slope = 0, at = 0): void {
  readHeader(r, m);
  unpackAffine(r, out, m, offset, slope, at);
}

/** Like readInts, but returns true without writing `out` when every value is 0 (no missed scrapes). */
export function readIntsUnlessZero(r: BitReader, out: Float64Array, m: number): boolean {
  readHeader(r, m);
  if (width === 0 && patches === 0 && base === 0) return true;
  unpackAffine(r, out, m, 0, 0, 0);
  return false;
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
  readHeader(r, m);
  unpackSums(r, out, m, start, divisor, at);
}

/** Skips a stream of `m` values without decoding it (the packed values are not looked at). */
export function skipInts(r: BitReader, m: number): void {
  readHeader(r, m);
  r.pos += m * width;
}

export function corrupt(r: BitReader, what: string): never {
  throw new CorruptionError('<packed chunk>', r.pos >>> 3, what);
}

/** Reads the header and the patch list; leaves `r` at the first packed value. */
function readHeader(r: BitReader, m: number): void {
  base = r.readVarint();
  g = r.readUvarint();
  width = r.readBits(6);
  patches = r.readUvarint();
  if (r.overrun || width > MAX_WIDTH || g === 0 || patches > m) corrupt(r, 'bad packed-integer header');
  if (patchIdx.length < patches) {
    patchIdx = new Int32Array(Math.max(patches, patchIdx.length * 2));
    patchY = new Float64Array(patchIdx.length);
  }
  for (let p = 0, idx = 0; p < patches; p++) {
    idx += r.readUvarint();
    patchY[p] = r.readVarint();
    if (idx >= m || r.overrun) corrupt(r, 'bad patch list');
    patchIdx[p] = idx;
  }
  if (r.pos + m * width > r.bitLen) corrupt(r, 'truncated packed integers');
}

/**
 * The `width`-bit value at bit `pos` of `buf`, width <= 53. Needs 8 readable bytes from pos / 8;
 * the loops below stop short of the end and finish with `slowBits`.
 */
function bitsAt(dv: DataView, pos: number, w: number): number {
  const off = pos & 7;
  const word = dv.getUint32(pos >>> 3);
  if (w <= 25) return (word << off) >>> (32 - w);
  if (w <= 32) return ((word << off) | (dv.getUint8((pos >>> 3) + 4) >>> (8 - off))) >>> (32 - w);
  const hi = (word << off) >>> (64 - w);
  const q = pos + w - 32;
  const o = q & 7;
  const lo = ((dv.getUint32(q >>> 3) << o) | (dv.getUint8((q >>> 3) + 4) >>> (8 - o))) >>> 0;
  return hi * TWO32 + lo;
}

/** A DataView over the buffer being decoded: one big-endian load per value; kept for the next stream. */
let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(8));
let viewOf: Uint8Array | undefined;

/** A DataView of `buf`, the same one while the decoders stay on one buffer (a chunks-file page). */
export function viewFor(buf: Uint8Array): DataView {
  if (buf !== viewOf) {
    view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    viewOf = buf;
  }
  return view;
}

/** Same as bitsAt through the bounds-checked reader (the last few values of a buffer). */
function slowBits(r: BitReader, w: number): number {
  if (w <= 32) return r.readBits(w);
  const hi = r.readBits(w - 32);
  return hi * TWO32 + r.readBits(32);
}

/**
 * How many of the `m` values starting at bit `pos` can be read with word loads (bitsAt) without
 * running past `buf`; the rest go through the bounds-checked reader.
 */
function fastCount(buf: Uint8Array, pos: number, w: number, m: number): number {
  if (w === 0) return m;
  const last = w <= 25 ? (buf.length - 4) * 8 + 7 : buf.length * 8 - 64;
  return Math.max(0, Math.min(m, Math.floor((last - pos) / w) + 1));
}

/** The patched value at patch `p` (the last of several patches at one index wins); advances `nextP`. */
function takePatch(p: number, idx: number): number {
  let y = patchY[p]!;
  let q = p + 1;
  while (q < patches && patchIdx[q] === idx) y = patchY[q++]!;
  nextP = q;
  return y;
}
let nextP = 0;

// Each stream is decoded as runs of packed values between patches: the runs are tight loops with
// one load per value, and each patch is applied between two runs.

function unpackAffine(r: BitReader, out: Float64Array, m: number, a: number, b: number, at: number): void {
  const w = width;
  const c0 = a + base;
  const r0 = r.pos;
  const fast = fastCount(r.buf, r0, w, m);
  let i = 0;
  for (let p = 0; ; ) {
    const stop = p < patches ? patchIdx[p]! : m;
    affineRun(r, out, at, i, stop, fast, c0, b, g, w, r0);
    if (p >= patches) break;
    out[at + stop] = c0 + b * stop + g * takePatch(p, stop);
    p = nextP;
    i = stop + 1;
  }
  r.pos = r0 + m * w;
  if (r.overrun) corrupt(r, 'truncated packed integers');
}

/** out[at + i] = c0 + b * i + g * y[i] for i in [from, to). */
function affineRun(
  r: BitReader,
  out: Float64Array,
  at: number,
  from: number,
  to: number,
  fast: number,
  c0: number,
  b: number,
  g: number,
  w: number,
  r0: number,
): void {
  const dv = viewFor(r.buf);
  const mid = Math.min(to, fast);
  let pos = r0 + from * w;
  let t = c0 + b * from;
  let i = from;
  if (w === 0) {
    for (; i < to; i++, t += b) out[at + i] = t;
    return;
  }
  if (w <= 25) {
    const shift = 32 - w;
    for (; i < mid; i++, t += b, pos += w)
      out[at + i] = t + g * ((dv.getUint32(pos >>> 3) << (pos & 7)) >>> shift);
  } else {
    for (; i < mid; i++, t += b, pos += w) out[at + i] = t + g * bitsAt(dv, pos, w);
  }
  if (i < to) {
    r.pos = pos;
    for (; i < to; i++, t += b) out[at + i] = t + g * slowBits(r, w);
  }
}

function unpackSums(r: BitReader, out: Float64Array, m: number, start: number, d: number, at: number): void {
  const w = width;
  const r0 = r.pos;
  const fast = fastCount(r.buf, r0, w, m);
  let acc = start;
  let i = 0;
  for (let p = 0; ; ) {
    const stop = p < patches ? patchIdx[p]! : m;
    acc = sumsRun(r, out, at, i, stop, fast, acc, base, g, d, w, r0);
    if (p >= patches) break;
    acc += base + g * takePatch(p, stop);
    out[at + stop] = acc / d;
    p = nextP;
    i = stop + 1;
  }
  r.pos = r0 + m * w;
  if (r.overrun) corrupt(r, 'truncated packed integers');
}

/** out[at + i] = (acc += c + g * y[i]) / d for i in [from, to); returns acc. */
function sumsRun(
  r: BitReader,
  out: Float64Array,
  at: number,
  from: number,
  to: number,
  fast: number,
  acc: number,
  c: number,
  g: number,
  d: number,
  w: number,
  r0: number,
): number {
  const dv = viewFor(r.buf);
  const mid = Math.min(to, fast);
  let pos = r0 + from * w;
  let i = from;
  if (w === 0) {
    for (; i < to; i++) out[at + i] = (acc += c) / d;
    return acc;
  }
  if (w <= 25) {
    const shift = 32 - w;
    for (; i < mid; i++, pos += w) {
      acc += c + g * ((dv.getUint32(pos >>> 3) << (pos & 7)) >>> shift);
      out[at + i] = acc / d;
    }
  } else {
    for (; i < mid; i++, pos += w) {
      acc += c + g * bitsAt(dv, pos, w);
      out[at + i] = acc / d;
    }
  }
  if (i < to) {
    r.pos = pos;
    for (; i < to; i++) out[at + i] = (acc += c + g * slowBits(r, w)) / d;
  }
  return acc;
}
