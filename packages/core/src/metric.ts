/**
 * The base every instrument extends: validation of the definition, the label-set → child lookup,
 * slot allocation, cardinality limit and overflow series, TTL, drop counting and warnings.
 *
 * Storage model. Each label set has a small child object holding its metric and a *slot* index;
 * the instrument keeps the values of all children in per-metric typed arrays indexed by slot
 * ("slabs"), so a child costs ~56 B plus its values, and collect() reads contiguous memory.
 * Freed slots are reused. Slot 0 is a sink: the no-op child returned for bad label sets, and any
 * child detached by remove()/clear()/TTL expiry, write there, and it is never exported.
 *
 * Lookup. `labels(values)` walks a trie keyed by each declared label's value in declared order
 * (Maps for all but the last label), so no string key is built per call and V8's cached string
 * hashes do the work. The last level is a linked list through the children themselves (via
 * `key`/`next`) until it holds LIST_MAX children, then a Map: most leaves are small (e.g. the
 * statuses of one route), and a list costs 16 B per child against ~40 B for a Map entry plus
 * ~150 B for the Map. collect() walks the trie, rebuilding each child's label values from the path,
 * so children don't store them.
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
import { InvalidLabelsError, InvalidMetricError } from './errors.js';
import {
  type LabelValues,
  labelKey,
  OVERFLOW_LABEL_VALUE,
  validateHelp,
  validateLabelNames,
  validateMetricName,
  validateUnit,
} from './labels.js';
import type { Registry } from './registry.js';
import {
  type DropReason,
  emitTelemeterWarning,
  type SelfMetrics,
  WARNING_BITS,
  type WarningKind,
} from './self-metrics.js';
import type { MetricFamily } from './types.js';

/** Leaf lists longer than this become Maps; 8 string compares cost about one Map.get. */
const LIST_MAX = 8;
/** Slots allocated up front for a labelled metric (slot 0 is the sink). */
const INITIAL_SLOTS = 8;
/** Slabs grow by half: less slack than doubling, still amortised O(1) per label set. */
const GROWTH = 1.5;
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
  /** Clock in ms for TTL bookkeeping; default the registry's, else `Date.now`. */
  now?: () => number;
}

/** A metric's state for one label set. Keep the child from `labels()` for the fastest recording. */
export abstract class MetricChild {
  /** The metric this child belongs to. */
  readonly metric: AnyMetric;
  /** @internal Index of this child's state in the metric's slabs; 0 when detached. */
  slot: number;
  /** @internal Value of the last label, compared while this child sits in a leaf list. */
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
type LeafContainer<C> = C | Map<string, C> | null | undefined;

export abstract class Metric<L extends readonly string[], C extends MetricChild, F extends MetricFamily> {
  readonly type: F['type'];
  readonly name: string;
  readonly help: string;
  readonly unit: string;
  readonly labelNames: L;

  /** @internal Set by record methods, cleared by the TTL sweep. */
  touched: Uint8Array;
  /** Slots the slabs have room for. */
  protected capacity: number;
  /** The child of a metric without labels; the no-op child otherwise. */
  protected direct!: C;
  protected noop!: C;

  private readonly registryOption: Registry | null | undefined;
  private registryRef: Registry | null = null;
  private self: SelfMetrics | null = null;
  private readonly limitOption: number | undefined;
  private readonly ttlMs: number;
  private readonly nowOption: (() => number) | undefined;
  private now: () => number = Date.now;
  private lastSeen: Float64Array | null = null;
  protected readonly collectCallback: ((metric: never) => void | Promise<void>) | undefined;

  /** Trie root: for one label, the leaf container; for more, a Map per level (see top comment). */
  private top: unknown;
  private nextSlot = 1;
  private free: number[] = [];
  private live = 0;
  private overflowChild: C | null = null;
  private warned = 0;
  /** Reused by the trie walk; one entry per label. */
  private readonly path: string[];

  protected constructor(
    type: F['type'],
    options: MetricOptions<L> & { collect?: ((metric: never) => void | Promise<void>) | undefined },
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
    if (
      cardinalityLimit !== undefined &&
      !(Number.isSafeInteger(cardinalityLimit) && cardinalityLimit >= 1)
    ) {
      throw new InvalidMetricError(
        this.name,
        `Metric "${this.name}": cardinalityLimit must be a whole number >= 1`,
      );
    }
    if (
      ttlSeconds !== undefined &&
      !(typeof ttlSeconds === 'number' && ttlSeconds > 0 && ttlSeconds < Infinity)
    ) {
      throw new InvalidMetricError(
        this.name,
        `Metric "${this.name}": ttlSeconds must be a positive number of seconds`,
      );
    }
    if (collect !== undefined && typeof collect !== 'function') {
      throw new InvalidMetricError(this.name, `Metric "${this.name}": collect must be a function`);
    }
    if (now !== undefined && typeof now !== 'function') {
      throw new InvalidMetricError(
        this.name,
        `Metric "${this.name}": now must be a function returning milliseconds`,
      );
    }
    this.limitOption = cardinalityLimit;
    this.ttlMs = ttlSeconds === undefined ? 0 : ttlSeconds * 1000;
    this.nowOption = now;
    this.collectCallback = collect;
    this.registryOption = options.registry;
    this.capacity = this.labelNames.length === 0 ? 2 : INITIAL_SLOTS;
    this.touched = new Uint8Array(this.capacity);
    this.top = this.labelNames.length > 1 ? new Map() : null;
    this.path = new Array<string>(this.labelNames.length).fill('');
  }

  /** Last step of every subclass constructor: allocates slabs, the fixed children, and registers. */
  protected setup(defaultRegistry: Registry): void {
    this.resizeSlots(this.capacity);
    this.noop = this.newChild(0);
    this.direct = this.labelNames.length === 0 ? this.allocate('') : this.noop;
    const registry = this.registryOption === undefined ? defaultRegistry : this.registryOption;
    this.now = this.nowOption ?? registry?.now ?? Date.now;
    if (this.ttlMs > 0) this.lastSeen = new Float64Array(this.capacity);
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

  /** The child for this label set, created on first use. Bad label sets get a no-op child and are counted. */
  labels(values: LabelValues<L>): C {
    if (values === null || typeof values !== 'object') return this.invalidLabels(values);
    const names = this.labelNames;
    const n = names.length;
    let count = 0;
    for (const _ in values) count++;
    if (count !== n) return this.invalidLabels(values);
    const record = values as Record<string, unknown>;
    let node = this.top;
    let raw: unknown;
    // One and two labels are the common shapes; unrolling them saves ~5 ns per lookup (bench/instruments.bench.mjs).
    if (n === 2) {
      raw = record[names[0]!];
      const first = typeof raw === 'string' ? raw : labelKey(raw);
      if (first === undefined) return this.invalidLabels(values);
      node = (node as Map<string, unknown>).get(first);
      if (node === undefined) return this.insert(values);
      raw = record[names[1]!];
    } else if (n === 1) {
      raw = record[names[0]!];
    } else if (n === 0) {
      return this.direct;
    } else {
      for (let d = 0; d < n - 1; d++) {
        const key = labelKey(record[names[d]!]);
        if (key === undefined) return this.invalidLabels(values);
        node = (node as Map<string, unknown>).get(key);
        if (node === undefined) return this.insert(values);
      }
      raw = record[names[n - 1]!];
    }
    const key = typeof raw === 'string' ? raw : labelKey(raw);
    if (key === undefined) return this.invalidLabels(values);
    // A constructor check is cheaper than instanceof here: the leaf is usually a child, whose prototype chain is deep.
    if (node !== null && (node as object).constructor === Map) {
      const child = (node as Map<string, C>).get(key);
      if (child !== undefined) return child;
    } else {
      let child = node as C | null;
      while (child !== null) {
        if (child.key === key) return child;
        child = child.next as C | null;
      }
    }
    return this.insert(values);
  }

  /** Drops the label set; a child kept for it is detached (its records are discarded). */
  remove(values: LabelValues<L>): void {
    const keys = this.strictKeys(values, 'remove');
    const n = keys.length;
    if (n === 0) return;
    const maps: Map<string, unknown>[] = [];
    let node = this.top;
    for (let d = 0; d < n - 1; d++) {
      maps.push(node as Map<string, unknown>);
      node = (node as Map<string, unknown>).get(keys[d]!);
      if (node === undefined) return;
    }
    const last = keys[n - 1]!;
    let container = node as LeafContainer<C>;
    if (container instanceof Map) {
      const child = container.get(last);
      if (child === undefined) return;
      container.delete(last);
      this.release(child);
      if (container.size === 0) container = null;
    } else {
      let prev: C | null = null;
      let child = container ?? null;
      while (child !== null && child.key !== last) {
        prev = child;
        child = child.next as C | null;
      }
      if (child === null) return;
      if (prev === null) container = child.next as C | null;
      else prev.next = child.next;
      this.release(child);
    }
    if (n === 1) {
      this.top = container;
      return;
    }
    // Store the leaf container back and prune Maps left empty, bottom up.
    let d = n - 2;
    if (container === null) maps[d]!.delete(keys[d]!);
    else maps[d]!.set(keys[d]!, container);
    while (d > 0 && maps[d]!.size === 0) {
      d--;
      maps[d]!.delete(keys[d]!);
    }
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
    this.walk((child) => {
      child.slot = 0;
      child.next = null;
      return true;
    });
    if (this.overflowChild !== null) this.overflowChild.slot = 0;
    this.overflowChild = null;
    this.top = this.labelNames.length > 1 ? new Map() : null;
    this.nextSlot = 1;
    this.free = [];
    this.live = 0;
    this.capacity = INITIAL_SLOTS;
    this.touched = new Uint8Array(this.capacity);
    if (this.lastSeen !== null) this.lastSeen = new Float64Array(this.capacity);
    this.resizeSlots(this.capacity);
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

  /** The current state, without running the `collect` callback. Expired label sets are dropped first. */
  snapshot(): F {
    const points: PointOf<F>[] = [];
    if (this.labelNames.length === 0) {
      points.push(this.point(this.direct, []));
      return this.family(points);
    }
    const ttl = this.ttlMs;
    const now = ttl > 0 ? this.now() : 0;
    const keep = (child: C): boolean => {
      if (ttl > 0 && !this.stillAlive(child.slot, now, ttl)) return false;
      points.push(this.point(child, this.path.slice()));
      return true;
    };
    this.walk(keep);
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

  /** @internal Counts a dropped sample and warns once per (metric, reason). Never throws. */
  drop(reason: DropReason, detail: string): void {
    this.self?.recordDrop(reason);
    this.warnOnce(
      reason,
      `${this.type} "${this.name}" dropped a sample: ${detail}. Further drops are counted in telemeter_dropped_samples_total{reason="${reason}"} without a warning.`,
    );
  }

  /** @internal */
  warnOnce(kind: WarningKind, message: string): void {
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
      `labels ${describe(values)} do not match the declared label names [${this.labelNames.join(', ')}] (each needs a string or number value, and no other keys)`,
    );
    return this.noop;
  }

  /** Label values in declared order, or throws InvalidLabelsError (for APIs that are not on the record path). */
  private strictKeys(values: unknown, method: string): string[] {
    const names = this.labelNames;
    const problem = (): never => {
      throw new InvalidLabelsError(
        this.name,
        `${method}(${describe(values)}) on "${this.name}": pass exactly the labels [${names.join(', ')}], each a string or number`,
      );
    };
    if (values === null || typeof values !== 'object') return problem();
    if (Object.keys(values).length !== names.length) return problem();
    const keys: string[] = [];
    for (const name of names) {
      const key = labelKey((values as Record<string, unknown>)[name]);
      if (key === undefined) return problem();
      keys.push(key);
    }
    return keys;
  }

  /** Slow path of labels(): creates whatever is missing along the path, or returns the overflow child. */
  private insert(values: LabelValues<L>): C {
    const names = this.labelNames;
    const n = names.length;
    const keys: string[] = [];
    for (const name of names) {
      const key = labelKey((values as Record<string, unknown>)[name]);
      if (key === undefined) return this.invalidLabels(values);
      keys.push(key);
    }
    let holder: Map<string, unknown> | null = null;
    if (n > 1) {
      holder = this.top as Map<string, unknown>;
      for (let d = 0; d < n - 2; d++) {
        let next = holder.get(keys[d]!) as Map<string, unknown> | undefined;
        if (next === undefined) {
          next = new Map();
          holder.set(keys[d]!, next);
        }
        holder = next;
      }
    }
    const leafKey = keys[n - 2]!;
    const last = keys[n - 1]!;
    const container = (holder === null ? this.top : holder.get(leafKey)) as LeafContainer<C>;
    let length = 0;
    let tail: C | null = null;
    if (container instanceof Map) {
      const found = container.get(last);
      if (found !== undefined) return found;
    } else {
      for (let child = container ?? null; child !== null; child = child.next as C | null) {
        if (child.key === last) return child;
        tail = child;
        length++;
      }
    }
    if (this.live >= this.cardinalityLimit) return this.overflow();
    const child = this.allocate(last);
    this.live++;
    let stored: LeafContainer<C> = container;
    if (container instanceof Map) {
      container.set(last, child);
    } else if (tail === null) {
      stored = child;
    } else if (length < LIST_MAX) {
      tail.next = child;
    } else {
      const map = new Map<string, C>();
      for (let c = container ?? null; c !== null; c = c.next as C | null) map.set(c.key, c);
      map.set(last, child);
      stored = map;
    }
    if (stored !== container) {
      if (holder === null) this.top = stored;
      else holder.set(leafKey, stored);
    }
    return child;
  }

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
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.nextSlot++;
      if (slot >= this.capacity) this.grow(slot + 1);
    }
    const child = this.newChild(slot);
    child.key = key;
    if (this.lastSeen !== null) this.lastSeen[slot] = this.now();
    return child;
  }

  private grow(min: number): void {
    let capacity = this.capacity;
    while (capacity < min) capacity = Math.ceil(capacity * GROWTH);
    const touched = new Uint8Array(capacity);
    touched.set(this.touched);
    this.touched = touched;
    if (this.lastSeen !== null) {
      const lastSeen = new Float64Array(capacity);
      lastSeen.set(this.lastSeen);
      this.lastSeen = lastSeen;
    }
    this.resizeSlots(capacity);
    this.capacity = capacity;
  }

  /** Frees the child's slot and detaches it. The caller has unlinked it from the trie. */
  private release(child: C): void {
    const slot = child.slot;
    if (slot === 0) return;
    this.clearSlot(slot);
    this.touched[slot] = 0;
    this.free.push(slot);
    child.slot = 0;
    child.next = null;
    if (child === this.overflowChild) this.overflowChild = null;
    else this.live--;
  }

  /**
   * Visits every labelled child with `this.path` holding its label values; children for which
   * `visit` returns false are unlinked and released. Empty containers are pruned.
   */
  private walk(visit: (child: C) => boolean): void {
    const n = this.labelNames.length;
    if (n === 1) this.top = this.walkLeaf(this.top as LeafContainer<C>, visit);
    else if (n > 1) this.walkInner(this.top as Map<string, unknown>, 0, visit);
  }

  private walkInner(map: Map<string, unknown>, depth: number, visit: (child: C) => boolean): void {
    const leafDepth = this.labelNames.length - 2;
    for (const [key, next] of map) {
      this.path[depth] = key;
      if (depth === leafDepth) {
        const kept = this.walkLeaf(next as LeafContainer<C>, visit);
        if (kept === null) map.delete(key);
        else if (kept !== next) map.set(key, kept);
      } else {
        const inner = next as Map<string, unknown>;
        this.walkInner(inner, depth + 1, visit);
        if (inner.size === 0) map.delete(key);
      }
    }
  }

  private walkLeaf(container: LeafContainer<C>, visit: (child: C) => boolean): LeafContainer<C> {
    const last = this.labelNames.length - 1;
    if (container instanceof Map) {
      for (const [key, child] of container) {
        this.path[last] = key;
        if (!visit(child)) {
          container.delete(key);
          this.release(child);
        }
      }
      return container.size === 0 ? null : container;
    }
    let head = container ?? null;
    let prev: C | null = null;
    let child = head;
    while (child !== null) {
      const next = child.next as C | null;
      this.path[last] = child.key;
      if (visit(child)) {
        prev = child;
      } else {
        if (prev === null) head = next;
        else prev.next = next;
        this.release(child);
      }
      child = next;
    }
    return head;
  }
}

function describe(values: unknown): string {
  try {
    return JSON.stringify(values) ?? String(values);
  } catch {
    return String(values);
  }
}
