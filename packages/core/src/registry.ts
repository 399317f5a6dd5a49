/** A set of metrics collected and exposed together. */
import { checkDefaultLabels, getConfig } from './config.js';
import { Counter, type CounterOptions } from './counter.js';
import { describeValue } from './describe-value.js';
import { DuplicateMetricError, InvalidConfigError } from './errors.js';
import { renderMetrics } from './exposition/render.js';
import type { ExpositionFormat } from './exposition/stream.js';
import { Gauge, type GaugeOptions } from './gauge.js';
import { Histogram, type HistogramOptions } from './histogram.js';
import { type AnyMetric, DEFAULT_CARDINALITY_LIMIT, type MetricOptions } from './metric.js';
import { CARDINALITY_OVERFLOW_METRIC, DROPPED_SAMPLES_METRIC, SelfMetrics } from './self-metrics.js';
import { Summary, type SummaryOptions } from './summary.js';
import type { Labels, MetricFamily } from './types.js';

export interface RegistryOptions {
  /** Added to every series this registry exposes; a series' own label wins. Default: configured defaults. */
  defaultLabels?: Labels;
  /** Default cardinality limit of the metrics registered here. Default: configured limit, else 10 000. */
  cardinalityLimit?: number;
  /** Expose telemeter_dropped_samples_total and telemeter_cardinality_overflow_total (default true). */
  selfMetrics?: boolean;
  /** Clock in ms used by metrics' TTL bookkeeping (inject one in tests). Default `Date.now`. */
  now?: () => number;
}

const SELF_METRIC_NAMES = new Set([DROPPED_SAMPLES_METRIC, CARDINALITY_OVERFLOW_METRIC]);

export class Registry {
  readonly now: () => number;
  /** Counts of this registry's dropped samples and cardinality overflows. */
  readonly selfMetrics = new SelfMetrics();
  private readonly metricsByName = new Map<string, AnyMetric>();
  private readonly exposeSelf: boolean;
  private readonly limitOption: number | undefined;
  private defaultLabelsOption: Labels | undefined;
  private sources: readonly Registry[] = [];

  constructor(options: RegistryOptions = {}) {
    const { defaultLabels, cardinalityLimit, selfMetrics = true, now } = options;
    if (
      cardinalityLimit !== undefined &&
      !(Number.isSafeInteger(cardinalityLimit) && cardinalityLimit >= 1)
    ) {
      throw new InvalidConfigError(
        'cardinalityLimit',
        'Registry: cardinalityLimit must be a whole number >= 1',
      );
    }
    if (typeof selfMetrics !== 'boolean') {
      throw new InvalidConfigError('selfMetrics', 'Registry: selfMetrics must be a boolean');
    }
    if (now !== undefined && typeof now !== 'function') {
      throw new InvalidConfigError('now', 'Registry: now must be a function returning milliseconds');
    }
    this.limitOption = cardinalityLimit;
    this.exposeSelf = selfMetrics;
    this.now = now ?? Date.now;
    this.defaultLabelsOption =
      defaultLabels === undefined ? undefined : checkDefaultLabels('defaultLabels', defaultLabels);
  }

  /** A registry whose collect() returns the families of all `registries` (a name in two of them rejects). */
  static merge(registries: readonly Registry[]): Registry {
    const merged = new Registry();
    merged.sources = [...registries];
    return merged;
  }

  get cardinalityLimit(): number {
    return this.limitOption ?? getConfig().cardinalityLimit ?? DEFAULT_CARDINALITY_LIMIT;
  }

  get defaultLabels(): Labels {
    return this.defaultLabelsOption ?? getConfig().defaultLabels ?? {};
  }

  setDefaultLabels(labels: Labels): void {
    this.defaultLabelsOption = checkDefaultLabels('defaultLabels', labels);
  }

  /** @throws DuplicateMetricError when another metric has the same name. Registering the same metric again is a no-op. */
  register(metric: AnyMetric): void {
    const existing = this.metricsByName.get(metric.name);
    if (existing === metric) return;
    if (existing !== undefined) {
      throw new DuplicateMetricError(
        metric.name,
        `A ${existing.type} named "${metric.name}" is already registered; use registry.${existing.type}() to get the existing metric, or choose another name`,
      );
    }
    if (this.exposeSelf && SELF_METRIC_NAMES.has(metric.name)) {
      throw new DuplicateMetricError(
        metric.name,
        `"${metric.name}" is reserved for telemeter's own metrics; choose another name, or create the registry with selfMetrics: false`,
      );
    }
    this.metricsByName.set(metric.name, metric);
    metric.attach(this, this.selfMetrics);
  }

  /** Returns whether a metric of that name was registered. */
  unregister(name: string): boolean {
    return this.metricsByName.delete(name);
  }

  get(name: string): AnyMetric | undefined {
    const own = this.metricsByName.get(name);
    if (own !== undefined) return own;
    for (const source of this.sources) {
      const found = source.get(name);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Metrics registered here in registration order, then those of the merged sources (see merge()). */
  getAll(): AnyMetric[] {
    const all = [...this.metricsByName.values()];
    for (const source of this.sources) all.push(...source.getAll());
    return all;
  }

  counter<const L extends readonly string[] = readonly []>(options: CounterOptions<L>): Counter<L> {
    return this.getOrCreate(Counter<L>, options);
  }

  gauge<const L extends readonly string[] = readonly []>(options: GaugeOptions<L>): Gauge<L> {
    return this.getOrCreate(Gauge<L>, options);
  }

  histogram<const L extends readonly string[] = readonly []>(options: HistogramOptions<L>): Histogram<L> {
    return this.getOrCreate(Histogram<L>, options);
  }

  summary<const L extends readonly string[] = readonly []>(options: SummaryOptions<L>): Summary<L> {
    return this.getOrCreate(Summary<L>, options);
  }

  /**
   * Returns the metric registered under `options.name` if it has the same type and definition
   * (label names, unit, buckets/quantiles, cardinalityLimit, ttlSeconds; help is not compared),
   * else creates and registers it. A `collect` callback other than the existing metric's is
   * ignored with a warning (`collect_ignored`, once per metric).
   * @throws DuplicateMetricError when the name is taken by a different definition.
   */
  getOrCreate<M extends AnyMetric, O extends MetricOptions<readonly string[]>>(
    type: new (options: O) => M,
    options: O,
  ): M {
    const existing = this.metricsByName.get(options?.name);
    if (existing === undefined) return new type({ ...options, registry: this });
    const name = options.name;
    if (!(existing instanceof type && existing.definitionMatches(options))) {
      throw new DuplicateMetricError(
        name,
        `A ${existing.type} named "${name}" with labels [${existing.labelNames.join(', ')}] is already registered with a different definition; pass the same type, label names, unit and buckets/quantiles to get it, or choose another name`,
      );
    }
    // Leaving cardinalityLimit out asks for the default, which a metric created without one follows.
    const limit = options.cardinalityLimit;
    const own = existing.cardinalityLimitOption;
    if (
      limit === undefined
        ? own !== undefined && own !== this.cardinalityLimit
        : limit !== existing.cardinalityLimit
    ) {
      throw new DuplicateMetricError(
        name,
        `The ${existing.type} "${name}" is already registered with cardinalityLimit ${existing.cardinalityLimit}, not ${limit === undefined ? `the default ${this.cardinalityLimit}` : describeValue(limit)}; pass the same cardinalityLimit to get it, or choose another name`,
      );
    }
    if (options.ttlSeconds !== existing.ttlSeconds) {
      const had =
        existing.ttlSeconds === undefined ? 'without ttlSeconds' : `with ttlSeconds ${existing.ttlSeconds}`;
      throw new DuplicateMetricError(
        name,
        `The ${existing.type} "${name}" is already registered ${had}, not ${options.ttlSeconds === undefined ? 'without' : `with ${describeValue(options.ttlSeconds)}`}; pass the same ttlSeconds to get it, or choose another name`,
      );
    }
    const collect = (options as { collect?: unknown }).collect;
    if (collect !== undefined && collect !== existing.collectOption) {
      existing.warnOnce(
        'collect_ignored',
        `registry.${existing.type}() returned the existing ${existing.type} "${name}" and ignored the collect callback passed with it: the metric keeps ${existing.collectOption === undefined ? 'having no callback' : 'the callback it was created with'}. Create the metric once with its callback (a new function on every call counts as another callback).`,
      );
    }
    return existing;
  }

  /**
   * Runs collect callbacks concurrently (one that throws or rejects is warned about once and its
   * family left out; collect() itself never rejects for it), then snapshots every metric in
   * registration order and applies default labels. Self-metrics come last.
   * @throws DuplicateMetricError for a merged registry whose sources share a metric name.
   */
  async collect(): Promise<MetricFamily[]> {
    const families = await this.collectMetrics();
    if (this.exposeSelf) {
      const labels = this.defaultLabels;
      for (const family of SelfMetrics.families(this.selfMetricSources()))
        families.push(withLabels(family, labels));
    }
    return families;
  }

  /** collect(), rendered in the Prometheus text format (default), OpenMetrics, or JSON. */
  metrics(format: ExpositionFormat = 'prometheus'): Promise<string> {
    return renderMetrics(format, () => this.collect());
  }

  /**
   * Every metric back to zero (label sets are kept), and the self-metrics counts too; for a merged
   * registry, its sources' as well.
   */
  resetAll(): void {
    for (const metric of this.metricsByName.values()) metric.reset();
    this.selfMetrics.reset();
    for (const source of this.sources) source.resetAll();
  }

  /** Unregisters every metric registered here; a merged registry keeps its sources and theirs. */
  clear(): void {
    this.metricsByName.clear();
  }

  private async collectMetrics(): Promise<MetricFamily[]> {
    const metrics = [...this.metricsByName.values()];
    const failed = new Set<AnyMetric>();
    const callbacks: Promise<void>[] = [];
    for (const metric of metrics) {
      if (metric.hasCollectCallback) callbacks.push(runCallback(metric, failed));
    }
    if (callbacks.length > 0) await Promise.all(callbacks);
    const labels = this.defaultLabels;
    const families: MetricFamily[] = [];
    for (const metric of metrics) {
      if (!failed.has(metric)) families.push(withLabels(metric.snapshot(), labels));
    }
    if (this.sources.length === 0) return families;
    const names = new Set(families.map((f) => f.name));
    for (const source of this.sources) {
      for (const family of await source.collectMetrics()) {
        if (names.has(family.name)) {
          throw new DuplicateMetricError(
            family.name,
            `Merged registries both have a metric named "${family.name}"; rename one, or merge registries without overlapping names`,
          );
        }
        names.add(family.name);
        families.push(withLabels(family, labels));
      }
    }
    return families;
  }

  private selfMetricSources(): SelfMetrics[] {
    const all = [this.selfMetrics];
    for (const source of this.sources) if (source.exposeSelf) all.push(...source.selfMetricSources());
    return all;
  }
}

async function runCallback(metric: AnyMetric, failed: Set<AnyMetric>): Promise<void> {
  try {
    await metric.runCollectCallback();
  } catch (error) {
    failed.add(metric);
    metric.warnOnce(
      'collect_failed',
      `the collect callback of ${metric.type} "${metric.name}" failed (${error instanceof Error ? error.message : String(error)}); the metric is left out of that collection. Further failures are not warned about.`,
    );
  }
}

/** Adds the default labels a family does not have itself (a series' own label wins). */
function withLabels<F extends MetricFamily>(family: F, labels: Labels): F {
  let extraNames: string[] | undefined;
  for (const name in labels) {
    if (!family.labelNames.includes(name)) (extraNames ??= []).push(name);
  }
  if (extraNames === undefined) return family;
  const extraValues = extraNames.map((name) => labels[name]!);
  const points = family.points.map((point) => ({
    ...point,
    labelValues: [...point.labelValues, ...extraValues],
  }));
  return { ...family, labelNames: [...family.labelNames, ...extraNames], points } as F;
}

/** The registry metrics join when created without a `registry` option. */
export const defaultRegistry: Registry = new Registry();
