import { constants, type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';
import { Histogram } from '../histogram.js';
import type { RuntimeContext, RuntimeGroup } from './runtime-context.js';

/** prom-client's `kind` label values. */
export const GC_KINDS = ['major', 'minor', 'incremental', 'weakcb'] as const;
export type GcKind = (typeof GC_KINDS)[number];

// V8's GCType flags (v8-callbacks.h). perf_hooks exports all but kGCTypeMinorMarkSweep (2), the
// young-generation mark-sweep collector some V8 flags enable; it is a minor GC.
const MINOR_MARK_SWEEP = 2;
const KIND_BY_FLAG = new Map<number, GcKind>([
  [constants.NODE_PERFORMANCE_GC_MAJOR, 'major'],
  [constants.NODE_PERFORMANCE_GC_MINOR, 'minor'],
  [MINOR_MARK_SWEEP, 'minor'],
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL, 'incremental'],
  [constants.NODE_PERFORMANCE_GC_WEAKCB, 'weakcb'],
]);

export function gcKindOf(entry: PerformanceEntry): GcKind | undefined {
  // `detail` is typed only on some entry classes; for 'gc' entries it is `{ kind, flags }` (Node >= 16).
  const kind = (entry as { detail?: { kind?: unknown } | null }).detail?.kind;
  return typeof kind === 'number' ? KIND_BY_FLAG.get(kind) : undefined;
}

/**
 * Calls `onGc` for every garbage collection with its kind and pause in seconds. Returns the
 * function that stops observing. Entries of unknown kind (a future V8 type) are skipped rather
 * than reported under a label dashboards don't know.
 */
export function observeGc(onGc: (kind: GcKind, seconds: number) => void): () => void {
  const observer = new PerformanceObserver((list) => {
    // Entries are delivered in batches; prom-client reads only the first and loses the rest.
    for (const entry of list.getEntries()) {
      const kind = gcKindOf(entry);
      if (kind !== undefined) onGc(kind, entry.duration / 1000);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => observer.disconnect();
}

/** `undefined` where 'gc' performance entries cannot be observed. */
export function gcMetrics(ctx: RuntimeContext, buckets: readonly number[]): RuntimeGroup | undefined {
  const labelsByKind = new Map(GC_KINDS.map((kind) => [kind, { kind, ...ctx.labels }]));
  const histogram = new Histogram({
    name: `${ctx.prefix}nodejs_gc_duration_seconds`,
    help: 'Garbage collection duration by kind, one of major, minor, incremental or weakcb.',
    unit: 'seconds',
    labelNames: ['kind', ...ctx.labelNames],
    buckets,
    registry: null,
    // Every kind is exported from the first scrape (with zero counts), not only after its first GC.
    collect(h) {
      for (const labels of labelsByKind.values()) h.labels(labels);
    },
  });
  let stop: () => void;
  try {
    stop = observeGc((kind, seconds) => histogram.labels(labelsByKind.get(kind)!).observe(seconds));
  } catch {
    return undefined;
  }
  return { metrics: [histogram], stop };
}
