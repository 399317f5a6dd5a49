/**
 * `@telemeter/kits/pool`: acquisitions (hit or allocated), waits, hold times, in-use / idle /
 * size / pending, creations and destructions of buffer, connection and other resource pools.
 *
 * ```ts
 * import { instrumentGenericPool, instrumentPool, poolMetrics } from '@telemeter/kits/pool';
 * instrumentGenericPool(dbPool, { name: 'db' });                                   // generic-pool
 * instrumentPool(buffers, { name: 'frames', kind: 'buffer', idle: () => buffers.available });
 * const p = poolMetrics({ name: 'workers', kind: 'worker' }); p.acquire('hit');     // report it yourself
 * ```
 */
export type { GenericPoolLike, GenericPoolMetricsOptions } from './generic-pool.js';
export { instrumentGenericPool } from './generic-pool.js';
export type { InstrumentPoolOptions } from './instrument-pool.js';
export { instrumentPool } from './instrument-pool.js';
export { DEFAULT_POOL_USE_BUCKETS, DEFAULT_POOL_WAIT_BUCKETS } from './pool-families.js';
export type {
  PoolAcquireFailure,
  PoolAcquireResult,
  PoolDestroyReason,
  PoolKind,
  PoolMetricsOptions,
  PoolReaders,
} from './pool-metrics.js';
export { PoolMetrics, poolMetrics } from './pool-metrics.js';
