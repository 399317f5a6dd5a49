// Value section of a packed chunk; the encoder writes every applicable kind and keeps the smallest.
//   CONST     one value repeated (up, info series, build metadata): 64 bits for the whole chunk.
//   DECIMAL   every value is n/10^k for one k (counters: k = 0; 0.1 °C steps: k = 1; seconds with
//             6 or 9 decimals): deltas (or deltas of deltas) of n through the patched packer.
//             Dividing an integer n < 2^53 by 10^k (k <= 22, exact in a double) is correctly
//             rounded, so it gives back exactly the parsed decimal; each value is still checked
//             with Object.is when encoding, and values that fail (NaN, ±Inf, -0, stale markers,
//             17-digit noise) are stored raw as exceptions.
//   FLOATBITS deltas of the IEEE bit patterns read as integers: a slowly growing float sum changes
//             only its low mantissa bits, which packs tighter than XOR's leading/trailing window.
//   XOR       Gorilla's XOR coding, the fallback for noisy floats.
// Section: u8 kind, then the kind's fields (docs/format/chunk-encodings.md); decoding is in
// packed-values-decode.ts.

import type { BitWriter } from './bstream.js';
import { split, splitFloat } from './float-bits.js';
import { writeIntStream } from './int-pack.js';
import { Scratch } from './scratch.js';
import { NO_WINDOW, writeXorValue, type XorValueState } from './xor-values.js';

export const ValueKind = { CONST: 0, DECIMAL: 1, FLOATBITS: 2, XOR: 3 } as const;

export const TWO32 = 0x1_0000_0000;
export const MAX_SCALE = 22;
/** |n| and |delta| stay below this so deltas, and their differences in the packer, are exact. */
const MAX_SCALED = 2 ** 51;
export const POW10: readonly number[] = Array.from({ length: MAX_SCALE + 1 }, (_, k) => 10 ** k);

/** Writers 0..1 hold the best and the trial encoding; they swap when a trial wins. */
const scratch = new Scratch();

/** Pins the value codec (tests exercise every codec on every case); normally the smallest wins. */
export interface ValueCodecChoice {
  readonly kind: number;
  readonly decimalOrder?: 1 | 2;
}

export function encodeValues(
  vs: ArrayLike<number>,
  start: number,
  end: number,
  force?: ValueCodecChoice,
): Uint8Array {
  const n = end - start;
  const hi = scratch.u32(0, n);
  const lo = scratch.u32(1, n);
  let constant = true;
  for (let i = 0; i < n; i++) {
    splitFloat(vs[start + i]!);
    hi[i] = split.hi;
    lo[i] = split.lo;
    if (split.hi !== hi[0] || split.lo !== lo[0]) constant = false;
  }
  let best = scratch.writer(0);
  if (force !== undefined) {
    if (!writeForced(best, force, vs, start, n, hi, lo, constant))
      throw new Error(`value codec ${force.kind} does not apply`);
    return best.toBytes();
  }
  if (constant) {
    writeConst(best, hi, lo);
    return best.toBytes();
  }
  writeXor(best, hi, lo, n);
  let trial = scratch.writer(1);
  writeFloatBits(trial, hi, lo, n);
  if (trial.bitLen < best.bitLen) [best, trial] = [trial, best];
  const scales = decimalScales(vs, start, n, best.bitLen);
  if (scales !== undefined) {
    for (const k of scales.candidates) {
      trial.reset();
      if (writeDecimal(trial, vs, start, n, hi, lo, scales.perValue, k, 1) && trial.bitLen < best.bitLen) {
        [best, trial] = [trial, best];
      }
      // Deltas of deltas only pay for smooth trends, whose deltas need several bits each;
      // scrape data rarely has them, so they are tried only then.
      if (best.bitLen > n * 6) {
        trial.reset();
        if (writeDecimal(trial, vs, start, n, hi, lo, scales.perValue, k, 2) && trial.bitLen < best.bitLen) {
          [best, trial] = [trial, best];
        }
      }
    }
  }
  return best.toBytes();
}

function writeForced(
  w: BitWriter,
  force: ValueCodecChoice,
  vs: ArrayLike<number>,
  start: number,
  n: number,
  hi: Uint32Array,
  lo: Uint32Array,
  constant: boolean,
): boolean {
  switch (force.kind) {
    case ValueKind.CONST:
      if (constant) writeConst(w, hi, lo);
      return constant;
    case ValueKind.XOR:
      writeXor(w, hi, lo, n);
      return true;
    case ValueKind.FLOATBITS:
      writeFloatBits(w, hi, lo, n);
      return true;
    case ValueKind.DECIMAL: {
      const scales = decimalScales(vs, start, n, Infinity)!;
      return writeDecimal(
        w,
        vs,
        start,
        n,
        hi,
        lo,
        scales.perValue,
        scales.candidates[0]!,
        force.decimalOrder ?? 1,
      );
    }
    default:
      return false;
  }
}

function writeConst(w: BitWriter, hi: Uint32Array, lo: Uint32Array): void {
  w.writeBits(ValueKind.CONST, 8);
  w.writeBits(hi[0]!, 32);
  w.writeBits(lo[0]!, 32);
}

function writeXor(w: BitWriter, hi: Uint32Array, lo: Uint32Array, n: number): void {
  w.writeBits(ValueKind.XOR, 8);
  w.writeBits(hi[0]!, 32);
  w.writeBits(lo[0]!, 32);
  const s: XorValueState = { lastHi: hi[0]!, lastLo: lo[0]!, leading: NO_WINDOW, trailing: 0 };
  for (let i = 1; i < n; i++) writeXorValue(w, s, hi[i]!, lo[i]!);
}

function writeFloatBits(w: BitWriter, hi: Uint32Array, lo: Uint32Array, n: number): void {
  const x = scratch.f64(0, n);
  const raw: number[] = [];
  let m = 0;
  for (let i = 1; i < n; i++) {
    const dx = (hi[i]! - hi[i - 1]!) * TWO32 + (lo[i]! - lo[i - 1]!);
    if (Math.abs(dx) < MAX_SCALED) x[m++] = dx;
    else raw.push(i);
  }
  w.writeBits(ValueKind.FLOATBITS, 8);
  w.writeBits(hi[0]!, 32);
  w.writeBits(lo[0]!, 32);
  writeRaw(w, raw, hi, lo);
  writeIntStream(w, x, m);
}

/** The smallest k with n/10^k === v (|n| < 2^51), searching from `hint`; -1 when there is none. */
function decimalScale(v: number, hint: number): number {
  if (!(Math.abs(v) < MAX_SCALED) || Object.is(v, -0)) return -1;
  let k = hint;
  if (fits(v, k)) {
    while (k > 0 && fits(v, k - 1)) k--;
    return k;
  }
  for (k = hint + 1; k <= MAX_SCALE; k++) if (fits(v, k)) return k;
  return -1;
}

function fits(v: number, k: number): boolean {
  const p = POW10[k]!;
  const n = Math.round(v * p);
  return Math.abs(n) < MAX_SCALED && n / p === v;
}

/**
 * Each value's decimal scale (-1: none) and the scales worth trying: the largest, and the one that
 * covers nine in ten values (one value with many decimals would otherwise push every other n past
 * 2^51). Undefined when so many values have no scale that their raw exceptions alone exceed
 * `budgetBits`.
 */
function decimalScales(
  vs: ArrayLike<number>,
  start: number,
  n: number,
  budgetBits: number,
): { perValue: Int8Array; candidates: number[] } | undefined {
  if (perValue.length < n) perValue = new Int8Array(Math.max(n, perValue.length * 2));
  const counts = new Int32Array(MAX_SCALE + 1);
  let misses = 0;
  let hint = 0;
  let maxScale = 0;
  for (let i = 0; i < n; i++) {
    const k = decimalScale(vs[start + i]!, hint);
    perValue[i] = k;
    if (k < 0) {
      if (++misses * 72 >= budgetBits) return undefined;
    } else {
      hint = k;
      counts[k]!++;
      if (k > maxScale) maxScale = k;
    }
  }
  let p90 = 0;
  for (let acc = 0; p90 <= MAX_SCALE; p90++) {
    acc += counts[p90]!;
    if (acc * 10 >= (n - misses) * 9) break;
  }
  return { perValue, candidates: p90 < maxScale ? [maxScale, p90] : [maxScale] };
}
let perValue = new Int8Array(256);

function writeDecimal(
  w: BitWriter,
  vs: ArrayLike<number>,
  start: number,
  n: number,
  hi: Uint32Array,
  lo: Uint32Array,
  scales: Int8Array,
  k: number,
  order: number,
): boolean {
  const p = POW10[k]!;
  const x = scratch.f64(0, n);
  const raw: number[] = [];
  let m = 0;
  let prev = 0;
  let prevDelta = 0;
  for (let i = 0; i < n; i++) {
    const v = vs[start + i]!;
    const s = scales[i]!;
    const scaled = s >= 0 && s <= k ? Math.round(v * p) : NaN;
    if (!(Math.abs(scaled) < MAX_SCALED) || scaled / p !== v) {
      raw.push(i);
      continue;
    }
    const delta = scaled - prev;
    const xi = order === 1 ? delta : delta - prevDelta;
    if (!(Math.abs(xi) < MAX_SCALED)) return false;
    x[m++] = xi;
    prev = scaled;
    prevDelta = delta;
  }
  w.writeBits(ValueKind.DECIMAL, 8);
  w.writeBits((k << 1) | (order - 1), 6);
  writeRaw(w, raw, hi, lo);
  writeIntStream(w, x, m);
  return true;
}

/** Raw exceptions: uvarint count, then per entry uvarint index gap and the 64 value bits. */
function writeRaw(w: BitWriter, raw: readonly number[], hi: Uint32Array, lo: Uint32Array): void {
  w.writeUvarint(raw.length);
  let last = 0;
  for (const i of raw) {
    w.writeUvarint(i - last);
    w.writeBits(hi[i]!, 32);
    w.writeBits(lo[i]!, 32);
    last = i;
  }
}
