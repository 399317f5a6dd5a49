// The in-memory storage a test script loads into: a storage Head without a WAL, wrapped as a
// Queryable. Native-histogram points cannot be stored; the series names that carry them are
// remembered so the runner can skip the cases that read them.

import {
  createQuerier,
  Head,
  type Labels,
  labelsFromRecord,
  labelsKey,
  type Querier,
} from '@telemeter/storage';
import type { LoadCommand } from './script.js';

export interface Queryable {
  querier(mint: number, maxt: number): Querier;
}

/** The suffixes load_with_nhcb folds into one native histogram named after the base. */
const CLASSIC_SUFFIXES = ['_bucket', '_count', '_sum'];

export class ScriptStorage {
  private head = new Head({ oooWindowMs: 1e15 });
  /** Metric names whose series hold native histograms (loaded or implied by load_with_nhcb). */
  readonly nativeHistogramNames = new Set<string>();
  /** The label sets of those series. */
  readonly nativeHistogramSeries = new Map<string, Labels>();

  readonly queryable: Queryable = {
    querier: (mint, maxt) => createQuerier([this.head], mint, maxt),
  };

  clear(): void {
    this.head = new Head({ oooWindowMs: 1e15 });
    this.nativeHistogramNames.clear();
    this.nativeHistogramSeries.clear();
  }

  private addNative(name: string, labels: Labels): void {
    this.nativeHistogramNames.add(name);
    this.nativeHistogramSeries.set(labelsKey(labels), labels);
  }

  async load(cmd: LoadCommand): Promise<void> {
    // A series defined twice in one load keeps its last definition, as in promqltest.
    const byLabels = new Map<string, { series: LoadCommand['series'][number]; labels: Labels }>();
    for (const series of cmd.series) {
      const labels = labelsFromRecord(series.labels);
      byLabels.set(labelsKey(labels), { series, labels });
    }
    const app = this.head.appender();
    for (const { series, labels } of byLabels.values()) {
      const name = series.labels.__name__ ?? '';
      for (let i = 0; i < series.values.length; i++) {
        const v = series.values[i];
        if (v === undefined || v.kind === 'omitted') continue;
        if (v.kind === 'histogram') {
          this.addNative(name, labels);
          continue;
        }
        // A stale marker is STALE_NAN here and keeps its bits through the Head.
        app.append(labels, i * cmd.intervalMs, v.value);
      }
      if (cmd.withNhcb) {
        const suffix = CLASSIC_SUFFIXES.find((s) => name.endsWith(s));
        if (suffix !== undefined) {
          // The native histogram has the base name and the labels without `le`.
          const { le: _le, ...rest } = series.labels;
          const base = name.slice(0, -suffix.length);
          this.addNative(base, labelsFromRecord({ ...rest, __name__: base }));
        }
      }
    }
    await app.commit();
  }
}
