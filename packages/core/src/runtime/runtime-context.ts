/**
 * What the metric-group files share: the prefix and constant labels every runtime metric gets,
 * and three instrument shapes that cover all of them. Instruments are created unregistered
 * (`registry: null`); collect-runtime-metrics.ts registers the whole set only once every group
 * has been built, so a bad option never leaves half the metrics behind.
 */
import { Counter } from '../counter.js';
import { Gauge } from '../gauge.js';
import type { AnyMetric } from '../metric.js';
import type { Labels } from '../types.js';

export interface RuntimeContext {
  readonly prefix: string;
  /** Constant labels added to every series, after the group's own label (`type`, `space`, …). */
  readonly labels: Labels;
  readonly labelNames: readonly string[];
}

export interface RuntimeGroup {
  readonly metrics: readonly AnyMetric[];
  /** Releases timers and observers the group holds. */
  readonly stop?: () => void;
}

/** The OpenMetrics unit a name's suffix declares, so `# UNIT` lines come for free. */
export function unitOf(name: string): string {
  const base = name.endsWith('_total') ? name.slice(0, -'_total'.length) : name;
  for (const unit of ['seconds', 'bytes', 'ratio']) if (base.endsWith(`_${unit}`)) return unit;
  return '';
}

/** A gauge with one series, set at scrape time from `read` (left unchanged when it returns undefined). */
export function valueGauge(
  ctx: RuntimeContext,
  name: string,
  help: string,
  read: () => number | undefined | Promise<number | undefined>,
): Gauge<readonly string[]> {
  const fullName = ctx.prefix + name;
  const set = (gauge: Gauge<readonly string[]>, value: number | undefined) => {
    if (value !== undefined) gauge.labels(ctx.labels).set(value);
  };
  return new Gauge({
    name: fullName,
    help,
    unit: unitOf(fullName),
    labelNames: ctx.labelNames,
    registry: null,
    collect(gauge) {
      const value = read();
      if (value instanceof Promise) return value.then((v) => set(gauge, v));
      set(gauge, value);
    },
  });
}

/**
 * A counter with one series whose value is a running total kept elsewhere (CPU seconds). It is
 * advanced to `read()` at scrape time, so after a registry reset it catches up on the next scrape
 * instead of restarting from zero.
 */
export function totalCounter(
  ctx: RuntimeContext,
  name: string,
  help: string,
  read: () => number | undefined,
): Counter<readonly string[]> {
  const fullName = ctx.prefix + name;
  return new Counter({
    name: fullName,
    help,
    unit: unitOf(fullName),
    labelNames: ctx.labelNames,
    registry: null,
    collect(counter) {
      const total = read();
      if (total === undefined) return;
      const child = counter.labels(ctx.labels);
      const delta = total - child.get();
      // Rounding can make the delta a hair negative; a counter must never be asked to go down.
      if (delta > 0) child.inc(delta);
    },
  });
}

/**
 * A gauge with one series per value of `labelName` (handle type, heap space). A value seen once
 * keeps being exported, as 0 when it is gone, so a graph drops to zero instead of leaving a gap.
 */
export function labelledGauge(
  ctx: RuntimeContext,
  name: string,
  help: string,
  labelName: string,
  read: () => Iterable<readonly [string, number]> | undefined,
): Gauge<readonly string[]> {
  const fullName = ctx.prefix + name;
  const seen = new Set<string>();
  const labelsFor = (value: string) => ({ [labelName]: value, ...ctx.labels });
  return new Gauge({
    name: fullName,
    help,
    unit: unitOf(fullName),
    labelNames: [labelName, ...ctx.labelNames],
    registry: null,
    collect(gauge) {
      const entries = read();
      if (entries === undefined) return;
      const absent = new Set(seen);
      for (const [key, value] of entries) {
        gauge.labels(labelsFor(key)).set(value);
        seen.add(key);
        absent.delete(key);
      }
      for (const key of absent) gauge.labels(labelsFor(key)).set(0);
    },
  });
}
