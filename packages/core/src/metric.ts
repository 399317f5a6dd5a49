/**
 * The base every instrument extends: validation of the definition, label sets (lookup in
 * label-trie.ts, slots from slot-pool.ts), cardinality limit and overflow series, TTL, drop
 * counting and warnings.
 *
 * Storage model. Each label set has a small child object holding its metric and a *slot* index;
 * the instrument keeps the values of all children in per-metric typed arrays indexed by slot
 * ("slabs"), so a child costs ~56 B plus its values, and collect() reads contiguous memory.
 * Freed slots are reused. Slot 0 is a sink: the no-op child returned for bad label sets, and any
 * child detached by remove()/clear()/TTL expiry, write there, and it is never exported.
 *
 * How an instrument type plugs in (counter.ts is the smallest example):
 *  1. A child class `FooChild extends MetricChild` with `declare readonly metric: Foo<...>`. Its record
 *     methods begin `if (!enabled) return;` (`enabled` from config.ts), validate the value without
 *     throwing (`this.metric.drop(reason, detail)` on bad input), update the state of `this.slot`, and
 *     set `this.metric.touched[this.slot] = 1` (read by the TTL sweep).
 *  2. A class `Foo<const L extends readonly string[] = readonly []> extends Metric<L, FooChild, FooFamily>`
 *     whose constructor calls `super(type, options, reservedLabelNames)`, sets its own fields, and ends
 *     with `this.setup(defaultRegistry)` (the base must not call the hooks before subclass fields exist,
 *     and metric.ts cannot import registry.ts, which imports the instruments).
 *  3. Hooks: `newChild(slot)`, `resizeSlots(capacity)` (grow or shrink per-slot storage, keeping the
 *     prefix), `clearSlot(slot)` (back to zero, called when a slot is freed), `resetSlots()` (zero all),
 *     `point(child, labelValues)` and `family(points)` for the snapshot, and optionally
 *     `definitionMatches(options)` for registry get-or-create.
 */
import { describeValue } from './describe-value.js';
import { InvalidLabelsError, InvalidMetricError } from './errors.js';
import { LabelTrie } from './label-trie.js';
import {
  exemplarLabels,
  INVALID_EXEMPLAR,
  type LabelValues,
  OVERFLOW_LABEL_VALUE,
  validateHelp,
  validateLabelNames,
  validateMetricName,
  validateMetricOptions,
  validateUnit,
} from './labels.js';
import type { Registry } from './registry.js';
import type { DropReason, SelfMetrics } from './self-metrics.js';
import { SlotPool } from './slot-pool.js';
import type { Exemplar, Labels, MetricFamily } from './types.js';
import { emitTelemeterWarning, type MetricWarningKind, WARNING_BITS } from './warnings.js';

/** Slots allocated up front for a labelled metric (slot 0 is the sink). */
const INITIAL_SLOTS = 8;
export const DEFAULT_CARDINALITY_LIMIT = 10_000;

export interface MetricOptions<L extends readonly string[]> {
  /** `[a-zA-Z_:][a-zA-Z0-9_:]*`. */
  name: string;
  help: string;
  /** Declare `as const` (or inline) so that `labels()` requires exactly these keys. */
  labelNames?: L;
  /** OpenMetrics unit; the name must end with `_<unit>` (counters: `_<unit>_total`). */
  unit?: string;
  /** Where to register; default `defaultRegistry`, `null` registers nowhere. */
  registry?: Registry | null;
  /** Label sets kept before new ones go to the `__overflow__` series; default from the registry (10 000). */
  cardinalityLimit?: number;
  /** Drop label sets not updated for this long (swept when the metric is collected). */
  ttlSeconds?: number;
  /** Clock in ms for TTL bookkeeping and exemplar timestamps; default the registry's, else `Date.now`. */
  now?: () => number;
}

/** A metric's state for one label set. Keep the child from `labels()` for the fastest recording. */
export abstract class MetricChild {
  /** The metric this child belongs to. */
  readonly metric: AnyMetric;
  /** @internal Index of this child's state in the metric's slabs; 0 when detached. */
  slot: number;
  /** @internal Value of the last label, compared while this child sits in a leaf list (label-trie.ts). */
  key = '';
  /** @internal Next child in the same leaf list. */
  next: MetricChild | null = null;

  constructor(metric: AnyMetric, slot: number) {
    this.metric = metric;
    this.slot = slot;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds metrics of every label, child and family type
export type AnyMetric = Metric<readonly string[], any, MetricFamily>;
type PointOf<F extends MetricFamily> = F['points'][number];
type CollectCallback = (metric: never) => void | Promise<void>;

export abstract class Metric<L extends readonly string[], C extends MetricChild, F extends MetricFamily> {
  readonly type: F['type'];
  readonly name: string;
  readonly help: string;
  readonly unit: string;
  readonly labelNames: L;
  /** Label sets not updated for this long are dropped at collection; undefined when not set. */
  readonly ttlSeconds: number | undefined;

  /** @internal Set by record methods, cleared by the TTL sweep. */
  touched: Uint8Array;
  /** The child of a metric without labels; the no-op child otherwise. */
  protected direct!: C;
  protected noop!: C;
  /** Clock in ms (TTL bookkeeping, exemplar timestamps): the `now` option, else the registry's, else `Date.now`. */
  protected now: () => number = Date.now;
  protected readonly collectCallback: CollectCallback | undefined;

  private readonly registryOption: Registry | null | undefined;
  private registryRef: Registry | null = null;
  private self: SelfMetrics | null = null;
  private readonly limitOption: number | undefined;
  private readonly ttlMs: number;
  private readonly nowOption: (() => number) | undefined;
  private lastSeen: Float64Array | null = null;
  private readonly trie: LabelTrie<C>;
  private readonly slots: SlotPool;
  private live = 0;
  private overflowChild: C | null = null;
  private warned = 0;

  protected constructor(
    type: F['type'],
    options: MetricOptions<L> & { collect?: CollectCallback | undefined },
    reservedLabels: readonly string[] = [],
  ) {
    if (options === null || typeof options !== 'object') {
      throw new InvalidMetricError(
        '',
        `new ${new.target.name}() expects an options object with name and help`,
      );
    }
    this.type = type;
    this.name = validateMetricName(options.name);
    this.help = validateHelp(this.name, options.help);
    this.unit = validateUnit(this.name, options.unit, type === 'counter');
    this.labelNames = validateLabelNames(this.name, options.labelNames, reservedLabels) as unknown as L;
    const { cardinalityLimit, ttlSeconds, collect, now } = options;
    validateMetricOptions(this.name, options);
    this.limitOption = cardinalityLimit;
    this.ttlSeconds = ttlSeconds;
    this.ttlMs = ttlSeconds === undefined ? 0 : ttlSeconds * 1000;
    this.nowOption = now;
    this.collectCallback = collect;
    this.registryOption = options.registry;
    const capacity = this.labelNames.length === 0 ? 2 : INITIAL_SLOTS;
    this.touched = new Uint8Array(capacity);
    this.slots = new SlotPool(capacity, (grown) => this.grow(grown));
    this.trie = new LabelTrie<C>(this.labelNames);
  }

  /** Last step of every subclass constructor: allocates slabs, the fixed children, and registers. */
  protected setup(defaultRegistry: Registry): void {
    const registry = this.registryOption === undefined ? defaultRegistry : this.registryOption;
    this.now = this.nowOption ?? registry?.now ?? Date.now;
    if (this.ttlMs > 0) this.lastSeen = new Float64Array(this.slots.capacity);
    this.resizeSlots(this.slots.capacity);
    this.noop = this.newChild(0);
    this.direct =
      this.labelNames.length === 0 ? this.trie.insert([], (key) => this.allocate(key))! : this.noop;
    registry?.register(this);
  }

  // ---- hooks for subclasses ----
  protected abstract newChild(slot: number): C;
  protected abstract resizeSlots(capacity: number): void;
  protected abstract clearSlot(slot: number): void;
  protected abstract resetSlots(): void;
  protected abstract point(child: C, labelValues: readonly string[]): PointOf<F>;
  protected abstract family(points: PointOf<F>[]): F;

  /** Whether `options` (as passed to registry get-or-create) describe this metric. Subclasses add their own fields. */
  definitionMatches(options: MetricOptions<readonly string[]>): boolean {
    const names = options.labelNames ?? [];
    return (
      names.length === this.labelNames.length &&
      names.every((n) => this.labelNames.includes(n)) &&
      (options.unit ?? '') === this.unit
    );
  }

  /**
   * The child for this label set, created on first use. Never throws: a bad label set (or a hostile
   * object whose getters throw) gets a no-op child and is counted.
   */
  labels(values: LabelValues<L>): C {
    let child: C | undefined;
    try {
      child = this.trie.find(values);
    } catch {
      return this.invalidLabels(values);
    }
    return child !== undefined ? child : this.addLabelSet(values);
  }

  /** Drops the label set; a child kept for it is detached (its records are discarded). */
  remove(values: LabelValues<L>): void {
    let keys: string[] | undefined;
    try {
      keys = this.trie.keysOf(values);
    } catch {
      keys = undefined;
    }
    if (keys === undefined) {
      throw new InvalidLabelsError(
        this.name,
        `remove(${describeValue(values)}) on "${this.name}": pass exactly the labels [${this.labelNames.join(', ')}], each a string or number`,
      );
    }
    const child = this.trie.remove(keys);
    if (child !== undefined) this.release(child);
  }

  /** All children back to zero; label sets are kept. */
  reset(): void {
    this.resetSlots();
    this.touched.fill(0);
  }

  /** Drops every label set (a metric without labels is reset instead). Kept children are detached. */
  clear(): void {
    if (this.labelNames.length === 0) {
      this.reset();
      return;
    }
    this.trie.walk(
      (child) => {
        child.slot = 0;
        child.next = null;
        return true;
      },
      () => {},
    );
    this.trie.clear();
    if (this.overflowChild !== null) this.overflowChild.slot = 0;
    this.overflowChild = null;
    this.live = 0;
    this.slots.reset(INITIAL_SLOTS);
    this.touched = new Uint8Array(INITIAL_SLOTS);
    if (this.lastSeen !== null) this.lastSeen = new Float64Array(INITIAL_SLOTS);
    this.resizeSlots(INITIAL_SLOTS);
    this.resetSlots();
  }

  /** Number of label sets held, including the overflow series. */
  get labelSetCount(): number {
    return this.labelNames.length === 0 ? 1 : this.live + (this.overflowChild === null ? 0 : 1);
  }

  /** Runs the `collect` callback, then takes a snapshot. Rejects if the callback throws. */
  async collect(): Promise<F> {
    await this.runCollectCallback();
    return this.snapshot();
  }

  /** @internal Runs the `collect` option, if any (the registry runs callbacks concurrently, then snapshots). */
  runCollectCallback(): void | Promise<void> {
    if (this.collectCallback !== undefined)
      return (this.collectCallback as (m: this) => void | Promise<void>)(this);
  }

  /** @internal Whether collect() has a callback to run (the registry runs callbacks concurrently). */
  get hasCollectCallback(): boolean {
    return this.collectCallback !== undefined;
  }

  /** @internal The `collect` option, for registry get-or-create. */
  get collectOption(): CollectCallback | undefined {
    return this.collectCallback;
  }

  /** The current state, without running the `collect` callback. Expired label sets are dropped first. */
  snapshot(): F {
    const points: PointOf<F>[] = [];
    if (this.labelNames.length === 0) {
      points.push(this.point(this.direct, []));
      return this.family(points);
    }
    const ttl = this.ttlMs;
    const now = ttl > 0 ? this.now() : 0;
    const path = this.trie.path;
    this.trie.walk(
      (child) => {
        if (ttl > 0 && !this.stillAlive(child.slot, now, ttl)) return false;
        points.push(this.point(child, path.slice()));
        return true;
      },
      (child) => this.release(child),
    );
    const overflow = this.overflowChild;
    if (overflow !== null) {
      if (ttl > 0 && !this.stillAlive(overflow.slot, now, ttl)) {
        this.release(overflow);
      } else {
        points.push(
          this.point(
            overflow,
            this.labelNames.map(() => OVERFLOW_LABEL_VALUE),
          ),
        );
      }
    }
    return this.family(points);
  }

  /**
   * @internal Counts a dropped sample and warns once per (metric, reason). Never throws. `detail`
   * may be a function so that describing the value costs nothing once the warning was given.
   */
  drop(reason: DropReason, detail: string | (() => string)): void {
    this.self?.recordDrop(reason);
    if ((this.warned & WARNING_BITS[reason]) !== 0) return;
    const text = typeof detail === 'function' ? detail() : detail;
    const counted = `telemeter_dropped_samples_total{reason="${reason}"}`;
    this.warnOnce(
      reason,
      reason === 'invalid_exemplar'
        ? `${this.type} "${this.name}" recorded a value but dropped its exemplar: ${text}. Further invalid exemplars are counted in ${counted} without a warning.`
        : `${this.type} "${this.name}" dropped a sample: ${text}. Further drops are counted in ${counted} without a warning.`,
    );
  }

  /** A record call without labels on a metric that declares some: dropped ("invalid_labels"). */
  protected labelsRequired(): void {
    this.drop(
      'invalid_labels',
      `it declares labels [${this.labelNames.join(', ')}]; record through labels({...})`,
    );
  }

  /** The exemplar to keep for `labels`, or undefined (dropped and counted) when they are not valid. */
  protected exemplarFor(labels: Labels, value: number): Exemplar | undefined {
    const kept = exemplarLabels(labels);
    if (kept === undefined) {
      this.drop('invalid_exemplar', INVALID_EXEMPLAR);
      return undefined;
    }
    return { labels: kept, value, timestamp: this.now() };
  }

  /** @internal Emits the warning of `kind` unless this metric already did. */
  warnOnce(kind: MetricWarningKind, message: string): void {
    const bit = WARNING_BITS[kind];
    if ((this.warned & bit) !== 0) return;
    this.warned |= bit;
    emitTelemeterWarning(kind, message);
  }

  /** @internal Called by Registry.register(): where drops and overflows are counted. */
  attach(registry: Registry, self: SelfMetrics): void {
    if (this.registryRef === null) {
      this.registryRef = registry;
      this.self = self;
    }
  }

  /** The registry this metric counts its drops in (the first it was registered with), if any. */
  get registry(): Registry | null {
    return this.registryRef;
  }

  /** @internal The `cardinalityLimit` option, for registry get-or-create. */
  get cardinalityLimitOption(): number | undefined {
    return this.limitOption;
  }

  /** Label sets this metric keeps before overflowing. */
  get cardinalityLimit(): number {
    return this.limitOption ?? this.registryRef?.cardinalityLimit ?? DEFAULT_CARDINALITY_LIMIT;
  }

  // ---- internals ----

  private stillAlive(slot: number, now: number, ttl: number): boolean {
    const lastSeen = this.lastSeen!;
    if (this.touched[slot] === 1) {
      this.touched[slot] = 0;
      lastSeen[slot] = now;
      return true;
    }
    return now - lastSeen[slot]! < ttl;
  }

  private invalidLabels(values: unknown): C {
    this.drop(
      'invalid_labels',
      () =>
        `labels ${describeValue(values)} do not match the declared label names [${this.labelNames.join(', ')}] (each needs a string or number value, and no other keys)`,
    );
    return this.noop;
  }

  /** Slow path of labels(): a new label set, the overflow child, or the no-op child for a bad one. */
  private addLabelSet(values: unknown): C {
    let keys: string[] | undefined;
    try {
      keys = this.trie.keysOf(values);
    } catch {
      keys = undefined;
    }
    if (keys === undefined) return this.invalidLabels(values);
    return this.trie.insert(keys, this.createLabelSet) ?? this.overflow();
  }

  /** Allocates the child of a new label set, or returns undefined at the cardinality limit. */
  private readonly createLabelSet = (key: string): C | undefined => {
    if (this.live >= this.cardinalityLimit) return undefined;
    this.live++;
    return this.allocate(key);
  };

  private overflow(): C {
    this.self?.recordOverflow(this.name);
    this.warnOnce(
      'cardinality_overflow',
      `${this.type} "${this.name}" reached its cardinality limit of ${this.cardinalityLimit} label sets; new label sets are recorded in one series with every label set to "${OVERFLOW_LABEL_VALUE}" and counted in telemeter_cardinality_overflow_total. Use fewer distinct label values, or raise cardinalityLimit.`,
    );
    this.overflowChild ??= this.allocate(OVERFLOW_LABEL_VALUE);
    return this.overflowChild;
  }

  private allocate(key: string): C {
    const slot = this.slots.take();
    const child = this.newChild(slot);
    child.key = key;
    if (this.lastSeen !== null) this.lastSeen[slot] = this.now();
    return child;
  }

  /** SlotPool callback: the per-slot arrays grow to `capacity`, keeping their contents. */
  private grow(capacity: number): void {
    const touched = new Uint8Array(capacity);
    touched.set(this.touched);
    this.touched = touched;
    if (this.lastSeen !== null) {
      const lastSeen = new Float64Array(capacity);
      lastSeen.set(this.lastSeen);
      this.lastSeen = lastSeen;
    }
    this.resizeSlots(capacity);
  }

  /** Frees the child's slot and detaches it. The caller has unlinked it from the trie. */
  private release(child: C): void {
    const slot = child.slot;
    if (slot === 0) return;
    this.clearSlot(slot);
    this.touched[slot] = 0;
    this.slots.give(slot);
    child.slot = 0;
    child.next = null;
    if (child === this.overflowChild) this.overflowChild = null;
    else this.live--;
  }
}
