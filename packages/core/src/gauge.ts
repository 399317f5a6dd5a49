/** A value that goes up and down, e.g. queue length or temperature. */
import { enabled } from './config.js';
import { describeValue } from './describe-value.js';
import { MetricChild, type MetricOptions } from './metric.js';
import { defaultRegistry } from './registry.js';
import { startTimer, TimedMetric, timeCall } from './timer.js';
import type { GaugeFamily, GaugePoint } from './types.js';

export interface GaugeOptions<L extends readonly string[]> extends MetricOptions<L> {
  /** Called by `collect()` before reading, e.g. to sample a pool size. */
  collect?: (gauge: Gauge<L>) => void | Promise<void>;
}

export class GaugeChild extends MetricChild {
  declare readonly metric: Gauge<readonly string[]>;

  /** NaN and ±Infinity are valid gauge samples; non-numbers are dropped and counted. */
  set(value: number): void {
    if (!enabled) return;
    if (typeof value !== 'number') {
      this.metric.rejectValue(value);
      return;
    }
    const metric = this.metric;
    metric.values[this.slot] = value;
    metric.touched[this.slot] = 1;
  }

  inc(value = 1): void {
    if (!enabled) return;
    if (typeof value !== 'number') {
      this.metric.rejectValue(value);
      return;
    }
    const metric = this.metric;
    metric.values[this.slot]! += value;
    metric.touched[this.slot] = 1;
  }

  dec(value = 1): void {
    if (!enabled) return;
    if (typeof value !== 'number') {
      this.metric.rejectValue(value);
      return;
    }
    const metric = this.metric;
    metric.values[this.slot]! -= value;
    metric.touched[this.slot] = 1;
  }

  /** Sets the gauge to the current Unix time in seconds. */
  setToCurrentTime(): void {
    if (!enabled) return;
    this.set(Date.now() / 1000);
  }

  /** `end()` sets the gauge to the seconds elapsed and returns them. */
  startTimer(): () => number {
    return startTimer((seconds) => this.set(seconds));
  }

  /** Calls `fn` and sets the gauge to its duration in seconds (after the promise settles, if it returns one). */
  time<T>(fn: () => T): T {
    return timeCall(fn, (seconds) => this.set(seconds));
  }

  /** The current value (0 for a detached or no-op child). */
  get(): number {
    return this.slot === 0 ? 0 : this.metric.values[this.slot]!;
  }
}

export class Gauge<const L extends readonly string[] = readonly []> extends TimedMetric<
  L,
  GaugeChild,
  GaugeFamily
> {
  /** @internal One value per slot. */
  values = new Float64Array(0);

  constructor(options: GaugeOptions<L>) {
    super('gauge', options);
    this.setup(defaultRegistry);
  }

  /** The next five are for a gauge without labels; with labels declared the call is dropped ("invalid_labels"). */
  set(value: number): void {
    if (!enabled) return;
    if (this.labelNames.length === 0) this.direct.set(value);
    else this.labelsRequired();
  }

  inc(value = 1): void {
    if (!enabled) return;
    if (this.labelNames.length === 0) this.direct.inc(value);
    else this.labelsRequired();
  }

  dec(value = 1): void {
    if (!enabled) return;
    if (this.labelNames.length === 0) this.direct.dec(value);
    else this.labelsRequired();
  }

  setToCurrentTime(): void {
    if (!enabled) return;
    if (this.labelNames.length === 0) this.direct.setToCurrentTime();
    else this.labelsRequired();
  }

  /** The value of a gauge without labels (0 when labels are declared: use `labels({...}).get()`). */
  get(): number {
    return this.direct.get();
  }

  /** @internal */
  rejectValue(value: unknown): void {
    this.drop('invalid_value', () => `value ${describeValue(value)} (${typeof value}) is not a number`);
  }

  protected recordDuration(child: GaugeChild, seconds: number): void {
    child.set(seconds);
  }

  protected newChild(slot: number): GaugeChild {
    return new GaugeChild(this, slot);
  }

  protected resizeSlots(capacity: number): void {
    const values = new Float64Array(capacity);
    values.set(this.values.subarray(0, capacity));
    this.values = values;
  }

  protected clearSlot(slot: number): void {
    this.values[slot] = 0;
  }

  protected resetSlots(): void {
    this.values.fill(0);
  }

  protected point(child: GaugeChild, labelValues: readonly string[]): GaugePoint {
    return { labelValues, value: this.values[child.slot]! };
  }

  protected family(points: GaugePoint[]): GaugeFamily {
    const { name, help, unit, labelNames } = this;
    return { type: 'gauge', name, help, unit, labelNames, points };
  }
}
