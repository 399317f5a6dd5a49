// count_values("label", v): per step, how many elements have each value, grouped by the clause's
// labels plus the value label (Prometheus's aggregationCountValues).
import { type Labels, labelsKey } from '@telemeter/storage';
import { type AggregateExpr, unwrapParens } from '../parser/ast.js';
import { goQuote } from '../parser/strings.js';
import { SeriesCollector } from './collector.js';
import type { EvalContext } from './context.js';
import { executionError } from './errors.js';
import { evalVector, held, releaseSeries } from './evaluator.js';
import { groupingLabelsFn } from './grouping.js';
import { isValidLabelName } from './label-functions.js';
import { setLabel } from './labels.js';
import type { Grid, StepSeries } from './step-values.js';

/** Go's strconv.FormatFloat(v, 'f', -1, 64): the shortest round-tripping digits, never an exponent. */
export function formatFloatFixed(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  const s = String(v);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const sign = s.startsWith('-') ? '-' : '';
  const mantissa = s.slice(sign.length, e);
  const exp = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const intLen = (dot < 0 ? mantissa.length : dot) + exp;
  if (intLen <= 0) return `${sign}0.${'0'.repeat(-intLen)}${digits}`;
  if (intLen >= digits.length) return `${sign}${digits}${'0'.repeat(intLen - digits.length)}`;
  return `${sign}${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
}

export async function evalCountValues(ctx: EvalContext, e: AggregateExpr, grid: Grid): Promise<StepSeries[]> {
  const p = e.param && unwrapParens(e.param);
  const valueLabel = p?.type === 'StringLiteral' ? p.value : '';
  if (!isValidLabelName(valueLabel)) throw executionError(`invalid label name ${goQuote(valueLabel)}`);
  const input = await evalVector(ctx, e.expr, grid);
  // The value label is part of the grouping for `by`; for `without` it simply stays.
  const groupingOf = groupingLabelsFn(
    e.without ? e : { grouping: [...e.grouping, valueLabel], without: false },
  );
  const out = new SeriesCollector(grid.n);
  const counts = new Map<string, { labels: Labels; count: number }>();
  for (let i = 0; i < grid.n; i++) {
    await ctx.checkpoint(input.length);
    counts.clear();
    for (const s of input) {
      if (s.present[i] !== 1) continue;
      const labels = groupingOf(setLabel(s.labels, valueLabel, formatFloatFixed(s.values[i]!)));
      const key = labelsKey(labels);
      const c = counts.get(key);
      if (c === undefined) counts.set(key, { labels, count: 1 });
      else c.count++;
    }
    for (const { labels, count } of counts.values()) out.add(labels, false, i, count);
  }
  releaseSeries(ctx, input);
  return held(ctx, out.result());
}
