// float64 <-> two uint32 halves through one shared scratch, without a DataView call per half.
// A stale marker quieted by V8 (0x7ff8000000000002) is split as Prometheus's exact bits
// (0x7ff0000000000002), so every encoding stores the marker the way Prometheus does.

import { STALE_NAN_HI, STALE_NAN_LO } from '../value.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = littleEndian ? 1 : 0;
const LO = littleEndian ? 0 : 1;

/** High and low 32 bits of the last value passed to `splitFloat`. */
export const split = { hi: 0, lo: 0 };

export function splitFloat(v: number): void {
  f64[0] = v;
  let hi = u32[HI]!;
  const lo = u32[LO]!;
  if (Number.isNaN(v) && lo === STALE_NAN_LO && (hi & 0xfff7ffff) === STALE_NAN_HI) hi = STALE_NAN_HI;
  split.hi = hi;
  split.lo = lo;
}

export function joinFloat(hi: number, lo: number): number {
  u32[HI] = hi;
  u32[LO] = lo;
  return f64[0]!;
}
