// Decoding of a packed chunk's value section (the kinds are described in packed-values.ts).

import type { BitReader } from './bstream.js';
import { joinFloat } from './float-bits.js';
import { corrupt, readIntSums, readInts } from './int-pack.js';
import { MAX_SCALE, POW10, TWO32, ValueKind } from './packed-values.js';
import { NO_WINDOW, readXorValue, type XorValueState } from './xor-values.js';

/**
 * Reads the raw exceptions into `out` and `rawScratch` as [index, hi, lo] triples (indexes strictly
 * ascending, checked), which the caller skips when expanding the packed chain; returns their count.
 */
function readRaw(r: BitReader, out: Float64Array, n: number, first: number): number {
  const count = r.readUvarint();
  if (r.overrun || count > n) corrupt(r, 'bad exception count');
  if (rawScratch.length < count * 3) rawScratch = new Float64Array(count * 3);
  const raw = rawScratch;
  let last = first - 1;
  for (let e = 0, i = 0; e < count; e++) {
    i += r.readUvarint();
    if (r.overrun || i <= last || i >= n) corrupt(r, 'bad exception index');
    const hi = r.readBits(32);
    const lo = r.readBits(32);
    out[i] = joinFloat(hi, lo);
    raw[e * 3] = i;
    raw[e * 3 + 1] = hi;
    raw[e * 3 + 2] = lo;
    last = i;
  }
  return count;
}

/** Decoding is synchronous and never re-entered, so one array holds any chunk's exceptions. */
let rawScratch = new Float64Array(48);

/** Decodes `n` values into `out`, using `scratch` (length >= n) for packed integers. */
export function decodeValues(r: BitReader, out: Float64Array, scratch: Float64Array, n: number): void {
  const kind = r.readBits(8);
  switch (kind) {
    case ValueKind.CONST:
      out.fill(joinFloat(r.readBits(32), r.readBits(32)), 0, n);
      break;
    case ValueKind.DECIMAL:
      decodeDecimal(r, out, scratch, n);
      break;
    case ValueKind.FLOATBITS:
      decodeFloatBits(r, out, scratch, n);
      break;
    case ValueKind.XOR: {
      const s: XorValueState = {
        lastHi: r.readBits(32),
        lastLo: r.readBits(32),
        leading: NO_WINDOW,
        trailing: 0,
      };
      out[0] = joinFloat(s.lastHi, s.lastLo);
      for (let i = 1; i < n && !r.overrun; i++) {
        readXorValue(r, s);
        out[i] = joinFloat(s.lastHi, s.lastLo);
      }
      break;
    }
    default:
      corrupt(r, `unknown value kind ${kind}`);
  }
  if (r.overrun) corrupt(r, 'truncated values');
}

function decodeDecimal(r: BitReader, out: Float64Array, scratch: Float64Array, n: number): void {
  const header = r.readBits(6);
  const k = header >>> 1;
  if (k > MAX_SCALE) corrupt(r, `decimal scale ${k} out of range`);
  const p = POW10[k]!;
  const rawCount = readRaw(r, out, n, 0);
  const raw = rawScratch;
  if (rawCount === 0 && (header & 1) === 0) {
    // The common case (a counter, a gauge of whole numbers): running sums, divided as they go.
    readIntSums(r, out, n, 0, p);
    return;
  }
  readInts(r, scratch, n - rawCount);
  let prev = 0;
  let delta = 0;
  let e = 0;
  let j = 0;
  let skip = rawCount > 0 ? raw[0]! : n;
  for (let i = 0; i < n; i++) {
    if (i === skip) {
      skip = ++e < rawCount ? raw[e * 3]! : n;
      continue;
    }
    if ((header & 1) === 0) {
      prev += scratch[j++]!;
    } else {
      delta += scratch[j++]!;
      prev += delta;
    }
    out[i] = prev / p;
  }
}

function decodeFloatBits(r: BitReader, out: Float64Array, scratch: Float64Array, n: number): void {
  let hi = r.readBits(32);
  let lo = r.readBits(32);
  out[0] = joinFloat(hi, lo);
  const rawCount = readRaw(r, out, n, 1);
  const raw = rawScratch;
  readInts(r, scratch, n - 1 - rawCount);
  // The bit patterns go straight into the output's memory: no float conversion per value.
  const bits = new Uint32Array(out.buffer, out.byteOffset, n * 2);
  let e = 0;
  let j = 0;
  let skip = rawCount > 0 ? raw[0]! : n;
  for (let i = 1; i < n; i++) {
    if (i === skip) {
      // A raw value restarts the chain: the next delta is taken from its bits.
      hi = raw[e * 3 + 1]!;
      lo = raw[e * 3 + 2]!;
      skip = ++e < rawCount ? raw[e * 3]! : n;
      continue;
    }
    // dx = dhi * 2^32 + dlo with 0 <= dlo < 2^32; the carry out of lo is floor(sum / 2^32). Scaling
    // by 2^-32 is exact and, with floor, branch-free (the carry is a coin toss for noisy floats);
    // measured faster here than int32 halves with a compare for the carry.
    const dx = scratch[j++]!;
    const dhi = Math.floor(dx * INV_TWO32);
    const sum = lo + (dx - dhi * TWO32);
    const carry = Math.floor(sum * INV_TWO32);
    lo = sum - carry * TWO32;
    hi = (hi + dhi + carry) >>> 0;
    bits[2 * i + HI] = hi;
    bits[2 * i + LO] = lo;
  }
}

const INV_TWO32 = 1 / TWO32;
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = littleEndian ? 1 : 0;
const LO = littleEndian ? 0 : 1;
