/**
 * Test helpers of the cache and pool kits: whole families at once, keyed by their label set as
 * `"label=value,..."` in the family's label order, for deepEqual over every series of a metric.
 */
import type { MetricFamily, Registry } from '@telemeter/core';

/** `name` → { "label=value,...": value } for counters and gauges; histograms give their count. */
export type Readings = Map<string, Record<string, number>>;

type Point = MetricFamily['points'][number];

function keyOf(family: MetricFamily, point: Point): string {
  return family.labelNames.map((n, i) => `${n}=${point.labelValues[i]}`).join(',');
}

export async function readAll(registry: Registry): Promise<Readings> {
  const families = await registry.collect();
  return new Map(families.map((f) => [f.name, seriesOf(f)]));
}

function seriesOf(family: MetricFamily): Record<string, number> {
  const out: Record<string, number> = {};
  for (const point of family.points) out[keyOf(family, point)] = 'value' in point ? point.value : point.count;
  return out;
}

/** The histogram point of one series; `labels` as `"label=value,..."` in the family's label order. */
export async function histogram(
  registry: Registry,
  name: string,
  labels: string,
): Promise<
  { count: number; sum: number; buckets: readonly number[]; counts: readonly number[] } | undefined
> {
  const family = (await registry.collect()).find((f) => f.name === name);
  if (family === undefined || family.type !== 'histogram') return undefined;
  const point = family.points.find((p) => keyOf(family, p) === labels);
  return (
    point && { count: point.count, sum: point.sum, buckets: family.buckets, counts: point.cumulativeCounts }
  );
}
