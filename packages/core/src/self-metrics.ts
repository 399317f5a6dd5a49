/**
 * What a registry reports about itself. Record-time problems never throw into application code:
 * the sample is dropped, counted here, and a warning is emitted once per (metric, reason)
 * (warnings.ts).
 * Counts are plain Map entries rather than Counter instances so that this module has no
 * dependency on the instruments (registry.ts imports them; they import the registry).
 */
import type { CounterFamily, CounterPoint } from './types.js';

export type DropReason = 'negative_increment' | 'invalid_value' | 'invalid_labels' | 'invalid_exemplar';

export const DROPPED_SAMPLES_METRIC = 'telemeter_dropped_samples_total';
export const CARDINALITY_OVERFLOW_METRIC = 'telemeter_cardinality_overflow_total';

export class SelfMetrics {
  private readonly dropped = new Map<DropReason, number>();
  private readonly overflowed = new Map<string, number>();

  /** @internal */
  recordDrop(reason: DropReason): void {
    this.dropped.set(reason, (this.dropped.get(reason) ?? 0) + 1);
  }

  /**
   * Counts one label-set lookup of `metric` diverted to its overflow series. For instrumentation
   * built on core that keeps its own bounded set of series (e.g. the kits' operation tracker).
   */
  recordOverflow(metric: string): void {
    this.overflowed.set(metric, (this.overflowed.get(metric) ?? 0) + 1);
  }

  droppedSamples(reason: DropReason): number {
    return this.dropped.get(reason) ?? 0;
  }

  cardinalityOverflows(metric: string): number {
    return this.overflowed.get(metric) ?? 0;
  }

  reset(): void {
    this.dropped.clear();
    this.overflowed.clear();
  }

  /** @internal Both families, summed over `all` (a merged registry reports its sources' counts as one). */
  static families(all: readonly SelfMetrics[]): [CounterFamily, CounterFamily] {
    const dropped = new Map<string, number>();
    const overflowed = new Map<string, number>();
    for (const self of all) {
      for (const [reason, n] of self.dropped) dropped.set(reason, (dropped.get(reason) ?? 0) + n);
      for (const [metric, n] of self.overflowed) overflowed.set(metric, (overflowed.get(metric) ?? 0) + n);
    }
    return [
      {
        type: 'counter',
        name: DROPPED_SAMPLES_METRIC,
        help: 'Samples telemeter dropped instead of recording them, by reason',
        unit: '',
        labelNames: ['reason'],
        points: points(dropped),
      },
      {
        type: 'counter',
        name: CARDINALITY_OVERFLOW_METRIC,
        help: 'Label-set lookups sent to the __overflow__ series because the metric was at its cardinality limit',
        unit: '',
        labelNames: ['metric'],
        points: points(overflowed),
      },
    ];
  }
}

function points(counts: Map<string, number>): CounterPoint[] {
  return [...counts].map(([label, value]) => ({ labelValues: [label], value }));
}
