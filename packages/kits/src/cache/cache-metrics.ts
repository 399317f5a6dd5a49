/**
 * The reporting API of the cache kit: what a cache telemeter cannot wrap (a Redis client, a
 * cache inside another library) reports by calling it, and what the wrappers and adapters record
 * through. Counters are bound children kept from creation, so hit() is one counter increment.
 */
import { type CounterChild, type GaugeChild, InvalidConfigError, type Labels } from '@telemeter/core';
import { addReader, labelSetKey, returnLease, takeLease } from '../shared/collect-hub.js';
import { EXPLAINED_MESSAGES } from '../shared/kit-option-messages.js';
import { type KitOptions, type ResolvedKitOptions, resolveKitOptions } from '../shared/kit-options.js';
import { boundedLabelValue, checkName, checkSeconds } from '../shared/option-checks.js';
import { removeSeries } from '../shared/remove-series.js';
import { CACHE_LABELS, type CacheFamilies, cacheFamilies } from './cache-families.js';
import { WindowedRatio } from './hit-ratio.js';

/**
 * Why an entry left the cache. `capacity`: evicted to make room; `expired`: its TTL passed;
 * `deleted`: removed by delete(); `cleared`: removed by clear(); `replaced`: overwritten by a
 * set() of another value; `fetch_failed`: removed after a failed or aborted fetch (lru-cache).
 * Other values matching `[a-z][a-z0-9_]{0,31}` are kept; anything else is counted as `other`.
 */
export type CacheEvictionReason =
  | 'capacity'
  | 'expired'
  | 'deleted'
  | 'cleared'
  | 'replaced'
  | 'fetch_failed'
  | (string & {});

/** Why a write was refused; `too_large` is the one the adapters report. */
export type CacheRejectionReason = 'too_large' | (string & {});

/** Values read when the metrics are collected (each optional). A number is a constant. */
export interface CacheReaders {
  entries?: () => number;
  bytes?: () => number;
  maxEntries?: number | (() => number);
  maxBytes?: number | (() => number);
}

export interface CacheMetricsOptions extends KitOptions, CacheReaders {
  /** The `cache` label value. Caches with the same name (and registry, prefix, labels) share series. */
  name: string;
  /**
   * Window of the `cache_hit_ratio` gauge in seconds (default 300); 0 for the ratio since the
   * cache was instrumented.
   */
  hitRatioWindowSeconds?: number;
}

export const DEFAULT_HIT_RATIO_WINDOW_SECONDS = 300;

/** Counts of one cache. Every method is safe to call after stop() (it then does nothing). */
export class CacheMetrics {
  /** The `cache` label value. */
  readonly name: string;
  /** @internal Bound children, for the wrappers' fast path. */
  readonly hits: CounterChild;
  /** @internal */
  readonly misses: CounterChild;
  /** @internal */
  readonly sets: CounterChild;
  private readonly families: CacheFamilies;
  private readonly labels: Labels;
  private readonly leaseKey: string;
  private readonly evictions = new Map<string, CounterChild>();
  private readonly rejections = new Map<string, CounterChild>();
  private readonly ratio: WindowedRatio;
  private readonly detach: Array<() => void> = [];
  private gauges: Partial<Record<'entries' | 'bytes' | 'maxEntries' | 'maxBytes', GaugeChild>> = {};
  /** @internal False once stopped; the wrappers' proxies read it on every method access. */
  active = true;

  /** @internal Use cacheMetrics(). */
  constructor(options: CacheMetricsOptions, fn = 'cacheMetrics()') {
    if (options === null || typeof options !== 'object') {
      throw new InvalidConfigError('options', `${fn} expects an options object with a name`);
    }
    this.name = checkName(fn, options.name, 'cache');
    const windowSeconds = checkSeconds(
      fn,
      'hitRatioWindowSeconds',
      options.hitRatioWindowSeconds ?? DEFAULT_HIT_RATIO_WINDOW_SECONDS,
      true,
    );
    const kit: ResolvedKitOptions = resolveKitOptions(options, CACHE_LABELS, fn, EXPLAINED_MESSAGES);
    this.families = cacheFamilies(kit);
    this.labels = { ...kit.constLabels, cache: this.name };
    this.leaseKey = labelSetKey(this.labels);
    takeLease(this.families.requests, this.leaseKey);
    const { requests, sets } = this.families;
    this.hits = requests.labels({ ...this.labels, result: 'hit' });
    this.misses = requests.labels({ ...this.labels, result: 'miss' });
    this.sets = sets.labels(this.labels);
    this.ratio = new WindowedRatio(
      windowSeconds * 1000,
      kit.registry.now,
      this.hits.get(),
      this.misses.get(),
    );
    const ratioChild = this.families.hitRatio.labels(this.labels);
    this.detach.push(addReader(this.families.hitRatio, () => ratioChild.set(this.hitRatio())));
    this.observe(options);
  }

  hit(count = 1): void {
    if (this.active) this.hits.inc(count);
  }

  miss(count = 1): void {
    if (this.active) this.misses.inc(count);
  }

  /** A value written into the cache. */
  set(count = 1): void {
    if (this.active) this.sets.inc(count);
  }

  evict(reason: CacheEvictionReason = 'capacity', count = 1): void {
    if (!this.active) return;
    let child = this.evictions.get(reason);
    if (child === undefined) {
      child = this.families.evictions.labels({ ...this.labels, reason: boundedLabelValue(reason) });
      this.evictions.set(reason, child);
    }
    child.inc(count);
  }

  reject(reason: CacheRejectionReason = 'too_large', count = 1): void {
    if (!this.active) return;
    let child = this.rejections.get(reason);
    if (child === undefined) {
      child = this.families.rejections.labels({ ...this.labels, reason: boundedLabelValue(reason) });
      this.rejections.set(reason, child);
    }
    child.inc(count);
  }

  setEntries(entries: number): void {
    if (this.active) this.gauge('entries').set(entries);
  }

  setBytes(bytes: number): void {
    if (this.active) this.gauge('bytes').set(bytes);
  }

  setMaxEntries(entries: number): void {
    if (this.active) this.gauge('maxEntries').set(entries);
  }

  setMaxBytes(bytes: number): void {
    if (this.active) this.gauge('maxBytes').set(bytes);
  }

  /**
   * Reads these values each time the metrics are collected (instead of setEntries() & co.).
   * A reader that returns a non-number or throws leaves the series at its last value.
   */
  observe(readers: CacheReaders): void {
    if (!this.active) return;
    const attach = (key: keyof CacheReaders, read: (() => number) | number | undefined) => {
      if (read === undefined) return;
      const child = this.gauge(key);
      // A constant is set at every collection too, so that registry.resetAll() does not zero it.
      const value = typeof read === 'number' ? () => read : read;
      if (typeof value !== 'function') return;
      this.detach.push(
        addReader(child.metric, () => {
          const v = value();
          if (typeof v === 'number') child.set(v);
        }),
      );
    };
    attach('entries', readers.entries);
    attach('bytes', readers.bytes);
    attach('maxEntries', readers.maxEntries);
    attach('maxBytes', readers.maxBytes);
  }

  /** @internal Runs `fn` on stop() (adapters restore what they patched). */
  onStop(fn: () => void): void {
    if (this.active) this.detach.push(fn);
    else fn();
  }

  /** The value `cache_hit_ratio` would show now (NaN without lookups in the window). */
  hitRatio(): number {
    return this.ratio.sample(this.hits.get(), this.misses.get());
  }

  /** Whether stop() was called. */
  get stopped(): boolean {
    return !this.active;
  }

  /**
   * Stops recording and collect-time readings. When no other live instrumentation has the same
   * name (and labels), this cache's series are removed from the registry. Safe to call twice.
   */
  stop(): void {
    if (!this.active) return;
    this.active = false;
    for (const detach of this.detach) detach();
    this.detach.length = 0;
    if (!returnLease(this.families.requests, this.leaseKey)) return;
    for (const metric of this.families.created()) removeSeries(metric, this.labels);
  }

  private gauge(key: 'entries' | 'bytes' | 'maxEntries' | 'maxBytes'): GaugeChild {
    let child = this.gauges[key];
    if (child === undefined) {
      const f = this.families;
      const metric =
        key === 'entries'
          ? f.entries
          : key === 'bytes'
            ? f.bytes()
            : key === 'maxEntries'
              ? f.maxEntries()
              : f.maxBytes();
      child = this.gauges[key] = metric.labels(this.labels);
    }
    return child;
  }
}

/**
 * Counters and gauges for one cache, for caches telemeter cannot wrap.
 * @example
 * const c = cacheMetrics({ name: 'redis-sessions' });
 * const value = await redis.get(key);
 * if (value === null) c.miss(); else c.hit();
 * @throws InvalidConfigError for a bad option (nothing is registered then).
 */
export function cacheMetrics(options: CacheMetricsOptions): CacheMetrics {
  return new CacheMetrics(options);
}
