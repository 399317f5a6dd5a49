// changes and resets over one series' float samples in [from, to) (Prometheus funcChanges,
// funcResets for float-only ranges).

/** changes(v[range]): how often the value changed; NaN to NaN is no change. */
export function changes(vs: ArrayLike<number>, from: number, to: number): number | undefined {
  if (to <= from) return undefined;
  let count = 0;
  let prev = vs[from] as number;
  for (let i = from + 1; i < to; i++) {
    const cur = vs[i] as number;
    if (cur !== prev && !(Number.isNaN(cur) && Number.isNaN(prev))) count++;
    prev = cur;
  }
  return count;
}

/** resets(v[range]): how often the value decreased (a counter reset). */
export function resets(vs: ArrayLike<number>, from: number, to: number): number | undefined {
  if (to <= from) return undefined;
  let count = 0;
  let prev = vs[from] as number;
  for (let i = from + 1; i < to; i++) {
    const cur = vs[i] as number;
    if (cur < prev) count++;
    prev = cur;
  }
  return count;
}
