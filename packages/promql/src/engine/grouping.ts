// Aggregation groups: which output group each input series belongs to, computed once per series
// (labels do not change over the steps) from the `by (...)` / `without (...)` clause.
import { type Labels, labelsKey, METRIC_NAME_LABEL } from '@telemeter/storage';
import type { AggregateExpr } from '../parser/ast.js';
import { deleteLabels, EMPTY_LABELS, keepLabels } from './labels.js';
import type { StepSeries } from './step-values.js';

export interface Groups {
  /** Output labels of each group, in order of first appearance. */
  readonly labels: Labels[];
  /** The group of each input series. */
  readonly of: Int32Array;
}

/** The labels a series contributes to its group's identity. */
export function groupingLabelsFn(e: Pick<AggregateExpr, 'grouping' | 'without'>): (labels: Labels) => Labels {
  if (e.without) {
    const drop = new Set(e.grouping);
    drop.add(METRIC_NAME_LABEL);
    return (labels) => deleteLabels(labels, drop);
  }
  if (e.grouping.length === 0) return () => EMPTY_LABELS;
  const keep = new Set(e.grouping);
  return (labels) => keepLabels(labels, keep);
}

/** Assigns series to groups one at a time, in order of first appearance. */
export class Grouper {
  /** Output labels of each group. */
  readonly labels: Labels[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly labelsOf: (labels: Labels) => Labels;

  constructor(e: Pick<AggregateExpr, 'grouping' | 'without'>) {
    this.labelsOf = groupingLabelsFn(e);
  }

  groupOf(series: Labels): number {
    const g = this.labelsOf(series);
    const key = labelsKey(g);
    let idx = this.byKey.get(key);
    if (idx === undefined) {
      idx = this.labels.length;
      this.byKey.set(key, idx);
      this.labels.push(g);
    }
    return idx;
  }
}

export function groupSeries(e: AggregateExpr, series: readonly StepSeries[]): Groups {
  const grouper = new Grouper(e);
  const of = new Int32Array(series.length);
  series.forEach((s, k) => {
    of[k] = grouper.groupOf(s.labels);
  });
  return { labels: grouper.labels, of };
}
