/**
 * How series that several threads or processes report under one name are combined. Counters,
 * histograms and summaries are summed (merged) unless told otherwise; gauges follow `gaugePolicy`.
 */
import { InvalidConfigError } from '../errors.js';
import { LABEL_NAME_RE } from '../labels.js';
import type { MetricFamily } from '../types.js';

/**
 * - `sum`: add the values (histograms bucket-wise; summaries through their sketches).
 * - `min` / `max` / `avg`: of the values reported for that label set (NaN values are skipped). Numbers only
 *   (counters, gauges); a histogram or summary given one of these is summed, with a warning.
 * - `first`: the first reporter's value (the main thread / primary, then workers by ascending id).
 * - `omit`: leave the metric out of the merged exposition entirely.
 * - `perWorker`: do not combine: each reporter's series get a `worker` label (see `workerLabel`).
 */
export type AggregationPolicy = 'sum' | 'min' | 'max' | 'avg' | 'first' | 'omit' | 'perWorker';

export const AGGREGATION_POLICIES: readonly AggregationPolicy[] = Object.freeze([
  'sum',
  'min',
  'max',
  'avg',
  'first',
  'omit',
  'perWorker',
]);

export interface AggregationOptions {
  /**
   * Policy per metric name, as registered (a counter's name with `_total`, a histogram's or summary's
   * base name). Applies to any type; names not listed use the type's default.
   */
  policies?: Readonly<Record<string, AggregationPolicy>>;
  /** Policy of gauges (and untyped metrics) not in `policies`. Default `'sum'`, as prom-client. */
  gaugePolicy?: AggregationPolicy;
  /** Label that `perWorker` adds, holding the reporter's id. Default `'worker'`. */
  workerLabel?: string;
}

export interface ResolvedAggregationOptions {
  readonly policies: ReadonlyMap<string, AggregationPolicy>;
  readonly gaugePolicy: AggregationPolicy;
  readonly workerLabel: string;
}

function checkPolicy(key: string, value: unknown): AggregationPolicy {
  if (!AGGREGATION_POLICIES.includes(value as AggregationPolicy)) {
    throw new InvalidConfigError(
      key,
      `${key} must be one of ${AGGREGATION_POLICIES.join(', ')} (got ${JSON.stringify(value) ?? String(value)})`,
    );
  }
  return value as AggregationPolicy;
}

/** Validates aggregation options once, at creation, so a typo fails at startup rather than at a scrape. */
export function resolveAggregationOptions(options: AggregationOptions = {}): ResolvedAggregationOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidConfigError(
      'options',
      'aggregation options must be an object, e.g. { gaugePolicy: "max" }',
    );
  }
  const policies = new Map<string, AggregationPolicy>();
  const given = options.policies ?? {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new InvalidConfigError(
      'policies',
      'policies must be an object mapping metric names to a policy, e.g. { queue_depth: "max" }',
    );
  }
  for (const [name, policy] of Object.entries(given))
    policies.set(name, checkPolicy(`policies.${name}`, policy));
  const gaugePolicy = checkPolicy('gaugePolicy', options.gaugePolicy ?? 'sum');
  const workerLabel = options.workerLabel ?? 'worker';
  if (typeof workerLabel !== 'string' || !LABEL_NAME_RE.test(workerLabel) || workerLabel.startsWith('__')) {
    throw new InvalidConfigError(
      'workerLabel',
      `workerLabel must be a label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with "__"), got ${JSON.stringify(workerLabel)}`,
    );
  }
  return { policies, gaugePolicy, workerLabel };
}

/** The policy that applies to `family`: its own entry, else `sum` for counters/histograms/summaries, else the gauge policy. */
export function policyFor(family: MetricFamily, options: ResolvedAggregationOptions): AggregationPolicy {
  const own = options.policies.get(family.name);
  if (own !== undefined) return own;
  return family.type === 'gauge' || family.type === 'unknown' ? options.gaugePolicy : 'sum';
}
