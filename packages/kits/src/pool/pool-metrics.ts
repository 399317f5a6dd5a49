/**
 * The reporting API of the pool kit, and what the adapters record through.
 *
 * The gauges (size, idle, in use, pending) follow the calls: acquire('hit') moves a resource
 * from idle to in use, acquire('allocated') adds one in use, release() moves it back, create()
 * adds an idle one, destroy() removes one. That is exact when the pool reports every resource's
 * life from the start; otherwise pass readers (observe()), which replace the tracked value of
 * their gauge at each collection.
 */
import {
  type CounterChild,
  type GaugeChild,
  type HistogramChild,
  InvalidConfigError,
  type Labels,
} from '@telemeter/core';
import { addReader, labelSetKey, returnLease, takeLease } from '../shared/collect-hub.js';
import { EXPLAINED_MESSAGES } from '../shared/kit-option-messages.js';
import { type KitOptions, resolveKitOptions } from '../shared/kit-options.js';
import { boundedLabelValue, checkName } from '../shared/option-checks.js';
import { removeSeries } from '../shared/remove-series.js';
import {
  DEFAULT_POOL_USE_BUCKETS,
  DEFAULT_POOL_WAIT_BUCKETS,
  POOL_LABELS,
  type PoolFamilies,
  type PoolGaugeName,
  poolFamilies,
} from './pool-families.js';

/** What the pool holds; the `kind` label. Other values matching `[a-z][a-z0-9_]*` are fine. */
export type PoolKind = 'connection' | 'buffer' | 'worker' | 'object' | (string & {});
/** A successful acquisition: `hit` reused an existing resource, `allocated` got a new one. */
export type PoolAcquireResult = 'hit' | 'allocated';
/** A failed acquisition: `timeout`, `rejected` (queue full, pool draining) or `error`. */
export type PoolAcquireFailure = 'timeout' | 'rejected' | 'error';
/** Why a resource was destroyed; other `[a-z][a-z0-9_]*` values are kept, anything else is `other`. */
export type PoolDestroyReason = 'explicit' | 'idle' | 'invalid' | 'cleared' | 'error' | (string & {});

/** Values read at collect time; a number is a constant. */
export interface PoolReaders {
  size?: number | (() => number);
  idle?: number | (() => number);
  inUse?: number | (() => number);
  pending?: number | (() => number);
  max?: number | (() => number);
  min?: number | (() => number);
}

export interface PoolMetricsOptions extends KitOptions, PoolReaders {
  /** The `pool` label value. Pools with the same name (and registry, prefix, labels) share series. */
  name: string;
  /** The `kind` label value (default `"object"`). */
  kind?: PoolKind;
  /** Buckets of `pool_acquire_wait_seconds` (default 100 µs … 10 s). */
  waitBuckets?: readonly number[];
  /** Buckets of `pool_use_seconds` (default 1 ms … 60 s). */
  useBuckets?: readonly number[];
}

const GAUGES: readonly PoolGaugeName[] = ['size', 'idle', 'inUse', 'pending', 'max', 'min'];

/** Counts of one pool. Every method is safe to call after stop() (it then does nothing). */
export class PoolMetrics {
  readonly name: string;
  readonly kind: string;
  private readonly families: PoolFamilies;
  private readonly labels: Labels;
  private readonly leaseKey: string;
  private readonly hits: CounterChild;
  private readonly allocations: CounterChild;
  private readonly wait: HistogramChild;
  private readonly use: HistogramChild;
  private readonly createdChild: CounterChild;
  private readonly gauges = new Map<PoolGaugeName, GaugeChild>();
  /** Gauges with a reader: the calls do not move them. */
  private readonly observed = new Set<PoolGaugeName>();
  private readonly byReason = new Map<string, CounterChild>();
  private readonly detach: Array<() => void> = [];
  private active = true;

  /** @internal Use poolMetrics(). */
  constructor(options: PoolMetricsOptions, fn = 'poolMetrics()', defaultKind: PoolKind = 'object') {
    if (options === null || typeof options !== 'object') {
      throw new InvalidConfigError('options', `${fn} expects an options object with a name`);
    }
    this.name = checkName(fn, options.name, 'pool');
    const kind = options.kind ?? defaultKind;
    if (typeof kind !== 'string' || !/^[a-z][a-z0-9_]{0,31}$/.test(kind)) {
      throw new InvalidConfigError(
        'kind',
        `${fn}: kind must be a short lowercase word such as "connection" or "buffer", got ${JSON.stringify(kind)}`,
      );
    }
    this.kind = kind;
    const kit = resolveKitOptions(options, POOL_LABELS, fn, EXPLAINED_MESSAGES);
    this.families = poolFamilies(
      kit,
      options.waitBuckets ?? DEFAULT_POOL_WAIT_BUCKETS,
      options.useBuckets ?? DEFAULT_POOL_USE_BUCKETS,
    );
    this.labels = { ...kit.constLabels, pool: this.name, kind };
    this.leaseKey = labelSetKey(this.labels);
    takeLease(this.families.acquisitions, this.leaseKey);
    const f = this.families;
    this.hits = f.acquisitions.labels({ ...this.labels, result: 'hit' });
    this.allocations = f.acquisitions.labels({ ...this.labels, result: 'allocated' });
    this.wait = f.waitSeconds.labels(this.labels);
    this.use = f.useSeconds.labels(this.labels);
    this.createdChild = f.created.labels(this.labels);
    this.observe(options);
  }

  /**
   * A resource handed out: `hit` (an idle one) or `allocated` (created for this request; also
   * counts it in pool_created_total). `waitSeconds`, if known, goes to pool_acquire_wait_seconds.
   */
  acquire(result: PoolAcquireResult = 'hit', waitSeconds?: number): void {
    if (!this.active) return;
    this.recordAcquire(result, waitSeconds);
    if (result === 'allocated') {
      this.createdChild.inc();
      this.track('size', 1);
    } else {
      this.track('idle', -1);
    }
    this.track('inUse', 1);
  }

  /**
   * Starts timing a request that may wait; pool_pending counts it until `end` is called with the
   * outcome. Returns `end`, which records the acquisition (or failure) and returns the wait in seconds.
   */
  startAcquire(): (outcome: PoolAcquireResult | PoolAcquireFailure) => number {
    const start = performance.now();
    this.track('pending', 1);
    let ended = false;
    return (outcome) => {
      const seconds = (performance.now() - start) / 1000;
      if (ended) return seconds;
      ended = true;
      this.track('pending', -1);
      if (outcome === 'hit' || outcome === 'allocated') this.acquire(outcome, seconds);
      else this.failed(outcome);
      return seconds;
    };
  }

  /** A request that got no resource. */
  failed(reason: PoolAcquireFailure = 'error'): void {
    if (this.active) this.child(this.families.acquisitions, 'result', reason).inc();
  }

  /** A resource given back; `useSeconds` (how long it was held), if known, goes to pool_use_seconds. */
  release(useSeconds?: number): void {
    if (!this.active) return;
    if (useSeconds !== undefined) this.use.observe(useSeconds);
    this.track('inUse', -1);
    this.track('idle', 1);
  }

  /** Resources created ahead of demand (warm-up, a minimum size): they start idle. */
  create(count = 1): void {
    if (!this.active) return;
    this.createdChild.inc(count);
    this.track('size', count);
    this.track('idle', count);
  }

  /** A resource destroyed, from the idle set (default) or while in use (e.g. a broken connection). */
  destroy(
    reason: PoolDestroyReason = 'explicit',
    from: 'idle' | 'in_use' = 'idle',
    useSeconds?: number,
  ): void {
    if (!this.active) return;
    this.recordDestroyed(reason);
    if (useSeconds !== undefined) this.use.observe(useSeconds);
    this.track('size', -1);
    this.track(from === 'in_use' ? 'inUse' : 'idle', -1);
  }

  /** A failed operation on a resource (creating, destroying or validating it). */
  error(operation: 'create' | 'destroy' | 'validate' | (string & {})): void {
    if (this.active) this.child(this.families.errors, 'operation', operation).inc();
  }

  /** Reads these values at each collection instead of tracking them from the calls. */
  observe(readers: PoolReaders): void {
    if (!this.active) return;
    for (const key of GAUGES) {
      const read = readers[key];
      if (read === undefined) continue;
      const value = typeof read === 'number' ? () => read : read;
      if (typeof value !== 'function') {
        throw new InvalidConfigError(
          key,
          `poolMetrics(): ${key} must be a number or a function returning one`,
        );
      }
      const child = this.gauge(key);
      this.observed.add(key);
      this.detach.push(
        addReader(child.metric, () => {
          const v = value();
          if (typeof v === 'number') child.set(v);
        }),
      );
    }
  }

  /** Whether stop() was called. */
  get stopped(): boolean {
    return !this.active;
  }

  /**
   * Stops recording and readings (adapters also undo their patches). When no other live
   * instrumentation has the same name, kind and labels, the pool's series are removed. Safe to call twice.
   */
  stop(): void {
    if (!this.active) return;
    this.active = false;
    for (const fn of this.detach.splice(0)) fn();
    if (!returnLease(this.families.acquisitions, this.leaseKey)) return;
    for (const metric of this.families.all()) removeSeries(metric, this.labels);
  }

  /** @internal Counter and histogram only (adapters read the gauges from the pool). */
  recordAcquire(result: PoolAcquireResult, waitSeconds?: number): void {
    if (!this.active) return;
    (result === 'allocated' ? this.allocations : this.hits).inc();
    if (waitSeconds !== undefined) this.wait.observe(waitSeconds);
  }

  /** @internal */
  recordCreated(): void {
    if (this.active) this.createdChild.inc();
  }

  /** @internal */
  recordDestroyed(reason: PoolDestroyReason): void {
    if (this.active) this.child(this.families.destroyed, 'reason', reason).inc();
  }

  /** @internal */
  recordUse(seconds: number): void {
    if (this.active) this.use.observe(seconds);
  }

  /** @internal Runs `fn` on stop() (adapters undo their patches). */
  onStop(fn: () => void): void {
    if (this.active) this.detach.push(fn);
    else fn();
  }

  private track(key: PoolGaugeName, delta: number): void {
    if (this.active && !this.observed.has(key)) this.gauge(key).inc(delta);
  }

  private gauge(key: PoolGaugeName): GaugeChild {
    let child = this.gauges.get(key);
    if (child === undefined) {
      child = this.families.gauges[key].labels(this.labels);
      this.gauges.set(key, child);
    }
    return child;
  }

  private child(
    metric: { labels(values: Record<string, string>): CounterChild },
    label: string,
    value: string,
  ): CounterChild {
    const key = `${label}\u0000${value}`;
    let child = this.byReason.get(key);
    if (child === undefined) {
      child = metric.labels({ ...this.labels, [label]: boundedLabelValue(value) });
      this.byReason.set(key, child);
    }
    return child;
  }
}

/**
 * Counters, gauges and histograms for one pool, reported by calls.
 * @example
 * const pool = poolMetrics({ name: 'buffers', kind: 'buffer', max: 64 });
 * function take() { const b = free.pop(); pool.acquire(b ? 'hit' : 'allocated'); return b ?? Buffer.alloc(SIZE); }
 * function give(b) { free.push(b); pool.release(); }
 * @throws InvalidConfigError for a bad option; DuplicateMetricError when another pool in the same
 * registry uses different histogram buckets.
 */
export function poolMetrics(options: PoolMetricsOptions): PoolMetrics {
  return new PoolMetrics(options);
}
