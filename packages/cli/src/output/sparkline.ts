/** The eight block heights, lowest first. */
export const SPARK_BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * One character per value: the block whose height matches the value between the series' min
 * and max; a flat series is drawn mid-height, and a missing or non-finite value (a gap in a
 * range query) as a space.
 */
export function sparkline(values: readonly (number | null)[]): string {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const top = SPARK_BLOCKS.length - 1;
  const range = max - min;
  // Near ±Number.MAX_VALUE the range overflows; halving first keeps it finite.
  const position = Number.isFinite(range)
    ? (v: number) => (v - min) / range
    : (v: number) => (v / 2 - min / 2) / (max / 2 - min / 2);
  let out = '';
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) out += ' ';
    else if (!(range > 0)) out += SPARK_BLOCKS[3];
    else out += SPARK_BLOCKS[Math.min(top, Math.max(0, Math.round(position(v) * top)))];
  }
  return out;
}

/**
 * Reduces `values` to at most `width` points by averaging consecutive runs, so a long range fits
 * a line; a run with no value stays a gap.
 */
export function resample(values: readonly (number | null)[], width: number): (number | null)[] {
  if (values.length <= width) return [...values];
  const out: (number | null)[] = [];
  for (let i = 0; i < width; i++) {
    const from = Math.floor((i * values.length) / width);
    const to = Math.floor(((i + 1) * values.length) / width);
    let sum = 0;
    let n = 0;
    for (let j = from; j < to; j++) {
      const v = values[j];
      if (v === null || v === undefined || !Number.isFinite(v)) continue;
      sum += v;
      n++;
    }
    out.push(n === 0 ? null : sum / n);
  }
  return out;
}
