/**
 * A clock that hot paths read as a plain field instead of calling `performance.now()`.
 *
 * `now` is refreshed by one unref()'d interval, running only while something holds the clock (each
 * sliding window retains it for its lifetime), and by `tick()`, which readers call when they need the
 * exact time (sliding windows do at collection). Reading a field costs about a nanosecond; the call it
 * replaces, `performance.now()`, costs about 50 ns on Node 20: more than the rest of a windowed
 * `observe()` put together. The price is that an observation can be attributed to a time up to one
 * tick period old, which the tick period (a fraction of the shortest window slot) keeps small.
 */

/** Fastest tick: 100 wake-ups per second is already more than any sensible window needs. */
const MIN_TICK_MS = 10;
/** Slowest tick, used for long slots (the default summary slot is 120 s). */
const MAX_TICK_MS = 1000;

export interface CoarseClockOptions {
  /** Milliseconds on a monotonic scale. Default `performance.now()`. */
  source?: () => number;
  /**
   * Whether retaining the clock starts the refresh interval. Default true; a clock driven by hand
   * (tests, simulations) passes false and calls `tick()` itself.
   */
  autoTick?: boolean;
}

export class CoarseClock {
  /** Milliseconds at the last tick. */
  now: number;
  private readonly source: () => number;
  private readonly autoTick: boolean;
  /** Resolution wanted by each holder (ms) -> number of holders wanting it. */
  private readonly holders = new Map<number, number>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private periodMs = 0;

  constructor(options: CoarseClockOptions = {}) {
    this.source = options.source ?? (() => performance.now());
    this.autoTick = options.autoTick ?? true;
    this.now = this.source();
  }

  /** Reads the source into `now` and returns it. */
  tick(): number {
    this.now = this.source();
    return this.now;
  }

  /** Whether the refresh interval is running. */
  get ticking(): boolean {
    return this.timer !== undefined;
  }

  /** Milliseconds between refreshes while ticking (0 when stopped). */
  get tickPeriodMs(): number {
    return this.periodMs;
  }

  /** Declares a user that needs `now` to be at most `resolutionMs` old; starts ticking if needed. */
  retain(resolutionMs: number): void {
    this.holders.set(resolutionMs, (this.holders.get(resolutionMs) ?? 0) + 1);
    this.tick();
    this.reschedule();
  }

  /** Undoes one `retain(resolutionMs)`; the interval stops when the last holder is gone. */
  release(resolutionMs: number): void {
    const n = this.holders.get(resolutionMs);
    if (n === undefined) return;
    if (n <= 1) this.holders.delete(resolutionMs);
    else this.holders.set(resolutionMs, n - 1);
    this.reschedule();
  }

  private reschedule(): void {
    let period = 0;
    if (this.autoTick && this.holders.size > 0) {
      period = Math.min(...this.holders.keys());
      period = Math.min(MAX_TICK_MS, Math.max(MIN_TICK_MS, Math.floor(period)));
    }
    if (period === this.periodMs) return;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.periodMs = period;
    if (period > 0) {
      this.timer = setInterval(() => this.tick(), period);
      // Never keep the process alive just to tell time.
      this.timer.unref();
    }
  }
}

/** The clock sliding windows use unless given another: one interval per process (per worker thread). */
export const processClock = new CoarseClock();
