// Gorilla's XOR float coding, shared by the XOR chunk and the packed chunk's XOR value section.
// Each value is XORed with its predecessor: '0' for an unchanged value; '10' + the significant bits
// when they fit the previous leading/trailing-zero window; '11' + 5 bits leading zeros + 6 bits
// significant-bit count (64 written as 0) + the significant bits otherwise.

import { type BitReader, type BitWriter, putBits } from './bstream.js';

/** "No window yet": larger than any real leading-zero count, so the first XOR opens a window. */
export const NO_WINDOW = 0xff;

/** The previous value's bits and the current window; the XOR chunk and its iterator carry these. */
export interface XorValueState {
  lastHi: number;
  lastLo: number;
  leading: number;
  trailing: number;
}

/** Most bits one value takes: '11', 5 + 6 bits of window, 64 significant bits. */
export const MAX_XOR_VALUE_BITS = 77;

export function writeXorValue(w: BitWriter, s: XorValueState, hi: number, lo: number): void {
  w.reserve(MAX_XOR_VALUE_BITS);
  w.bitLen = putXorValue(w.buf, w.bitLen, s, hi, lo);
}

/** writeXorValue at bit `p` of `buf` with room made by the caller (bstream's putBits rules). */
export function putXorValue(buf: Uint8Array, p: number, s: XorValueState, hi: number, lo: number): number {
  const xhi = (hi ^ s.lastHi) >>> 0;
  const xlo = (lo ^ s.lastLo) >>> 0;
  s.lastHi = hi;
  s.lastLo = lo;
  if (xhi === 0 && xlo === 0) return p + 1;
  let leading = xhi !== 0 ? Math.clz32(xhi) : 32 + Math.clz32(xlo);
  const trailing = xlo !== 0 ? ctz32(xlo) : 32 + ctz32(xhi);
  // The leading count has 5 bits on the wire.
  if (leading > 31) leading = 31;
  if (s.leading !== NO_WINDOW && leading >= s.leading && trailing >= s.trailing) {
    p = putBits(buf, p, 0b10, 2);
    return putShifted(buf, p, xhi, xlo, s.trailing, 64 - s.leading - s.trailing);
  }
  s.leading = leading;
  s.trailing = trailing;
  const sig = 64 - leading - trailing;
  // 64 significant bits go as 0: six bits hold 0..63 and a non-zero XOR has at least one.
  p = putBits(buf, p, (0b11 << 11) | (leading << 6) | (sig & 63), 13);
  return putShifted(buf, p, xhi, xlo, trailing, sig);
}

/** Applies one XOR record to `s.lastHi/lastLo`; on a malformed record sets `r.overrun`. */
export function readXorValue(r: BitReader, s: XorValueState): void {
  if (r.readBit() === 0) return;
  let sig: number;
  if (r.readBit() === 0) {
    if (s.leading === NO_WINDOW) {
      r.overrun = true;
      return;
    }
    sig = 64 - s.leading - s.trailing;
  } else {
    const header = r.readBits(11);
    const leading = header >>> 6;
    sig = header & 63;
    if (sig === 0) sig = 64;
    if (leading + sig > 64) {
      r.overrun = true;
      return;
    }
    s.leading = leading;
    s.trailing = 64 - leading - sig;
  }
  const trailing = s.trailing;
  let bhi = 0;
  let blo: number;
  if (sig > 32) {
    bhi = r.readBits(sig - 32);
    blo = r.readBits(32);
  } else {
    blo = r.readBits(sig);
  }
  if (trailing === 0) {
    s.lastHi = (s.lastHi ^ bhi) >>> 0;
    s.lastLo = (s.lastLo ^ blo) >>> 0;
  } else if (trailing >= 32) {
    s.lastHi = (s.lastHi ^ (blo << (trailing - 32))) >>> 0;
  } else {
    s.lastHi = (s.lastHi ^ ((bhi << trailing) | (blo >>> (32 - trailing)))) >>> 0;
    s.lastLo = (s.lastLo ^ (blo << trailing)) >>> 0;
  }
}

/** Puts `sig` bits of the 64-bit hi:lo shifted right by `trailing`. */
function putShifted(
  buf: Uint8Array,
  p: number,
  hi: number,
  lo: number,
  trailing: number,
  sig: number,
): number {
  let shi: number;
  let slo: number;
  if (trailing === 0) {
    shi = hi;
    slo = lo;
  } else if (trailing >= 32) {
    shi = 0;
    slo = hi >>> (trailing - 32);
  } else {
    shi = hi >>> trailing;
    slo = ((lo >>> trailing) | (hi << (32 - trailing))) >>> 0;
  }
  if (sig > 32) {
    p = putBits(buf, p, (shi & (sig === 64 ? -1 : (1 << (sig - 32)) - 1)) >>> 0, sig - 32);
    return putBits(buf, p, slo, 32);
  }
  return putBits(buf, p, sig === 32 ? slo : slo & ((1 << sig) - 1), sig);
}

function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}
