/**
 * Concurrency kit: an instrumented semaphore, and wrappers that measure existing limiters
 * (p-limit-style functions, any semaphore's acquire). See docs/kits/concurrency.md.
 */

export type { KitOptions } from '../shared/kit-options.js';
export { SemaphoreQueueFullError } from './errors.js';
export type { InstrumentAcquireOptions } from './instrument-acquire.js';
export { instrumentAcquire } from './instrument-acquire.js';
export type { ConcurrencyKitOptions, SemaphoreAcquireMode } from './metrics.js';
export {
  DEFAULT_SEMAPHORE_HOLD_BUCKETS,
  DEFAULT_SEMAPHORE_WAIT_BUCKETS,
  unregisterConcurrencyMetrics,
} from './metrics.js';
export type { SemaphoreAcquireOptions, SemaphoreOptions, SemaphoreRelease } from './semaphore.js';
export { InstrumentedSemaphore } from './semaphore.js';
export { uninstrumentLimiter } from './uninstrument.js';
export type { LimitFunctionLike, WrapLimiterOptions } from './wrap-limiter.js';
export { wrapLimiter } from './wrap-limiter.js';
