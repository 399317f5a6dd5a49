import type { Interval } from '../types.js';

/**
 * Adds `iv` to a sorted list of disjoint closed intervals, merging it with every interval it
 * overlaps or touches. Timestamps are integer milliseconds, so [1,3] and [4,6] leave no sample
 * between them and become [1,6] (Prometheus's Intervals.Add). Returns a new list.
 */
export function addInterval(list: readonly Interval[], iv: Interval): Interval[] {
  if (!(iv.minTime <= iv.maxTime)) return list.slice();
  const out: Interval[] = [];
  let minTime = iv.minTime;
  let maxTime = iv.maxTime;
  let i = 0;
  while (i < list.length && (list[i] as Interval).maxTime < minTime - 1) out.push(list[i++] as Interval);
  while (i < list.length && (list[i] as Interval).minTime <= maxTime + 1) {
    const cur = list[i++] as Interval;
    if (cur.minTime < minTime) minTime = cur.minTime;
    if (cur.maxTime > maxTime) maxTime = cur.maxTime;
  }
  out.push({ minTime, maxTime });
  while (i < list.length) out.push(list[i++] as Interval);
  return out;
}

/** True when some interval contains `t`. */
export function isDeleted(list: readonly Interval[], t: number): boolean {
  for (const iv of list) {
    if (t < iv.minTime) return false;
    if (t <= iv.maxTime) return true;
  }
  return false;
}

/** True when the intervals together cover every millisecond of [minTime, maxTime]. */
export function coversRange(list: readonly Interval[], minTime: number, maxTime: number): boolean {
  for (const iv of list) if (iv.minTime <= minTime && iv.maxTime >= maxTime) return true;
  return false;
}
