// Encoding is synchronous and never re-entered, so the sealed encoders share growable scratch
// arrays instead of allocating typed arrays per chunk (allocation dominated encode time).

import { BitWriter } from './bstream.js';

export class Scratch {
  private f64s: Float64Array[] = [];
  private u32s: Uint32Array[] = [];
  private writers: BitWriter[] = [];

  /** The `slot`-th float scratch array, at least `n` long (contents undefined). */
  f64(slot: number, n: number): Float64Array {
    const a = this.f64s[slot];
    if (a !== undefined && a.length >= n) return a;
    const next = new Float64Array(Math.max(n, 256, (a?.length ?? 0) * 2));
    this.f64s[slot] = next;
    return next;
  }

  u32(slot: number, n: number): Uint32Array {
    const a = this.u32s[slot];
    if (a !== undefined && a.length >= n) return a;
    const next = new Uint32Array(Math.max(n, 256, (a?.length ?? 0) * 2));
    this.u32s[slot] = next;
    return next;
  }

  /** The `slot`-th writer, emptied. */
  writer(slot: number): BitWriter {
    let w = this.writers[slot];
    if (w === undefined) {
      w = new BitWriter(1024);
      this.writers[slot] = w;
    }
    w.reset();
    return w;
  }
}

// Decoded sample arrays are recycled: allocating two typed arrays per chunk cost more than decoding
// it. A reader hands its arrays back once it has run past its last sample (and never touches them
// again); a reader abandoned half-way simply leaves its arrays to the garbage collector.
const pool: Float64Array[] = [];
const POOL_MAX = 16;

/** A Float64Array of at least `n` elements (contents undefined), from the pool when one fits. */
export function takeSampleArray(n: number): Float64Array {
  for (let i = pool.length - 1; i >= 0; i--) {
    const b = pool[i]!;
    if (b.length >= n) {
      pool[i] = pool[pool.length - 1]!;
      pool.pop();
      return b;
    }
  }
  let cap = 128;
  while (cap < n) cap *= 2;
  return new Float64Array(cap);
}

/** Returns an array from takeSampleArray; the caller must not use it afterwards. */
export function giveBackSampleArray(b: Float64Array): void {
  if (pool.length < POOL_MAX) pool.push(b);
}
