/**
 * Merging the snapshots of several threads or processes into one exposition. Pure: no I/O, no state;
 * problems are returned as warnings, never thrown, so one odd worker cannot break a scrape.
 *
 * Families are matched by name. The first reporter to send a name defines its type, unit, label names
 * and (histograms) buckets; another reporter's family of that name that disagrees is left out with a
 * warning rather than merged into something wrong. Label names in another order are lined up.
 */
import type {
  CounterPoint,
  GaugePoint,
  HistogramFamily,
  HistogramPoint,
  MetricFamily,
  SummaryFamily,
  SummaryPoint,
} from '../types.js';
import { HistogramAccumulator, NumberAccumulator, SummaryAccumulator } from './merge-points.js';
import {
  type AggregationOptions,
  type AggregationPolicy,
  policyFor,
  type ResolvedAggregationOptions,
  resolveAggregationOptions,
} from './policy.js';
import { AGGREGATION_WARNING_CODES, type AggregationWarning } from './warnings.js';

export interface MergeInput {
  /** Who reported `families`: the value of the `worker` label under `perWorker` (e.g. `main`, a thread id). */
  readonly source: string;
  readonly families: readonly MetricFamily[];
  /**
   * The last snapshot of a worker that exited or did not answer in time. Only what only ever grows is
   * merged from it (counters, histograms, summaries' _sum and _count), and only under the `sum` and
   * `perWorker` policies, so totals never go backwards; its gauges and summary windows are left out.
   */
  readonly stale?: boolean;
}

export interface MergeResult {
  /** In the order names were first seen (the first input's order, then new names from later inputs). */
  readonly families: MetricFamily[];
  /** At most one per (code, metric) per call. */
  readonly warnings: AggregationWarning[];
}

interface Member {
  readonly source: string;
  readonly stale: boolean;
  readonly family: MetricFamily;
  /** For each of the first family's label names, its index in this family's, when the order differs. */
  readonly order: readonly number[] | undefined;
}

interface Group {
  readonly first: MetricFamily;
  readonly members: Member[];
}

const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'unknown']);

class Warnings {
  readonly list: AggregationWarning[] = [];
  private readonly seen = new Set<string>();

  add(code: keyof typeof AGGREGATION_WARNING_CODES, metric: string, message: string): void {
    const key = `${code}\u0000${metric}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ code: AGGREGATION_WARNING_CODES[code], subject: metric, message });
  }
}

/**
 * Merges the families reported by several threads or processes: counters summed per label set (created =
 * the earliest), histograms summed bucket-wise, summaries merged through their sketches (quantiles
 * recomputed from the merged sketch), gauges by `options.gaugePolicy`, and any metric by its entry in
 * `options.policies`. Throws only for invalid `options` (InvalidConfigError).
 */
export function mergeFamilies(
  inputs: readonly MergeInput[],
  options: AggregationOptions | ResolvedAggregationOptions = {},
): MergeResult {
  const settings = isResolved(options) ? options : resolveAggregationOptions(options);
  const warnings = new Warnings();
  const groups = new Map<string, Group>();
  for (const input of inputs) {
    const stale = input.stale === true;
    for (const family of input.families) {
      if (!isFamily(family)) {
        const name =
          typeof (family as { name?: unknown })?.name === 'string' ? (family as MetricFamily).name : '';
        warnings.add(
          'invalid',
          name,
          `${input.source} reported a malformed metric family${name ? ` "${name}"` : ''}; it is left out of the merged exposition`,
        );
        continue;
      }
      if (stale && (family.type === 'gauge' || family.type === 'unknown')) continue;
      const group = groups.get(family.name);
      if (group === undefined) {
        groups.set(family.name, {
          first: family,
          members: [{ source: input.source, stale, family, order: undefined }],
        });
        continue;
      }
      const mismatch = definitionMismatch(group.first, family);
      if (mismatch !== undefined) {
        warnings.add(
          'conflict',
          family.name,
          `"${family.name}" is reported as ${describe(group.first)} by ${group.members[0]!.source} but as ${describe(family)} by ${input.source} (${mismatch}); only the first definition is exposed. Define the metric the same way in every worker`,
        );
        continue;
      }
      group.members.push({ source: input.source, stale, family, order: labelOrder(group.first, family) });
    }
  }
  const families: MetricFamily[] = [];
  for (const group of groups.values()) {
    const merged = mergeGroup(group, settings, warnings);
    if (merged !== undefined) families.push(merged);
  }
  return { families, warnings: warnings.list };
}

function isResolved(options: object): options is ResolvedAggregationOptions {
  return (options as ResolvedAggregationOptions).policies instanceof Map;
}

function isFamily(value: unknown): value is MetricFamily {
  const f = value as MetricFamily;
  return (
    typeof f === 'object' &&
    f !== null &&
    typeof f.name === 'string' &&
    TYPES.has(f.type) &&
    Array.isArray(f.labelNames) &&
    Array.isArray(f.points) &&
    (f.type !== 'histogram' || Array.isArray(f.buckets)) &&
    (f.type !== 'summary' || Array.isArray(f.quantiles))
  );
}

function describe(family: MetricFamily): string {
  const unit = family.unit ? ` in ${family.unit}` : '';
  return `a ${family.type}${unit} with labels [${family.labelNames.join(', ')}]`;
}

function definitionMismatch(first: MetricFamily, other: MetricFamily): string | undefined {
  if (first.type !== other.type) return 'type differs';
  if ((first.unit ?? '') !== (other.unit ?? '')) return 'unit differs';
  const a = first.labelNames;
  const b = other.labelNames;
  if (a.length !== b.length || !a.every((name) => b.includes(name))) return 'label names differ';
  return undefined;
}

function labelOrder(first: MetricFamily, other: MetricFamily): number[] | undefined {
  const a = first.labelNames;
  const b = other.labelNames;
  if (a.every((name, i) => b[i] === name)) return undefined;
  return a.map((name) => b.indexOf(name));
}

function sameBuckets(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((bound, i) => bound === b[i]);
}

/** Injective key of a label set (length-prefixed, so no separator can be forged by a label value). */
function keyOf(values: readonly string[], source: string | undefined): string {
  let key = '';
  for (const value of values) key += `${value.length}:${value}`;
  return source === undefined ? key : `${key}|${source}`;
}

function effectivePolicy(
  first: MetricFamily,
  settings: ResolvedAggregationOptions,
  warnings: Warnings,
): AggregationPolicy {
  const policy = policyFor(first, settings);
  if (
    (policy === 'min' || policy === 'max' || policy === 'avg') &&
    (first.type === 'histogram' || first.type === 'summary')
  ) {
    warnings.add(
      'policy',
      first.name,
      `policy "${policy}" does not apply to the ${first.type} "${first.name}" (it has no single value); it is summed instead. Use sum, first, omit or perWorker`,
    );
    return 'sum';
  }
  if (policy === 'perWorker' && first.labelNames.includes(settings.workerLabel)) {
    warnings.add(
      'policy',
      first.name,
      `"${first.name}" already has a "${settings.workerLabel}" label, so perWorker cannot add one; series with equal labels keep the first reporter's value. Set workerLabel to another name`,
    );
    return 'first';
  }
  return policy;
}

type Accumulator = NumberAccumulator | HistogramAccumulator | SummaryAccumulator;

function mergeGroup(
  group: Group,
  settings: ResolvedAggregationOptions,
  warnings: Warnings,
): MetricFamily | undefined {
  const { first } = group;
  const policy = effectivePolicy(first, settings, warnings);
  if (policy === 'omit') return undefined;
  const perWorker = policy === 'perWorker';
  const series = new Map<string, Accumulator>();
  const width = first.labelNames.length;
  const accuracy = first.type === 'summary' ? groupAccuracy(group) : undefined;
  const countsLength = first.type === 'histogram' ? first.buckets.length + 1 : 0;
  for (const member of group.members) {
    if (member.stale && policy !== 'sum' && !perWorker) continue;
    const family = member.family;
    let withSketch = !member.stale;
    if (first.type === 'histogram' && !sameBuckets(first.buckets, (family as HistogramFamily).buckets)) {
      warnings.add(
        'buckets',
        first.name,
        `histogram "${first.name}" has buckets [${first.buckets.join(', ')}] in ${group.members[0]!.source} but [${(family as HistogramFamily).buckets.join(', ')}] in ${member.source}; summing them would be wrong, so ${member.source}'s series are left out. Give the histogram the same buckets in every worker`,
      );
      continue;
    }
    if (first.type === 'summary' && withSketch) withSketch = sketchUsable(first, accuracy, member, warnings);
    for (const point of family.points) {
      if (!Array.isArray(point?.labelValues) || point.labelValues.length !== width) continue;
      const labelValues =
        member.order === undefined ? point.labelValues : member.order.map((i) => point.labelValues[i]!);
      const key = keyOf(labelValues, perWorker ? member.source : undefined);
      let acc = series.get(key);
      if (acc === undefined) {
        const values = perWorker ? [...labelValues, member.source] : labelValues;
        if (first.type === 'histogram') acc = new HistogramAccumulator(values, policy);
        else if (first.type === 'summary') acc = new SummaryAccumulator(values, policy, first.quantiles);
        else acc = new NumberAccumulator(values, policy);
        series.set(key, acc);
      }
      if (acc instanceof HistogramAccumulator) {
        const histogramPoint = point as HistogramPoint;
        if (histogramPoint.cumulativeCounts?.length === countsLength) acc.add(histogramPoint);
      } else if (acc instanceof SummaryAccumulator) {
        acc.add(point as SummaryPoint, withSketch);
      } else {
        acc.add(point as CounterPoint | GaugePoint);
      }
    }
  }
  const points = [...series.values()].map((acc) => {
    const point = acc.point();
    if (acc instanceof SummaryAccumulator && acc.sketchError !== undefined) {
      warnings.add(
        'sketch',
        first.name,
        `the sketches of summary "${first.name}" could not be merged (${acc.sketchError}); its quantiles are NaN, _sum and _count are exact`,
      );
    }
    return point;
  });
  const labelNames = perWorker ? [...first.labelNames, settings.workerLabel] : first.labelNames;
  return { ...first, labelNames, points } as MetricFamily;
}

/**
 * Whether `member`'s summary windows can join the merged sketch: every sketch must share the first
 * one's relative accuracy (their buckets line up only then), and a non-empty window must carry one.
 */
function sketchUsable(
  first: SummaryFamily,
  expected: number | undefined,
  member: Member,
  warnings: Warnings,
): boolean {
  for (const point of (member.family as SummaryFamily).points) {
    const accuracy = point?.sketch?.relativeAccuracy;
    if (accuracy === undefined ? point?.windowCount > 0 : expected !== undefined && accuracy !== expected) {
      warnings.add(
        'sketch',
        first.name,
        accuracy === undefined
          ? `summary "${first.name}" from ${member.source} carries no sketch, so its window cannot join the merged quantiles; only its _sum and _count are merged`
          : `summary "${first.name}" has relativeAccuracy ${expected} in the first reporter but ${accuracy} in ${member.source}; their sketches do not merge, so only ${member.source}'s _sum and _count are merged. Use the same relativeAccuracy in every worker`,
      );
      return false;
    }
  }
  return true;
}

/** The relative accuracy of the first sketch any live reporter sent for this summary. */
function groupAccuracy(group: Group): number | undefined {
  for (const member of group.members) {
    if (member.stale) continue;
    for (const point of (member.family as SummaryFamily).points) {
      if (point?.sketch !== undefined) return point.sketch.relativeAccuracy;
    }
  }
  return undefined;
}
