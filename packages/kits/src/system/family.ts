/**
 * What the metric groups share: the context every system metric gets (prefix, constant labels,
 * warner) and two instrument shapes whose series are rewritten from a source at every scrape.
 * Instruments are created unregistered (`registry: null`); collect-system-metrics.ts registers
 * the whole set once every group is built, so a bad option never leaves half the metrics behind.
 */
import { Counter, Gauge, type Labels } from '@telemeter/core';
import type { OnceWarner } from './warnings.js';

export interface SystemContext {
  readonly prefix: string;
  /** Constant labels added to every series after the family's own labels. */
  readonly labels: Labels;
  readonly warner: OnceWarner;
}

/** Writes one series: its own label values (in the family's label order) and its value. */
export type WriteSeries = (labelValues: readonly string[], value: number) => void;

/**
 * Fills a family for one scrape by calling `write` per series. It throws (or rejects) when its
 * source cannot be read; the registry then leaves the family out of that scrape and warns once
 * per metric, so a stale or zero value is never exported as if it were current.
 */
export type FillFamily = (write: WriteSeries) => void | Promise<void>;

export interface FamilySpec {
  readonly name: string;
  readonly help: string;
  readonly labelNames?: readonly string[];
  readonly fill: FillFamily;
}

/** The OpenMetrics unit a name's suffix declares, so `# UNIT` lines come for free. */
export function unitOf(name: string): string {
  const base = name.endsWith('_total') ? name.slice(0, -'_total'.length) : name;
  for (const unit of ['seconds', 'bytes', 'ratio']) if (base.endsWith(`_${unit}`)) return unit;
  return '';
}

/**
 * Remembers the label sets written in the last scrape, so series that disappear from the source
 * (an unmounted filesystem, a removed interface, an offlined CPU) are removed instead of being
 * exported forever with their last value.
 */
class SeriesTracker {
  private readonly entries = new Map<string, { readonly labels: Labels; scrape: number }>();
  private scrape = 0;

  constructor(
    private readonly labelNames: readonly string[],
    private readonly constant: Labels,
  ) {}

  begin(): void {
    this.scrape++;
  }

  get current(): number {
    return this.scrape;
  }

  labels(values: readonly string[]): Labels {
    const key = values.length === 1 ? values[0]! : values.join('\u0000');
    let entry = this.entries.get(key);
    if (entry === undefined) {
      const labels: Record<string, string> = {};
      for (let i = 0; i < this.labelNames.length; i++) labels[this.labelNames[i]!] = values[i] ?? '';
      Object.assign(labels, this.constant);
      entry = { labels, scrape: this.scrape };
      this.entries.set(key, entry);
    }
    entry.scrape = this.scrape;
    return entry.labels;
  }

  /** Removes from `metric` every label set not written since begin(). */
  sweep(metric: { remove(labels: Labels): void }): void {
    for (const [key, entry] of this.entries) {
      if (entry.scrape !== this.scrape) {
        metric.remove(entry.labels);
        this.entries.delete(key);
      }
    }
  }
}

function allLabelNames(ctx: SystemContext, own: readonly string[]): string[] {
  return [...own, ...Object.keys(ctx.labels)];
}

/** A gauge whose series are set from `fill` at every scrape. */
export function scrapedGauge(ctx: SystemContext, spec: FamilySpec): Gauge<readonly string[]> {
  const own = spec.labelNames ?? [];
  const tracker = new SeriesTracker(own, ctx.labels);
  const name = ctx.prefix + spec.name;
  return new Gauge({
    name,
    help: spec.help,
    unit: unitOf(name),
    labelNames: allLabelNames(ctx, own),
    registry: null,
    collect(gauge) {
      tracker.begin();
      const write: WriteSeries = (values, value) => gauge.labels(tracker.labels(values)).set(value);
      const filled = spec.fill(write);
      if (filled === undefined) return tracker.sweep(gauge);
      const scrape = tracker.current;
      return filled.then(() => {
        // An older scrape that finished late must not sweep what a newer one wrote.
        if (tracker.current === scrape) tracker.sweep(gauge);
      });
    },
  });
}

/**
 * A counter whose series are running totals kept by the kernel. Each scrape zeroes the family
 * (reset() keeps the label sets) and adds each total, so a series always equals the kernel's
 * figure to the last digit, as node_exporter exports it; when a total goes down (a 32-bit counter
 * wrapped, an interface was re-created) the series goes down with it, which rate() reads as a
 * counter reset.
 */
export function scrapedCounter(
  ctx: SystemContext,
  spec: FamilySpec & { readonly fill: (write: WriteSeries) => void },
): Counter<readonly string[]> {
  const own = spec.labelNames ?? [];
  const tracker = new SeriesTracker(own, ctx.labels);
  const name = ctx.prefix + spec.name;
  return new Counter({
    name,
    help: spec.help,
    unit: unitOf(name),
    labelNames: allLabelNames(ctx, own),
    registry: null,
    collect(counter) {
      tracker.begin();
      // Synchronous from here to the last write, so no snapshot can see the zeroed family.
      counter.reset();
      const write: WriteSeries = (values, total) => counter.labels(tracker.labels(values)).inc(total);
      spec.fill(write);
      tracker.sweep(counter);
    },
  });
}
