/** A monotonically increasing value, e.g. requests served. */
import { enabled } from './config.js';
import { describeValue } from './describe-value.js';
import { Metric, MetricChild, type MetricOptions } from './metric.js';
import { defaultRegistry } from './registry.js';
import type { CounterFamily, CounterPoint, Exemplar, Labels } from './types.js';

export interface CounterOptions<L extends readonly string[]> extends MetricOptions<L> {
  /** Called by `collect()` before reading, e.g. to read a total kept elsewhere (process CPU time). */
  collect?: (counter: Counter<L>) => void | Promise<void>;
}

export class CounterChild extends MetricChild {
  declare readonly metric: Counter<readonly string[]>;

  /** Adds `value` (default 1). Negative, NaN, infinite or non-number values are dropped and counted. */
  inc(value = 1): void {
    if (!enabled) return;
    if (typeof value !== 'number' || !(value >= 0 && value < Infinity)) {
      this.metric.rejectIncrement(value);
      return;
    }
    const metric = this.metric;
    const slot = this.slot;
    metric.values[slot]! += value;
    metric.touched[slot] = 1;
  }

  /** Like inc(), and keeps `{ labels, value, timestamp }` as this series' exemplar (e.g. a trace id). */
  incWithExemplar(value: number, labels: Labels): void {
    if (!enabled) return;
    if (typeof value !== 'number' || !(value >= 0 && value < Infinity)) {
      this.metric.rejectIncrement(value);
      return;
    }
    this.inc(value);
    this.metric.keepExemplar(this.slot, labels, value);
  }

  /** The current value (0 for a detached or no-op child). */
  get(): number {
    return this.slot === 0 ? 0 : this.metric.values[this.slot]!;
  }
}

/**
 * @example
 * const requests = new Counter({ name: 'http_requests_total', help: 'Requests served', labelNames: ['method'] });
 * const gets = requests.labels({ method: 'GET' }); // keep it: the fastest path
 * gets.inc();
 */
export class Counter<const L extends readonly string[] = readonly []> extends Metric<
  L,
  CounterChild,
  CounterFamily
> {
  /** @internal One value per slot. */
  values = new Float64Array(0);
  private exemplars: Map<number, Exemplar> | null = null;

  constructor(options: CounterOptions<L>) {
    super('counter', options);
    this.setup(defaultRegistry);
  }

  /** For a metric without labels; with labels declared the call is dropped (reason "invalid_labels"). */
  inc(value = 1): void {
    if (!enabled) return;
    if (this.labelNames.length === 0) this.direct.inc(value);
    else this.labelsRequired();
  }

  incWithExemplar(value: number, labels: Labels): void {
    if (!enabled) return;
    if (this.labelNames.length === 0) this.direct.incWithExemplar(value, labels);
    else this.labelsRequired();
  }

  /** The value of a metric without labels (0 when labels are declared: use `labels({...}).get()`). */
  get(): number {
    return this.direct.get();
  }

  /** @internal */
  rejectIncrement(value: unknown): void {
    if (typeof value === 'number' && value < 0) {
      this.drop(
        'negative_increment',
        `increment ${value} is negative; counters only go up (use a Gauge for values that go down)`,
      );
    } else {
      this.drop('invalid_value', () => `increment ${describeValue(value)} is not a finite number >= 0`);
    }
  }

  /** @internal */
  keepExemplar(slot: number, labels: Labels, value: number): void {
    if (slot === 0) return;
    const exemplar = this.exemplarFor(labels, value);
    if (exemplar === undefined) return;
    this.exemplars ??= new Map();
    this.exemplars.set(slot, exemplar);
  }

  protected newChild(slot: number): CounterChild {
    return new CounterChild(this, slot);
  }

  protected resizeSlots(capacity: number): void {
    const values = new Float64Array(capacity);
    values.set(this.values.subarray(0, capacity));
    this.values = values;
  }

  protected clearSlot(slot: number): void {
    this.values[slot] = 0;
    this.exemplars?.delete(slot);
  }

  protected resetSlots(): void {
    this.values.fill(0);
    this.exemplars = null;
  }

  protected point(child: CounterChild, labelValues: readonly string[]): CounterPoint {
    const exemplar = this.exemplars?.get(child.slot);
    const value = this.values[child.slot]!;
    return exemplar === undefined ? { labelValues, value } : { labelValues, value, exemplar };
  }

  protected family(points: CounterPoint[]): CounterFamily {
    const { name, help, unit, labelNames } = this;
    return { type: 'counter', name, help, unit, labelNames, points };
  }
}
