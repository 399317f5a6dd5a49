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

import type { BitWriter } from './bstream.js';
import { MAX_WIDTH } from './packed-int-decode.js';

export {
  corrupt,
  MAX_WIDTH,
  readIntSums,
  readInts,
  readIntsUnlessZero,
  skipInts,
} from './packed-int-decode.js';

const TWO32 = 0x1_0000_0000;

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
