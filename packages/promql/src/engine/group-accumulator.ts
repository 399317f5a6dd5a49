// The per-group state of sum, avg, count, min, max, group, stddev, stdvar and quantile, folded one
// input series at a time over all steps (series-major): a series' row is read once, front to back,
// and can be dropped (or its buffer reused) straight after. For every (group, step) the values
// still arrive in input-series order, so the results are exactly those of folding step by step.

import type { Labels } from '@telemeter/storage';
import { AggregationMean, AggregationVariance, kahanInc, kahanState, quantile } from '../functions/index.js';
import type { AggregateExpr } from '../parser/ast.js';
import { newStepSeries, type StepSeries } from './step-values.js';

export type FoldOp = Exclude<
  AggregateExpr['op'],
  'topk' | 'bottomk' | 'limitk' | 'limit_ratio' | 'count_values'
>;

interface GroupState {
  /** The output row: values hold the running value (sum, count, min, max); present is "seen". */
  readonly row: StepSeries;
  /** sum: the Kahan compensation per step. */
  readonly comp: Float64Array | undefined;
  readonly means: (AggregationMean | undefined)[] | undefined;
  readonly variances: (AggregationVariance | undefined)[] | undefined;
  readonly samples: (number[] | undefined)[] | undefined;
}

export class GroupAccumulator {
  private readonly groups: GroupState[] = [];

  constructor(
    private readonly op: FoldOp,
    private readonly n: number,
    /** quantile's parameter per step. */
    private readonly param: Float64Array | undefined,
  ) {}

  get size(): number {
    return this.groups.length;
  }

  /** Opens the next group (groups are numbered in the order they are added). */
  addGroup(labels: Labels): void {
    const op = this.op;
    const n = this.n;
    this.groups.push({
      row: newStepSeries(labels, n),
      comp: op === 'sum' ? new Float64Array(n) : undefined,
      means: op === 'avg' ? new Array(n) : undefined,
      variances: op === 'stddev' || op === 'stdvar' ? new Array(n) : undefined,
      samples: op === 'quantile' ? new Array(n) : undefined,
    });
  }

  /** Folds the points of one input series into group g. */
  add(g: number, s: StepSeries): void {
    const st = this.groups[g]!;
    const { values: out, present: seen } = st.row;
    const { values, present } = s;
    const n = this.n;
    let any = false;
    switch (this.op) {
      case 'sum': {
        const comp = st.comp!;
        for (let i = 0; i < n; i++) {
          if (present[i] !== 1) continue;
          any = true;
          const f = values[i]!;
          if (seen[i] === 0) {
            seen[i] = 1;
            out[i] = f;
            comp[i] = 0;
          } else {
            out[i] = kahanInc(f, out[i]!, comp[i]!);
            comp[i] = kahanState.c;
          }
        }
        break;
      }
      case 'count':
      case 'group':
        for (let i = 0; i < n; i++) {
          if (present[i] !== 1) continue;
          any = true;
          if (seen[i] === 0) {
            seen[i] = 1;
            out[i] = 1;
          } else out[i]!++;
        }
        break;
      case 'max':
      case 'min': {
        const max = this.op === 'max';
        for (let i = 0; i < n; i++) {
          if (present[i] !== 1) continue;
          any = true;
          const f = values[i]!;
          const v = out[i]!;
          if (seen[i] === 0) {
            seen[i] = 1;
            out[i] = f;
          } else if ((max ? v < f : v > f) || Number.isNaN(v)) out[i] = f;
        }
        break;
      }
      default:
        any = this.addObjects(st, s);
    }
    if (any && s.dropName) st.row.dropName = true;
  }

  /** avg, stddev, stdvar and quantile keep an object per (group, step). */
  private addObjects(st: GroupState, s: StepSeries): boolean {
    const { present: seen } = st.row;
    const { values, present } = s;
    let any = false;
    for (let i = 0; i < this.n; i++) {
      if (present[i] !== 1) continue;
      any = true;
      const f = values[i]!;
      const first = seen[i] === 0;
      seen[i] = 1;
      if (st.means !== undefined) (first ? (st.means[i] = new AggregationMean()) : st.means[i]!).add(f);
      else if (st.variances !== undefined) {
        (first ? (st.variances[i] = new AggregationVariance()) : st.variances[i]!).add(f);
      } else if (first) st.samples![i] = [f];
      else st.samples![i]!.push(f);
    }
    return any;
  }

  /** The output series: one per group with at least one point, in group order. */
  result(): StepSeries[] {
    const out: StepSeries[] = [];
    for (const st of this.groups) {
      const { values, present } = st.row;
      let any = false;
      for (let i = 0; i < this.n; i++) {
        if (present[i] !== 1) continue;
        any = true;
        values[i] = this.finalValue(st, i, values[i]!);
      }
      if (any) out.push(st.row);
    }
    return out;
  }

  private finalValue(st: GroupState, i: number, v: number): number {
    switch (this.op) {
      case 'sum':
        return v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY ? v : v + st.comp![i]!;
      case 'avg':
        return st.means![i]!.value();
      case 'group':
        return 1;
      case 'stddev':
        return st.variances![i]!.stddev();
      case 'stdvar':
        return st.variances![i]!.stdvar();
      case 'quantile':
        return quantile(this.param![i]!, st.samples![i]!);
      default:
        return v;
    }
  }
}
