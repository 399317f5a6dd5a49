// Gorilla's XOR float coding, shared by the XOR chunk and the packed chunk's XOR value section.
// Each value is XORed with its predecessor: '0' for an unchanged value; '10' + the significant bits
// when they fit the previous leading/trailing-zero window; '11' + 5 bits leading zeros + 6 bits
// significant-bit count (64 written as 0) + the significant bits otherwise.

import type { BitReader, BitWriter } from './bstream.js';

/** "No window yet": larger than any real leading-zero count, so the first XOR opens a window. */
export const NO_WINDOW = 0xff;

/** The previous value's bits and the current window; the XOR chunk and its iterator carry these. */
export interface XorValueState {
  lastHi: number;
  lastLo: number;
  leading: number;
  trailing: number;
}

export function writeXorValue(w: BitWriter, s: XorValueState, hi: number, lo: number): void {
  const xhi = (hi ^ s.lastHi) >>> 0;
  const xlo = (lo ^ s.lastLo) >>> 0;
  s.lastHi = hi;
  s.lastLo = lo;
  if (xhi === 0 && xlo === 0) {
    w.writeBit(0);
    return;
  }
  let leading = xhi !== 0 ? Math.clz32(xhi) : 32 + Math.clz32(xlo);
  const trailing = xlo !== 0 ? ctz32(xlo) : 32 + ctz32(xhi);
  // The leading count has 5 bits on the wire.
  if (leading > 31) leading = 31;
  if (s.leading !== NO_WINDOW && leading >= s.leading && trailing >= s.trailing) {
    w.writeBits(0b10, 2);
    writeShifted(w, xhi, xlo, s.trailing, 64 - s.leading - s.trailing);
    return;
  }
  s.leading = leading;
  s.trailing = trailing;
  const sig = 64 - leading - trailing;
  // 64 significant bits go as 0: six bits hold 0..63 and a non-zero XOR has at least one.
  w.writeBits((0b11 << 11) | (leading << 6) | (sig & 63), 13);
  writeShifted(w, xhi, xlo, trailing, sig);
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

/** Writes `sig` bits of the 64-bit hi:lo shifted right by `trailing`. */
function writeShifted(w: BitWriter, hi: number, lo: number, trailing: number, sig: number): void {
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
  w.writeBits64(shi, slo, sig);
}

function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}
