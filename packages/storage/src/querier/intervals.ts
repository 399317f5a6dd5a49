// Sets of integer timestamps as sorted, disjoint, inclusive intervals (the Interval of tombstones).

import type { Interval } from '../types.js';

/** Sorted, disjoint union; touching intervals ([1,3] and [4,6]) are joined. */
export function unionIntervals(...lists: (readonly Interval[])[]): Interval[] {
  const all = lists.flat().filter((iv) => iv.minTime <= iv.maxTime);
  all.sort((a, b) => a.minTime - b.minTime);
  const out: Interval[] = [];
  for (const iv of all) {
    const last = out[out.length - 1];
    if (last !== undefined && iv.minTime <= last.maxTime + 1) {
      if (iv.maxTime > last.maxTime) out[out.length - 1] = { minTime: last.minTime, maxTime: iv.maxTime };
    } else {
      out.push({ minTime: iv.minTime, maxTime: iv.maxTime });
    }
  }
  return out;
}

/** `set` without the timestamps in `remove` (both sorted and disjoint). */
export function subtractIntervals(set: readonly Interval[], remove: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const iv of set) {
    let lo = iv.minTime;
    const hi = iv.maxTime;
    while (j < remove.length && (remove[j] as Interval).maxTime < lo) j++;
    let k = j;
    while (lo <= hi && k < remove.length && (remove[k] as Interval).minTime <= hi) {
      const r = remove[k] as Interval;
      if (r.minTime > lo) out.push({ minTime: lo, maxTime: r.minTime - 1 });
      lo = Math.max(lo, r.maxTime + 1);
      k++;
    }
    if (lo <= hi) out.push({ minTime: lo, maxTime: hi });
  }
  return out;
}

/** `set` restricted to [mint, maxt]. */
export function clipIntervals(set: readonly Interval[], mint: number, maxt: number): Interval[] {
  const out: Interval[] = [];
  for (const iv of set) {
    const lo = Math.max(iv.minTime, mint);
    const hi = Math.min(iv.maxTime, maxt);
    if (lo <= hi) out.push({ minTime: lo, maxTime: hi });
  }
  return out;
}
