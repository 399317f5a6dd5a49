/**
 * The counting `dispose` callback the lru-cache and TTLCache adapters chain in front of the
 * user's: both libraries call `dispose(value, key, reason)` for every removal, with reasons that
 * mostly coincide, so one hook serves both.
 */
import { InvalidConfigError } from '@telemeter/core';
import type { CacheEvictionReason, CacheMetrics } from './cache-metrics.js';
import type { AnyFunction } from './cache-proxy.js';

/** One adapter's state; `removing` is set while its own delete()/clear() runs, so reasons read right. */
export interface DisposeState {
  readonly metrics: CacheMetrics;
  removing: CacheEvictionReason | undefined;
}

const hooks = new WeakMap<object, DisposeState>();

/** Whether `fn` is the counting dispose of `state` (the cache was built with that adapter's options()). */
export function isCountingDispose(fn: unknown, state: DisposeState): boolean {
  return typeof fn === 'function' && hooks.get(fn) === state;
}

/**
 * A dispose that counts the removal by its reason, then calls `mine` (the user's, if any) with the
 * same arguments and `this`.
 * @param message the InvalidConfigError message when `mine` is neither a function nor undefined
 */
export function countingDispose(state: DisposeState, mine: unknown, message: string): AnyFunction {
  if (mine !== undefined && typeof mine !== 'function') throw new InvalidConfigError('dispose', message);
  const dispose = function (this: unknown, value: unknown, key: unknown, reason: string) {
    if (!state.metrics.stopped) state.metrics.evict(evictionReason(reason, state.removing));
    if (typeof mine === 'function') return mine.call(this, value, key, reason);
  };
  hooks.set(dispose, state);
  return dispose;
}

function evictionReason(reason: string, removing: CacheEvictionReason | undefined): CacheEvictionReason {
  switch (reason) {
    case 'evict':
      return removing ?? 'capacity';
    case 'delete':
      return removing ?? 'deleted';
    case 'expire': // lru-cache
    case 'stale': // TTLCache
      return 'expired';
    case 'set':
      return 'replaced';
    case 'fetch': // lru-cache: removed after a failed or aborted fetch
      return 'fetch_failed';
    default:
      return 'other';
  }
}
