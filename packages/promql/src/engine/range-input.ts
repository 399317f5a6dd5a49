// Range-vector arguments (a matrix selector or a subquery) as seen by a function over time: for
// every series, its points in typed arrays plus, per step, the index window [lo, hi) of the points
// in the left-open range (end - range, end]. A selector's series are read once, sequentially, and
// only as far as the windows reach; consecutive windows share the loaded points.
import { isStaleNaN, type Labels, type SelectHints, type Series } from '@telemeter/storage';
import type { MatrixSelector, SubqueryExpr } from '../parser/ast.js';
import type { EvalContext } from './context.js';
import { checkIterator, resolveAt, selectSeries } from './selectors.js';
import { countPresent, type Grid, gridTime, type StepSeries, totalPoints } from './step-values.js';

export interface WindowedSeries {
  readonly labels: Labels;
  readonly dropName: boolean;
  readonly ts: Float64Array;
  readonly vs: Float64Array;
  /** Per step, the points ts[lo[i]..hi[i]) fall in that step's window. */
  readonly lo: Int32Array;
  readonly hi: Int32Array;
}

export interface RangeInput {
  readonly rangeMs: number;
  /** The inclusive right edge of each step's window (the step time less offset, or the @ time). */
  readonly ends: Float64Array;
  readonly length: number;
  /** Loads series k; the returned arrays are only valid until the next call. */
  load(k: number): WindowedSeries;
  /** Releases what the input holds against the sample limit. */
  close(): void;
}

/** The window ends of a range argument over `grid`. */
export function windowEnds(
  ctx: EvalContext,
  grid: Grid,
  offsetMs: number,
  at: MatrixSelector['vectorSelector']['at'],
): Float64Array {
  const ends = new Float64Array(grid.n);
  const fixed = at !== undefined ? resolveAt(ctx, at) : undefined;
  for (let i = 0; i < grid.n; i++) ends[i] = (fixed ?? gridTime(grid, i)) - offsetMs;
  return ends;
}

/** Growable point buffers shared by consecutive loads. */
class PointBuffer {
  ts = new Float64Array(64);
  vs = new Float64Array(64);

  /** Doubles the capacity, keeping the first `length` points. */
  grow(length: number): void {
    const ts = new Float64Array(this.ts.length * 2);
    ts.set(this.ts.subarray(0, length));
    this.ts = ts;
    const vs = new Float64Array(this.vs.length * 2);
    vs.set(this.vs.subarray(0, length));
    this.vs = vs;
  }
}

export function openMatrixSelector(
  ctx: EvalContext,
  ms: MatrixSelector,
  grid: Grid,
  hints: SelectHints,
): RangeInput {
  const vs = ms.vectorSelector;
  const series: Series[] = selectSeries(ctx, vs, hints);
  const ends = windowEnds(ctx, grid, vs.offsetMs, vs.at);
  const range = ms.rangeMs;
  const buf = new PointBuffer();
  const lo = new Int32Array(grid.n);
  const hi = new Int32Array(grid.n);
  let held = 0;
  return {
    rangeMs: range,
    ends,
    length: series.length,
    load(k) {
      ctx.release(held);
      const s = series[k]!;
      const it = s.iterator();
      let ts = buf.ts;
      let vs = buf.vs;
      let length = 0;
      let ok = false;
      let first = 0;
      for (let i = 0; i < ends.length; i++) {
        const end = ends[i]!;
        const start = end - range; // exclusive
        if (i === 0 || (ok && it.t <= start)) ok = it.seek(start + 1);
        // The hot loop of range queries: every sample read passes here once.
        while (ok) {
          const t = it.t;
          if (t > end) break;
          const v = it.v;
          if (!isStaleNaN(v)) {
            if (length === ts.length) {
              buf.grow(length);
              ts = buf.ts;
              vs = buf.vs;
            }
            ts[length] = t;
            vs[length] = v;
            length++;
          }
          ok = it.next();
        }
        while (first < length && ts[first]! <= start) first++;
        lo[i] = first;
        hi[i] = length;
      }
      checkIterator(it);
      held = length;
      ctx.hold(held);
      return { labels: s.labels, dropName: false, ts, vs, lo, hi };
    },
    close() {
      ctx.release(held);
      held = 0;
    },
  };
}

/** The grid a subquery's inner expression is evaluated on: steps aligned to multiples of its step. */
export function subqueryGrid(sq: SubqueryExpr, step: number, ends: Float64Array): Grid {
  const first = ends[0]! - sq.rangeMs;
  let start = Math.floor(first / step) * step;
  if (start <= first) start += step;
  const last = ends[ends.length - 1]!;
  const n = last < start ? 0 : Math.floor((last - start) / step) + 1;
  return { start, step, n };
}

/** A subquery's evaluated inner series as a range input. */
export function subqueryInput(
  ctx: EvalContext,
  sq: SubqueryExpr,
  inner: Grid,
  series: StepSeries[],
  ends: Float64Array,
): RangeInput {
  const n = ends.length;
  const lo = new Int32Array(n);
  const hi = new Int32Array(n);
  return {
    rangeMs: sq.rangeMs,
    ends,
    length: series.length,
    load(k) {
      const s = series[k]!;
      const points = toPoints(s, inner);
      let a = 0;
      let b = 0;
      for (let i = 0; i < n; i++) {
        const end = ends[i]!;
        while (a < points.ts.length && points.ts[a]! <= end - sq.rangeMs) a++;
        if (b < a) b = a;
        while (b < points.ts.length && points.ts[b]! <= end) b++;
        lo[i] = a;
        hi[i] = b;
      }
      return { labels: s.labels, dropName: s.dropName, ts: points.ts, vs: points.vs, lo, hi };
    },
    close() {
      ctx.release(totalPoints(series));
    },
  };
}

/** The present points of a step series as timestamp/value arrays. */
export function toPoints(s: StepSeries, grid: Grid): { ts: Float64Array; vs: Float64Array } {
  const count = countPresent(s);
  const ts = new Float64Array(count);
  const vs = new Float64Array(count);
  let j = 0;
  for (let i = 0; i < s.present.length; i++) {
    if (s.present[i] !== 1) continue;
    ts[j] = gridTime(grid, i);
    vs[j] = s.values[i]!;
    j++;
  }
  return { ts, vs };
}
