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

export function groupSeries(e: AggregateExpr, series: readonly StepSeries[]): Groups {
  const labelsOf = groupingLabelsFn(e);
  const byKey = new Map<string, number>();
  const labels: Labels[] = [];
  const of = new Int32Array(series.length);
  series.forEach((s, k) => {
    const g = labelsOf(s.labels);
    const key = labelsKey(g);
    let idx = byKey.get(key);
    if (idx === undefined) {
      idx = labels.length;
      byKey.set(key, idx);
      labels.push(g);
    }
    of[k] = idx;
  });
  return { labels, of };
}
