// topk, bottomk, limitk and limit_ratio: per step and group, a selection of the input elements,
// which keep their own labels (Prometheus's aggregationK). The selected series are the input series
// with the unselected points masked out; an instant query returns them in Prometheus's order
// (groups in order of appearance, topk descending, bottomk ascending).
import { annotationText, formatGoFloat } from '../functions/index.js';
import type { AggregateExpr } from '../parser/ast.js';
import type { EvalContext } from './context.js';
import { executionError } from './errors.js';
import { evalScalar, evalVector, held, releaseSeries } from './evaluator.js';
import { groupSeries } from './grouping.js';
import { ratioOffset } from './hash.js';
import { type Grid, newStepSeries, type StepSeries } from './step-values.js';

// The largest and smallest float64 that convert to an int64 without overflow (2^63 - 1024, -2^63).
const MAX_INT64 = 2 ** 63 - 1024;
const MIN_INT64 = -(2 ** 63);

/** Go's math.Max/Min: a NaN anywhere wins. */
function paramRange(param: Float64Array): { min: number; max: number; nan: boolean } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let nan = false;
  for (const v of param) {
    if (Number.isNaN(v)) nan = true;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return nan ? { min: Number.NaN, max: Number.NaN, nan } : { min, max, nan };
}

/** A binary heap with Go's container/heap algorithms, so ties resolve as in Prometheus. */
class Heap {
  readonly items: number[] = [];
  constructor(private readonly less: (a: number, b: number) => boolean) {}

  push(x: number): void {
    this.items.push(x);
    this.up(this.items.length - 1);
  }

  /** Replaces the top and restores the heap (heap.Fix(h, 0)). */
  replaceTop(x: number): void {
    this.items[0] = x;
    if (!this.down(0)) this.up(0);
  }

  private up(j: number): void {
    const h = this.items;
    while (j > 0) {
      const i = (j - 1) >> 1;
      if (i === j || !this.less(h[j]!, h[i]!)) break;
      [h[i], h[j]] = [h[j]!, h[i]!];
      j = i;
    }
  }

  private down(i0: number): boolean {
    const h = this.items;
    const n = h.length;
    let i = i0;
    for (;;) {
      const j1 = 2 * i + 1;
      if (j1 >= n || j1 < 0) break;
      let j = j1;
      const j2 = j1 + 1;
      if (j2 < n && this.less(h[j2]!, h[j1]!)) j = j2;
      if (!this.less(h[j]!, h[i]!)) break;
      [h[i], h[j]] = [h[j]!, h[i]!];
      i = j;
    }
    return i > i0;
  }
}

export async function evalAggregateK(ctx: EvalContext, e: AggregateExpr, grid: Grid): Promise<StepSeries[]> {
  const param = await evalScalar(ctx, e.param!, grid);
  const input = await evalVector(ctx, e.expr, grid);
  const { min, max, nan } = paramRange(param);
  const isRatio = e.op === 'limit_ratio';
  if (!isRatio) {
    if (max < 1) return discard(ctx, input);
    if (nan) throw executionError('Parameter value is NaN');
    if (min <= MIN_INT64) throw executionError(`Scalar value ${formatGoFloat(min)} underflows int64`);
    if (max >= MAX_INT64) throw executionError(`Scalar value ${formatGoFloat(max)} overflows int64`);
  } else {
    if (max === 0 && min === 0) return discard(ctx, input);
    if (nan) throw executionError('Ratio value is NaN');
    if (max > 1) ctx.annotations.add(annotationText.invalidRatio(max, 1), e.param!.posRange);
    if (min < -1) ctx.annotations.add(annotationText.invalidRatio(min, -1), e.param!.posRange);
  }
  const groups = groupSeries(e, input);
  const G = groups.labels.length;
  const selected = input.map((s) => newStepSeries(s.labels, grid.n, s.dropName));
  const offsets = isRatio ? input.map((s) => ratioOffset(s.labels)) : [];
  let order: number[] = [];
  for (let i = 0; i < grid.n; i++) {
    await ctx.checkpoint(input.length);
    const picks = selectAt(e.op, input, groups.of, G, i, param[i]!, offsets);
    for (const k of picks) {
      selected[k]!.present[i] = 1;
      selected[k]!.values[i] = input[k]!.values[i]!;
    }
    if (grid.n === 1) order = picks;
  }
  releaseSeries(ctx, input);
  const result =
    grid.n === 1 ? order.map((k) => selected[k]!) : selected.filter((s) => s.present.indexOf(1) !== -1);
  return held(ctx, result);
}

function discard(ctx: EvalContext, input: StepSeries[]): StepSeries[] {
  releaseSeries(ctx, input);
  return [];
}

/** The input indexes selected at step i, group by group, in output order. */
function selectAt(
  op: AggregateExpr['op'],
  input: StepSeries[],
  groupOf: Int32Array,
  G: number,
  i: number,
  p: number,
  offsets: number[],
): number[] {
  const k = Math.min(Math.trunc(p), input.length);
  let ratio = p;
  if (op === 'limit_ratio') {
    if (p === 0) return [];
    ratio = Math.max(-1, Math.min(1, p));
  } else if (k < 1) {
    return [];
  }
  const value = (x: number): number => input[x]!.values[i]!;
  // topk keeps the smallest on top (NaN counts as smallest), bottomk the largest.
  const less =
    op === 'bottomk'
      ? (a: number, b: number) => Number.isNaN(value(a)) || value(a) > value(b)
      : (a: number, b: number) => Number.isNaN(value(a)) || value(a) < value(b);
  const heaps: (Heap | undefined)[] = new Array(G);
  const groupOrder: number[] = [];
  for (let x = 0; x < input.length; x++) {
    if (input[x]!.present[i] !== 1) continue;
    const g = groupOf[x]!;
    let h = heaps[g];
    if (h === undefined) {
      h = heaps[g] = new Heap(less);
      groupOrder.push(g);
    }
    const v = value(x);
    switch (op) {
      case 'topk':
      case 'bottomk': {
        if (h.items.length < k) {
          h.push(x);
          break;
        }
        const top = value(h.items[0]!);
        const better = op === 'topk' ? top < v : top > v;
        if (better || (Number.isNaN(top) && !Number.isNaN(v))) h.replaceTop(x);
        break;
      }
      case 'limitk':
        if (h.items.length < k) h.push(x);
        break;
      default: {
        const offset = offsets[x]!;
        if ((ratio >= 0 && offset < ratio) || (ratio < 0 && offset >= 1 + ratio)) h.items.push(x);
      }
    }
  }
  const out: number[] = [];
  for (const g of groupOrder) {
    const items = heaps[g]!.items.slice();
    if (op === 'topk' || op === 'bottomk') {
      // Prometheus sorts the heap in reverse: largest first for topk, smallest first for bottomk,
      // NaN last either way.
      items.sort((a, b) => (less(b, a) ? -1 : less(a, b) ? 1 : 0));
    }
    out.push(...items);
  }
  return out;
}
