/** The metric families of the pool kit, created get-or-create so every pool shares them. */
import type { AnyMetric, Counter, Gauge, Histogram } from '@telemeter/core';
import { collectSources } from '../shared/collect-hub.js';
import type { ResolvedKitOptions } from '../shared/kit-options.js';

type Labelled = readonly string[];

/** Label names the kit sets itself (constant labels cannot use them). */
export const POOL_LABELS = ['pool', 'kind', 'result', 'reason', 'operation'] as const;

/**
 * Waits from 100 µs (an idle resource handed over) to 10 s (a saturated pool): a pool's wait
 * is near zero until it saturates, then jumps to queueing times.
 */
export const DEFAULT_POOL_WAIT_BUCKETS: readonly number[] = [
  0.0001, 0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
/** How long a resource is held: 1 ms (a buffer) to 60 s (a connection kept for a long job). */
export const DEFAULT_POOL_USE_BUCKETS: readonly number[] = [
  0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

export type PoolGaugeName = 'size' | 'idle' | 'inUse' | 'pending' | 'max' | 'min';

export interface PoolFamilies {
  acquisitions: Counter<Labelled>;
  waitSeconds: Histogram<Labelled>;
  useSeconds: Histogram<Labelled>;
  created: Counter<Labelled>;
  destroyed: Counter<Labelled>;
  errors: Counter<Labelled>;
  gauges: Record<PoolGaugeName, Gauge<Labelled>>;
  all(): AnyMetric[];
}

export function poolFamilies(
  kit: ResolvedKitOptions,
  waitBuckets: readonly number[],
  useBuckets: readonly number[],
): PoolFamilies {
  const { registry, prefix } = kit;
  const base = [...kit.constNames, 'pool', 'kind'];
  const gauge = (name: string, help: string) =>
    registry.gauge({ name: prefix + name, help, labelNames: base, collect: collectSources });
  const families = {
    acquisitions: registry.counter({
      name: `${prefix}pool_acquisitions_total`,
      help: 'Resources requested from the pool, by result: hit (an existing resource), allocated (one created for the request), timeout, error, rejected.',
      labelNames: [...base, 'result'],
    }),
    waitSeconds: registry.histogram({
      name: `${prefix}pool_acquire_wait_seconds`,
      help: 'Time from requesting a resource to getting it (successful acquisitions).',
      labelNames: base,
      buckets: [...waitBuckets],
      unit: 'seconds',
    }),
    useSeconds: registry.histogram({
      name: `${prefix}pool_use_seconds`,
      help: 'Time a resource was held, from acquisition to release or destruction.',
      labelNames: base,
      buckets: [...useBuckets],
      unit: 'seconds',
    }),
    created: registry.counter({
      name: `${prefix}pool_created_total`,
      help: 'Resources the pool created.',
      labelNames: base,
    }),
    destroyed: registry.counter({
      name: `${prefix}pool_destroyed_total`,
      help: 'Resources the pool destroyed, by reason: explicit (destroy() by the application), idle, invalid, cleared, other.',
      labelNames: [...base, 'reason'],
    }),
    errors: registry.counter({
      name: `${prefix}pool_errors_total`,
      help: 'Failed pool operations on resources, by operation: create, destroy, validate.',
      labelNames: [...base, 'operation'],
    }),
    gauges: {
      size: gauge(
        'pool_size',
        'Resources in the pool, idle and in use (and, for generic-pool, being created).',
      ),
      idle: gauge('pool_idle', 'Resources in the pool ready to be handed out.'),
      inUse: gauge('pool_in_use', 'Resources handed out and not yet returned.'),
      pending: gauge('pool_pending', 'Requests waiting for a resource.'),
      max: gauge('pool_max', 'Resources the pool holds at most.'),
      min: gauge('pool_min', 'Resources the pool keeps at least.'),
    },
  };
  return {
    ...families,
    all: () => [
      families.acquisitions,
      families.waitSeconds,
      families.useSeconds,
      families.created,
      families.destroyed,
      families.errors,
      ...Object.values(families.gauges),
    ],
  };
}
