/**
 * The hit ratio over a trailing window, computed from the lifetime hit and miss counts each time
 * the metrics are collected: no timer and nothing on the record path.
 *
 * Each collection appends a sample (time, hits, misses); the ratio is taken against the newest
 * sample at least `windowMs` old (the baseline), or against the first sample (taken when the
 * cache was instrumented) while the cache is younger than the window. Samples are kept at most
 * every window/60, so the ring holds about 60 entries however often the metrics are scraped, and
 * the window is exact to within 1/60 of its length.
 */

const SAMPLES_PER_WINDOW = 60;

export class WindowedRatio {
  private readonly windowMs: number;
  private readonly minGapMs: number;
  private readonly now: () => number;
  // Parallel arrays used as a queue from `head`: (time, hits, misses).
  private times: number[] = [];
  private hits: number[] = [];
  private misses: number[] = [];
  private head = 0;

  /** @param windowMs 0 for the lifetime ratio (since the first sample). */
  constructor(windowMs: number, now: () => number, hits: number, misses: number) {
    this.windowMs = windowMs;
    this.minGapMs = windowMs / SAMPLES_PER_WINDOW;
    this.now = now;
    this.push(now(), hits, misses);
  }

  /** hits / (hits + misses) since the baseline; NaN when there was no request in the window. */
  sample(hits: number, misses: number): number {
    const t = this.now();
    if (this.windowMs > 0) {
      // Advance the baseline to the newest sample that is still at least a window old.
      const cutoff = t - this.windowMs;
      while (this.head + 1 < this.times.length && this.times[this.head + 1]! <= cutoff) this.head++;
      if (t - this.times[this.times.length - 1]! >= this.minGapMs) this.push(t, hits, misses);
      if (this.head > SAMPLES_PER_WINDOW) this.compact();
    }
    const dh = hits - this.hits[this.head]!;
    const dm = misses - this.misses[this.head]!;
    if (dh < 0 || dm < 0) {
      // The counters were reset (registry.resetAll()): start over from here.
      this.times = [t];
      this.hits = [hits];
      this.misses = [misses];
      this.head = 0;
      return Number.NaN;
    }
    const total = dh + dm;
    return total > 0 ? dh / total : Number.NaN;
  }

  private push(t: number, hits: number, misses: number): void {
    this.times.push(t);
    this.hits.push(hits);
    this.misses.push(misses);
  }

  private compact(): void {
    this.times = this.times.slice(this.head);
    this.hits = this.hits.slice(this.head);
    this.misses = this.misses.slice(this.head);
    this.head = 0;
  }
}
