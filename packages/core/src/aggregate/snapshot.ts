/** Helpers around the snapshots that workers send and the aggregator merges. */
import { Registry } from '../registry.js';
import { SelfMetrics } from '../self-metrics.js';
import type { Labels, MetricFamily } from '../types.js';

/**
 * Adds the labels a family does not have itself (a series' own label wins), as the registry does for
 * its own families: the main registry's default labels apply to what workers report too, so that a
 * worker's `http_requests_total{route}` and the main thread's `{route, service}` are one family.
 */
export function withDefaultLabels(families: readonly MetricFamily[], labels: Labels): MetricFamily[] {
  const names = Object.keys(labels);
  if (names.length === 0) return [...families];
  return families.map((family) => {
    const extra = names.filter((name) => !family.labelNames.includes(name));
    if (extra.length === 0) return family;
    const values = extra.map((name) => labels[name]!);
    const points = family.points.map((point) => ({
      ...point,
      labelValues: [...point.labelValues, ...values],
    }));
    return { ...family, labelNames: [...family.labelNames, ...extra], points } as MetricFamily;
  });
}

/**
 * A synchronous snapshot for the last moment of a worker (`process.on('exit')` cannot await): each
 * metric's state without running `collect` callbacks, with default labels and self-metrics. Only a
 * plain `Registry` can be read this way; for anything else this returns undefined.
 */
export function snapshotSync(source: unknown): MetricFamily[] | undefined {
  if (!(source instanceof Registry)) return undefined;
  const families = source.getAll().map((metric) => metric.snapshot());
  // Whether the registry exposes its self-metrics is private; non-empty counts are worth keeping either way.
  for (const self of SelfMetrics.families([source.selfMetrics])) {
    if (self.points.length > 0 && !families.some((f) => f.name === self.name)) families.push(self);
  }
  return withDefaultLabels(families, source.defaultLabels);
}
