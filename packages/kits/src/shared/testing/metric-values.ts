/**
 * Test helpers of every kit: read series from `registry.collect()` by metric name and a subset of
 * labels. Strict on purpose: a metric that does not exist or a label it does not have is a mistake
 * in the test, so it throws rather than reading as "no series".
 */
import type { MetricFamily, Registry } from '@telemeter/core';

type Point = MetricFamily['points'][number];

async function find(
  registry: Registry,
  name: string,
  labels: Record<string, string>,
): Promise<{ family: MetricFamily; matches: Point[] }> {
  const families = await registry.collect();
  const family = families.find((f) => f.name === name);
  if (family === undefined) throw new Error(`no metric named ${name}`);
  for (const key of Object.keys(labels)) {
    if (!family.labelNames.includes(key)) throw new Error(`${name} has no label ${key}`);
  }
  const matches = (family.points as Point[]).filter((point) =>
    Object.entries(labels).every(
      ([key, value]) => point.labelValues[family.labelNames.indexOf(key)] === value,
    ),
  );
  return { family, matches };
}

/** The one point of `name` matching `labels` (undefined when there is none; throws if several match). */
export async function pointOf<P extends Point = Point>(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<P | undefined> {
  const { matches } = await find(registry, name, labels);
  if (matches.length > 1)
    throw new Error(`${matches.length} series of ${name} match ${JSON.stringify(labels)}`);
  return matches[0] as P | undefined;
}

/** The value of the one counter/gauge series matching `labels` (undefined when there is none). */
export async function seriesValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number | undefined> {
  const point = await pointOf(registry, name, labels);
  return (point as { value?: number } | undefined)?.value;
}

/** Sum of the counter/gauge series matching `labels` (0 when none match). */
export async function sumOf(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const { matches } = await find(registry, name, labels);
  return matches.reduce((sum, point) => sum + ((point as { value?: number }).value ?? 0), 0);
}

/** Summed `{ count, sum }` of the histogram series matching `labels` (zeros when none match). */
export async function histogramOf(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<{ count: number; sum: number }> {
  const { matches } = await find(registry, name, labels);
  let count = 0;
  let sum = 0;
  for (const point of matches as { count: number; sum: number }[]) {
    count += point.count;
    sum += point.sum;
  }
  return { count, sum };
}

/** Label values of every series of `name`, as objects (for asserting what exists). */
export async function seriesOf(registry: Registry, name: string): Promise<Record<string, string>[]> {
  const { family, matches } = await find(registry, name, {});
  return matches.map((point) =>
    Object.fromEntries(family.labelNames.map((label, i) => [label, point.labelValues[i] ?? ''])),
  );
}
