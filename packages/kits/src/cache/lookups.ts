/**
 * The hit/miss rule shared by the wrappers.
 *
 * - `get(key)` is a hit when it returns a value (by default: anything but `undefined`), else a miss.
 * - `has(key)` is a hit when it returns true, else a miss (unless `countHas: false`).
 * - A `get(key)` right after `has(key)` for the same key (no other lookup in between) is the
 *   same lookup and is not counted again. So both usual idioms count one lookup each:
 *   `if (c.has(k)) return c.get(k)` and `if (!c.has(k)) c.set(k, load(k)); return c.get(k)`.
 */
import type { CacheMetrics } from './cache-metrics.js';
import type { MethodFactory } from './cache-proxy.js';

const NO_KEY: unique symbol = Symbol('no key');

export class Lookups {
  private lastHas: unknown = NO_KEY;
  private readonly metrics: CacheMetrics;
  private readonly countHas: boolean;

  constructor(metrics: CacheMetrics, countHas: boolean) {
    this.metrics = metrics;
    this.countHas = countHas;
  }

  get(key: unknown, hit: boolean): void {
    if (key === this.lastHas) {
      this.lastHas = NO_KEY;
      return;
    }
    this.lastHas = NO_KEY;
    if (hit) this.metrics.hits.inc();
    else this.metrics.misses.inc();
  }

  has(key: unknown, found: boolean): void {
    if (!this.countHas) return;
    if (found) this.metrics.hits.inc();
    else this.metrics.misses.inc();
    this.lastHas = key;
  }

  /** Another kind of lookup (fetch, memo) counted on its own: it ends a has() → get() pair. */
  other(hit: boolean): void {
    this.lastHas = NO_KEY;
    if (hit) this.metrics.hits.inc();
    else this.metrics.misses.inc();
  }

  /** A delete or clear ends a has() → get() pair. */
  reset(): void {
    this.lastHas = NO_KEY;
  }
}

/** The counting has() of every wrapper: a hit when the cache's has() returns true. */
export function countingHas(lookups: Lookups): MethodFactory {
  return (original, ctx) =>
    function (this: unknown, key: unknown) {
      // biome-ignore lint/complexity/noArguments: forward exactly what the caller passed
      const found = original.apply(ctx.self(this), arguments);
      lookups.has(key, found === true);
      return found;
    };
}
