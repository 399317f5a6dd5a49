// The evaluator's internal values: every expression is evaluated once over all the steps of a grid,
// and an instant vector is held as one dense row per series (a value and a presence flag per step)
// rather than as per-step vectors of sample objects.
import type { Labels } from '@telemeter/storage';

/** The evaluation times start, start + step, ..., start + (n - 1) * step. */
export interface Grid {
  readonly start: number;
  /** Step in ms (1 for a single-step grid, where it is never used). */
  readonly step: number;
  readonly n: number;
}

export function gridTime(grid: Grid, i: number): number {
  return grid.start + i * grid.step;
}

/** One series of an instant vector over a grid. */
export interface StepSeries {
  labels: Labels;
  /** Prometheus 3.x delayed name removal: `__name__` is dropped when the final result is built. */
  dropName: boolean;
  readonly values: Float64Array;
  /** 1 where the series has a value at that step. */
  readonly present: Uint8Array;
}

/** The raw points of one series of a range vector (a matrix selector's samples, a subquery's points). */
export interface RangePoints {
  readonly labels: Labels;
  readonly dropName: boolean;
  readonly ts: Float64Array;
  readonly vs: Float64Array;
}

export type EvalValue =
  | { readonly kind: 'scalar'; readonly values: Float64Array }
  | { readonly kind: 'vector'; readonly series: StepSeries[] }
  | { readonly kind: 'string'; readonly value: string }
  /** Only the top-level result of an instant query over a range vector. */
  | { readonly kind: 'matrix'; readonly series: RangePoints[] };

export function newStepSeries(labels: Labels, n: number, dropName = false): StepSeries {
  return { labels, dropName, values: new Float64Array(n), present: new Uint8Array(n) };
}

/** Number of points the series has across the grid. */
export function countPresent(s: StepSeries): number {
  let c = 0;
  const p = s.present;
  for (let i = 0; i < p.length; i++) c += p[i]!;
  return c;
}

export function totalPoints(series: readonly StepSeries[]): number {
  let c = 0;
  for (const s of series) c += countPresent(s);
  return c;
}
