/**
 * Quantiles over the last `maxAgeSeconds`: a ring of `ageBuckets` DDSketches, each covering one slot of
 * `maxAgeSeconds / ageBuckets`. An observation goes into the current slot only (O(1), where prom-client
 * and the Go client insert into every age bucket); a read merges all slots, so the window holds between
 * `(ageBuckets - 1)` and `ageBuckets` slots of data, as a Prometheus Go summary's does.
 *
 * `add()` never reads a clock: it compares the coarse clock's `now` field with the end of the current
 * slot (see coarse-clock.ts). Reads call `clock.tick()` first, so the window is right even when the
 * clock's timer has been delayed by a busy event loop; observations made during such a delay are
 * attributed to the slot that was current when the delay began.
 *
 * Lifetime count and sum (what a Prometheus summary exposes as `_count` and `_sum`) cost nothing per
 * observation: each slot's sketch already counts and sums, and a slot's totals are folded into
 * `expiredCount`/`expiredSum` when it is recycled.
 */
import { describeValue } from '../describe-value.js';
import { InvalidConfigError } from '../errors.js';
import { type CoarseClock, processClock } from './coarse-clock.js';
import { DDSketch, type DDSketchOptions } from './ddsketch.js';

/** client_golang's defaults (`DefMaxAge` = 10 min, `DefAgeBuckets` = 5). */
export const DEFAULT_MAX_AGE_SECONDS = 600;
export const DEFAULT_AGE_BUCKETS = 5;
/** Ticks per slot: bounds the misattribution of an observation to 1/16 of a slot. */
const TICKS_PER_SLOT = 16;

export interface SlidingWindowOptions extends DDSketchOptions {
  /** Length of the window in seconds. Default 600. */
  maxAgeSeconds?: number;
  /** Number of slots the window is divided into. Default 5. */
  ageBuckets?: number;
  /** Default: the process-wide coarse clock. Pass your own to drive time by hand. */
  clock?: CoarseClock;
}

/** Stops the clock's interval once windows are garbage-collected (no explicit close needed). */
const releaser = new FinalizationRegistry<{ clock: CoarseClock; resolutionMs: number }>(
  ({ clock, resolutionMs }) => clock.release(resolutionMs),
);

export class SlidingWindowSketch {
  readonly maxAgeSeconds: number;
  readonly ageBuckets: number;
  readonly relativeAccuracy: number;
  readonly maxBucketCount: number;
  readonly clock: CoarseClock;
  private readonly slotMs: number;
  private readonly slots: DDSketch[];
  private head = 0;
  private current: DDSketch;
  /** Clock time at which the current slot ends. */
  private slotEnd: number;
  private expiredCount = 0;
  private expiredSum = 0;

  constructor(options: SlidingWindowOptions = {}) {
    const maxAge = options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
    if (typeof maxAge !== 'number' || !(maxAge > 0 && maxAge < Number.POSITIVE_INFINITY)) {
      throw new InvalidConfigError(
        'maxAgeSeconds',
        `maxAgeSeconds must be a finite number of seconds > 0 (default ${DEFAULT_MAX_AGE_SECONDS}), got ${describeValue(maxAge)}`,
      );
    }
    const ageBuckets = options.ageBuckets ?? DEFAULT_AGE_BUCKETS;
    if (!Number.isSafeInteger(ageBuckets) || ageBuckets < 1) {
      throw new InvalidConfigError(
        'ageBuckets',
        `ageBuckets must be an integer >= 1 (default ${DEFAULT_AGE_BUCKETS}), got ${describeValue(ageBuckets)}`,
      );
    }
    this.maxAgeSeconds = maxAge;
    this.ageBuckets = ageBuckets;
    this.slotMs = (maxAge * 1000) / ageBuckets;
    const first = new DDSketch(options); // validates relativeAccuracy and maxBucketCount
    this.relativeAccuracy = first.relativeAccuracy;
    this.maxBucketCount = first.maxBucketCount;
    this.slots = [first];
    const sketchOptions = { relativeAccuracy: this.relativeAccuracy, maxBucketCount: this.maxBucketCount };
    for (let i = 1; i < ageBuckets; i++) this.slots.push(new DDSketch(sketchOptions));
    this.current = first;
    this.clock = options.clock ?? processClock;
    const resolutionMs = this.slotMs / TICKS_PER_SLOT;
    this.clock.retain(resolutionMs);
    releaser.register(this, { clock: this.clock, resolutionMs });
    this.slotEnd = this.clock.now + this.slotMs;
  }

  /** Records `x` in the current slot. Returns false (recording nothing) for NaN and ±Infinity. */
  add(x: number): boolean {
    const now = this.clock.now;
    if (now >= this.slotEnd) this.rotate(now);
    return this.current.add(x);
  }

  /** A new sketch holding every observation in the window, as of now. */
  merged(): DDSketch {
    this.rotate(this.clock.tick());
    const out = new DDSketch({
      relativeAccuracy: this.relativeAccuracy,
      maxBucketCount: this.maxBucketCount,
    });
    for (const slot of this.slots) out.merge(slot);
    return out;
  }

  /** Observations recorded since creation or the last clear(), including those that left the window. */
  get lifetimeCount(): number {
    let n = this.expiredCount;
    for (const slot of this.slots) n += slot.count;
    return n;
  }

  /** Sum of the observations counted by `lifetimeCount`. */
  get lifetimeSum(): number {
    let sum = this.expiredSum;
    for (const slot of this.slots) sum += slot.sum;
    return sum;
  }

  /** Forgets every observation, lifetime totals included; slot timing is kept. */
  clear(): void {
    for (const slot of this.slots) slot.clear();
    this.expiredCount = 0;
    this.expiredSum = 0;
  }

  private rotate(now: number): void {
    if (now < this.slotEnd) return;
    const passed = Math.floor((now - this.slotEnd) / this.slotMs) + 1;
    const n = this.ageBuckets;
    const recycled = Math.min(passed, n);
    for (let k = 0; k < recycled; k++) {
      this.head = (this.head + 1) % n;
      const slot = this.slots[this.head]!;
      this.expiredCount += slot.count;
      this.expiredSum += slot.sum;
      slot.clear();
    }
    this.head = (this.head + passed - recycled) % n;
    this.current = this.slots[this.head]!;
    this.slotEnd += passed * this.slotMs;
  }
}
