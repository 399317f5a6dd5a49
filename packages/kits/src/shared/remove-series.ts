/** Removing every series of one cache or pool from its metrics, when the last instrumentation of it stops. */
import type { AnyMetric, Labels } from '@telemeter/core';

/**
 * Removes the label sets of `metric` whose values for the keys of `labels` equal them (whatever
 * their other labels, e.g. every eviction reason, including ones recorded by another instance).
 * Not a hot path: it reads a snapshot.
 */
export function removeSeries(metric: AnyMetric, labels: Labels): void {
  try {
    const family = metric.snapshot();
    const names = family.labelNames;
    // Not one of ours (a metric of the same name without our labels): leave it alone.
    for (const key in labels) if (!names.includes(key)) return;
    const wanted = names.map((name) => labels[name]);
    for (const point of family.points) {
      let match = true;
      for (let i = 0; i < names.length; i++) {
        const want = wanted[i];
        if (want !== undefined && point.labelValues[i] !== want) {
          match = false;
          break;
        }
      }
      if (!match) continue;
      const values: Record<string, string> = {};
      for (let i = 0; i < names.length; i++) values[names[i]!] = point.labelValues[i]!;
      metric.remove(values);
    }
  } catch {
    // Cleanup must never throw into the application (the shapes match by construction).
  }
}
