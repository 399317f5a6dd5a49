// Timestamp section of a packed chunk. Scrapes land on a grid t0 + k*step with a little jitter, so
// GRID stores the slot gaps (almost all 0) and the residuals from the grid (0 bits without jitter,
// about 6 bits with 0..50 ms of it), each through the patched packer; a late scrape or a missed one
// costs a patch, not a wider width for the whole chunk. DELTA (packed deltas) covers irregular
// timestamps. Section: u8 kind, then the kind's fields (docs/format/chunk-encodings.md).

import type { BitReader, BitWriter } from './bstream.js';
import { bitWidth, corrupt, readIntSums, readInts, readIntsUnlessZero, writeIntStream } from './int-pack.js';
import { Scratch } from './scratch.js';

const scratch = new Scratch();

export const TimeKind = { GRID: 0, DELTA: 1 } as const;

/**
 * Encodes ts[start, end) with whichever kind is smaller (or the kind `force` names: tests run
 * every codec on every case); returns the section's bytes.
 */
export function encodeTimes(ts: ArrayLike<number>, start: number, end: number, force?: number): Uint8Array {
  const n = end - start;
  const delta = scratch.writer(0);
  delta.writeBits(TimeKind.DELTA, 8);
  delta.writeVarint(n > 0 ? ts[start]! : 0);
  const d = scratch.f64(0, n);
  for (let i = 1; i < n; i++) d[i - 1] = ts[start + i]! - ts[start + i - 1]!;
  writeIntStream(delta, d, n - 1);
  if (force === TimeKind.DELTA) return delta.toBytes();
  let step = n >= 3 ? chooseStep(ts, start, end, d, n - 1) : 0;
  if (step <= 0) {
    if (force !== TimeKind.GRID) return delta.toBytes();
    step = 1;
  }
  const grid = scratch.writer(1);
  writeGrid(grid, ts, start, end, step);
  return grid.bitLen < delta.bitLen || force === TimeKind.GRID ? grid.toBytes() : delta.toBytes();
}

function writeGrid(w: BitWriter, ts: ArrayLike<number>, start: number, end: number, step: number): void {
  const n = end - start;
  const t0 = ts[start]!;
  const gaps = scratch.f64(1, n);
  const residuals = scratch.f64(2, n);
  residuals[0] = 0;
  let prevSlot = 0;
  for (let i = 1; i < n; i++) {
    const off = ts[start + i]! - t0;
    const slot = Math.round(off / step);
    gaps[i - 1] = slot - prevSlot - 1;
    residuals[i] = off - slot * step;
    prevSlot = slot;
  }
  w.writeBits(TimeKind.GRID, 8);
  w.writeVarint(t0);
  w.writeUvarint(step);
  writeIntStream(w, gaps, n - 1);
  writeIntStream(w, residuals, n);
}

/**
 * The grid step that leaves the narrowest residuals: the median delta (robust to gaps), and that
 * median rounded to 10, 100 and 1000 ms, because a median of jittered deltas is off by a few ms and
 * an error of e ms drifts the residuals by e per sample.
 */
function chooseStep(ts: ArrayLike<number>, start: number, end: number, d: Float64Array, nd: number): number {
  // The median of up to 15 evenly spread deltas is as robust and avoids sorting all of them.
  const picks = Math.min(15, nd);
  const sample = scratch.f64(3, picks).subarray(0, picks);
  for (let i = 0; i < picks; i++) sample[i] = d[Math.floor((i * nd) / picks)]!;
  sample.sort();
  const median = sample[picks >>> 1]!;
  if (!(median > 0)) return 0;
  let best = 0;
  let bestCost = Infinity;
  for (const unit of [1, 10, 100, 1000]) {
    const step = Math.round(median / unit) * unit;
    if (step <= 0 || Math.abs(step - median) > median / 50) continue;
    const t0 = ts[start]!;
    let lo = 0;
    let hi = 0;
    let gaps = 0;
    let prevSlot = 0;
    for (let i = start + 1; i < end; i++) {
      const off = ts[i]! - t0;
      const slot = Math.round(off / step);
      const r = off - slot * step;
      if (r < lo) lo = r;
      if (r > hi) hi = r;
      if (slot !== prevSlot + 1) gaps++;
      prevSlot = slot;
    }
    const cost = (end - start) * bitWidth(hi - lo) + 40 * gaps;
    if (cost < bestCost) {
      bestCost = cost;
      best = step;
    }
  }
  return best;
}

/** Decodes `n` timestamps into `out`, using `scratch` (length >= n) for the slot gaps. */
export function decodeTimes(r: BitReader, out: Float64Array, scratch: Float64Array, n: number): void {
  const kind = r.readBits(8);
  const t0 = r.readVarint();
  if (kind === TimeKind.DELTA) {
    out[0] = t0;
    readIntSums(r, out, n - 1, t0, 1, 1);
    return;
  }
  if (kind !== TimeKind.GRID) corrupt(r, `unknown timestamp kind ${kind}`);
  const step = r.readUvarint();
  if (readIntsUnlessZero(r, scratch, n - 1)) {
    // No missed slots: t[i] = t0 + i * step + residual[i] in one pass.
    readInts(r, out, n, t0, step);
    return;
  }
  readInts(r, out, n);
  let slot = 0;
  out[0] = t0 + out[0]!;
  for (let i = 1; i < n; i++) {
    slot += 1 + scratch[i - 1]!;
    out[i] = t0 + slot * step + out[i]!;
  }
}
