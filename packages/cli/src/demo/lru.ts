/**
 * A Map-like LRU cache with a TTL, for the demo. Evictions to make room happen inside `set()`
 * (the instrumentation infers them from `size`); expiries are reported through `onExpire`
 * because they happen inside `get()`, which the wrapper only sees as a miss.
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();
  onExpire: (count: number) => void = () => {};

  constructor(
    readonly max: number,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expires <= this.now()) {
      this.onExpire(1);
      return undefined;
    }
    // Re-inserting moves the key to the end: Map iteration order is the recency order.
    this.entries.set(key, entry);
    return entry.value;
  }

  has(key: K): boolean {
    const entry = this.entries.get(key);
    return entry !== undefined && entry.expires > this.now();
  }

  set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
    while (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value as K;
      this.entries.delete(oldest);
    }
    return this;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
