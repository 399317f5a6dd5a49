// absent() and absent_over_time(): a single series valued 1 at the steps where the argument has no
// data, labelled with the argument selector's equality matchers (Prometheus's
// createLabelsForAbsentFunction).
import type { Labels } from '@telemeter/storage';
import { type Call, type Expr, unwrapParens } from '../parser/ast.js';
import type { EvalContext } from './context.js';
import { evalVector, openRangeInput, releaseSeries } from './evaluator.js';
import { EMPTY_LABELS, setLabel } from './labels.js';
import { type Grid, newStepSeries, type StepSeries } from './step-values.js';

/** The labels `absent` reports: the selector's `=` matchers, minus any name matched more than once. */
function absentLabels(expr: Expr): Labels {
  const e = unwrapParens(expr);
  const vs = e.type === 'VectorSelector' ? e : e.type === 'MatrixSelector' ? e.vectorSelector : undefined;
  if (vs === undefined) return EMPTY_LABELS;
  let labels: Labels = EMPTY_LABELS;
  const seen = new Set<string>();
  for (const m of vs.matchers) {
    if (m.name === '__name__') continue;
    if (m.type === '=' && !seen.has(m.name)) {
      labels = setLabel(labels, m.name, m.value);
      seen.add(m.name);
    } else {
      labels = setLabel(labels, m.name, '');
    }
  }
  return labels;
}

function absentSeries(ctx: EvalContext, labels: Labels, grid: Grid, has: Uint8Array): StepSeries[] {
  const s = newStepSeries(labels, grid.n, true);
  let points = 0;
  for (let i = 0; i < grid.n; i++) {
    if (has[i] === 1) continue;
    s.present[i] = 1;
    s.values[i] = 1;
    points++;
  }
  if (points === 0) return [];
  ctx.hold(points);
  return [s];
}

export async function evalAbsent(ctx: EvalContext, call: Call, grid: Grid): Promise<StepSeries[]> {
  const series = await evalVector(ctx, call.args[0]!, grid);
  const has = new Uint8Array(grid.n);
  for (const s of series) for (let i = 0; i < grid.n; i++) has[i]! |= s.present[i]!;
  releaseSeries(ctx, series);
  return absentSeries(ctx, absentLabels(call.args[0]!), grid, has);
}

export async function evalAbsentOverTime(ctx: EvalContext, call: Call, grid: Grid): Promise<StepSeries[]> {
  const input = await openRangeInput(ctx, call.args[0]!, grid, 'absent_over_time');
  const has = new Uint8Array(grid.n);
  try {
    for (let k = 0; k < input.length; k++) {
      await ctx.checkpoint();
      const w = input.load(k);
      for (let i = 0; i < grid.n; i++) if (w.hi[i]! > w.lo[i]!) has[i] = 1;
    }
  } finally {
    input.close();
  }
  return absentSeries(ctx, absentLabels(call.args[0]!), grid, has);
}
