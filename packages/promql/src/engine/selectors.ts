// Instant vector selectors: one pass over each selected series' samples fills the value of every
// step (the newest sample in the left-open lookback window (t - lookback, t], unless it is a stale
// marker). Nothing is buffered per sample; long gaps between steps are skipped with seek().
import { isStaleNaN, type SampleIterator, type SelectHints, type Series } from '@telemeter/storage';
import type { AtModifier, VectorSelector } from '../parser/ast.js';
import type { EvalContext } from './context.js';
import { PromQLError } from './errors.js';
import { type Grid, gridTime, newStepSeries, type StepSeries } from './step-values.js';

/** The timestamp an `@` modifier stands for. */
export function resolveAt(ctx: EvalContext, at: AtModifier): number {
  if (at === 'start') return ctx.options.queryStartMs;
  if (at === 'end') return ctx.options.queryEndMs;
  return at;
}

/** The series a selector matches, with storage failures turned into query errors. */
export function selectSeries(ctx: EvalContext, vs: VectorSelector, hints: SelectHints): Series[] {
  try {
    return ctx.options.querier.select(vs.matchers, hints);
  } catch (err) {
    if (err instanceof PromQLError) throw err;
    throw new PromQLError('TM_PROMQL_STORAGE', `expanding series: ${(err as Error).message}`, { cause: err });
  }
}

export function checkIterator(it: SampleIterator): void {
  const err = it.err();
  if (err !== undefined) throw new PromQLError('TM_PROMQL_STORAGE', err.message, { cause: err });
}

/**
 * Evaluates `vs` at every step of `grid`. With `timestamps`, each point holds the sample's own
 * timestamp in seconds instead of its value (what `timestamp(selector)` returns).
 */
export async function evalVectorSelector(
  ctx: EvalContext,
  vs: VectorSelector,
  grid: Grid,
  hints: SelectHints,
  timestamps = false,
): Promise<StepSeries[]> {
  const series = selectSeries(ctx, vs, hints);
  const lookback = ctx.options.lookbackDeltaMs;
  // With @ every step reads the same instant: evaluate one step and copy it.
  const fixed = vs.at !== undefined ? resolveAt(ctx, vs.at) - vs.offsetMs : undefined;
  const n = fixed === undefined ? grid.n : 1;
  const out: StepSeries[] = [];
  for (const s of series) {
    await ctx.checkpoint();
    const row = newStepSeries(s.labels, grid.n);
    const it = s.iterator();
    let ok = false;
    let started = false;
    let lastT = Number.NEGATIVE_INFINITY;
    let lastV = 0;
    let points = 0;
    for (let i = 0; i < n; i++) {
      if ((i & 1023) === 1023) await ctx.checkpoint(1024);
      const ref = fixed ?? gridTime(grid, i) - vs.offsetMs;
      const windowStart = ref - lookback; // exclusive
      if (!started) {
        ok = it.seek(windowStart + 1);
        started = true;
      } else if (ok && it.t <= windowStart) {
        // A gap longer than the lookback between steps: skip what no window can see.
        ok = it.seek(windowStart + 1);
        lastT = Number.NEGATIVE_INFINITY;
      }
      while (ok && it.t <= ref) {
        lastT = it.t;
        lastV = it.v;
        ok = it.next();
      }
      if (lastT > windowStart && !isStaleNaN(lastV)) {
        row.present[i] = 1;
        row.values[i] = timestamps ? lastT / 1000 : lastV;
        points++;
      }
    }
    checkIterator(it);
    if (points === 0) continue;
    if (fixed !== undefined) {
      row.present.fill(row.present[0]!);
      row.values.fill(row.values[0]!);
      points = grid.n;
    }
    ctx.hold(points);
    out.push(row);
  }
  return out;
}
