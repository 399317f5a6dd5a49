/** The metric families of the cache kit, created get-or-create so every cache shares them. */
import type { AnyMetric, Counter, Gauge } from '@telemeter/core';
import { collectSources } from '../shared/collect-hub.js';
import type { ResolvedKitOptions } from '../shared/kit-options.js';

type Labelled = readonly string[];

export interface CacheFamilies {
  requests: Counter<Labelled>;
  sets: Counter<Labelled>;
  evictions: Counter<Labelled>;
  rejections: Counter<Labelled>;
  entries: Gauge<Labelled>;
  hitRatio: Gauge<Labelled>;
  /** Created on first use, so caches without sizes don't list empty families. */
  bytes(): Gauge<Labelled>;
  maxEntries(): Gauge<Labelled>;
  maxBytes(): Gauge<Labelled>;
  /** The families created so far (the lazy ones only once used). */
  created(): AnyMetric[];
}

/** Label names the kit sets itself (constant labels cannot use them). */
export const CACHE_LABELS = ['cache', 'result', 'reason'] as const;

export function cacheFamilies(kit: ResolvedKitOptions): CacheFamilies {
  const { registry, prefix } = kit;
  const base = [...kit.constNames, 'cache'];
  const gauge = (name: string, help: string, unit?: string) => () =>
    registry.gauge({ name: prefix + name, help, labelNames: base, unit, collect: collectSources });
  let bytes: Gauge<Labelled> | undefined;
  let maxEntries: Gauge<Labelled> | undefined;
  let maxBytes: Gauge<Labelled> | undefined;
  const makeBytes = gauge(
    'cache_size_bytes',
    'Total size of the entries held by the cache, in bytes, read when the metrics are collected.',
    'bytes',
  );
  const makeMaxEntries = gauge('cache_max_entries', 'Number of entries the cache holds at most.');
  const makeMaxBytes = gauge(
    'cache_max_size_bytes',
    'Total size in bytes of the entries the cache holds at most.',
    'bytes',
  );
  const families: Omit<CacheFamilies, 'bytes' | 'maxEntries' | 'maxBytes' | 'created'> = {
    requests: registry.counter({
      name: `${prefix}cache_requests_total`,
      help: 'Cache lookups, by result: hit (the cache had the value) or miss.',
      labelNames: [...base, 'result'],
    }),
    sets: registry.counter({
      name: `${prefix}cache_sets_total`,
      help: 'Values written into the cache (writes the cache refused are in cache_rejections_total).',
      labelNames: base,
    }),
    evictions: registry.counter({
      name: `${prefix}cache_evictions_total`,
      help: 'Entries removed from the cache, by reason: capacity, expired, deleted, cleared, replaced, fetch_failed.',
      labelNames: [...base, 'reason'],
    }),
    rejections: registry.counter({
      name: `${prefix}cache_rejections_total`,
      help: 'Writes the cache refused, by reason (too_large: the entry exceeds the largest entry the cache takes).',
      labelNames: [...base, 'reason'],
    }),
    entries: gauge('cache_entries', 'Entries held by the cache, read when the metrics are collected.')(),
    hitRatio: gauge(
      'cache_hit_ratio',
      'Hits / (hits + misses) over a trailing window (default 5 minutes), computed when the metrics are collected; NaN when there was no lookup in the window. In PromQL, prefer a ratio of rate(cache_requests_total[...]).',
      'ratio',
    )(),
  };
  return {
    ...families,
    bytes: () => (bytes ??= makeBytes()),
    maxEntries: () => (maxEntries ??= makeMaxEntries()),
    maxBytes: () => (maxBytes ??= makeMaxBytes()),
    created: () => {
      const all: AnyMetric[] = Object.values(families);
      for (const lazy of [bytes, maxEntries, maxBytes]) if (lazy !== undefined) all.push(lazy);
      // Another instance may have created the lazy ones in this registry.
      for (const name of ['cache_size_bytes', 'cache_max_entries', 'cache_max_size_bytes']) {
        const metric = registry.get(prefix + name);
        if (metric !== undefined && !all.includes(metric)) all.push(metric);
      }
      return all;
    },
  };
}
