// Gathers output points into series keyed by label set. Two points for the same label set at the
// same step mean the expression produced duplicate series, which Prometheus rejects.
import { type Labels, labelsKey } from '@telemeter/storage';
import { executionError } from './errors.js';
import { newStepSeries, type StepSeries } from './step-values.js';

export const DUPLICATE_LABELSET = 'vector cannot contain metrics with the same labelset';

export class SeriesCollector {
  private readonly byKey = new Map<string, StepSeries>();
  private readonly order: StepSeries[] = [];

  constructor(private readonly n: number) {}

  /** The output series for `labels`, created on first use. */
  series(labels: Labels, dropName: boolean): StepSeries {
    const key = labelsKey(labels);
    let s = this.byKey.get(key);
    if (s === undefined) {
      s = newStepSeries(labels, this.n, dropName);
      this.byKey.set(key, s);
      this.order.push(s);
    } else if (dropName) {
      s.dropName = true;
    }
    return s;
  }

  /** Sets a point, failing if the series already has one at this step. */
  static put(s: StepSeries, step: number, v: number): void {
    if (s.present[step] === 1) throw executionError(DUPLICATE_LABELSET);
    s.present[step] = 1;
    s.values[step] = v;
  }

  add(labels: Labels, dropName: boolean, step: number, v: number): void {
    SeriesCollector.put(this.series(labels, dropName), step, v);
  }

  result(): StepSeries[] {
    return this.order.filter((s) => s.present.indexOf(1) !== -1);
  }
}

/**
 * Merges series whose label sets became equal (after `__name__` was dropped, or a relabelling):
 * fine while their points never share a step, an error otherwise (Prometheus's
 * mergeSeriesWithSameLabelset).
 */
export function mergeSameLabelsets(series: StepSeries[]): StepSeries[] {
  if (series.length <= 1) return series;
  const byKey = new Map<string, StepSeries>();
  const out: StepSeries[] = [];
  for (const s of series) {
    const key = labelsKey(s.labels);
    const prev = byKey.get(key);
    if (prev === undefined) {
      byKey.set(key, s);
      out.push(s);
      continue;
    }
    for (let i = 0; i < s.present.length; i++) {
      if (s.present[i] !== 1) continue;
      if (prev.present[i] === 1) throw executionError(DUPLICATE_LABELSET);
      prev.present[i] = 1;
      prev.values[i] = s.values[i]!;
    }
    prev.dropName = prev.dropName || s.dropName;
  }
  return out;
}
