import { histogramQuantile, type Labels, type ParsedFamily, type ParsedFamilyType } from '@telemeter/core';
import { type Unit, unitOf } from '../output/units.js';

/** The quantiles shown for a histogram. */
export const HISTOGRAM_QUANTILES: readonly number[] = [0.5, 0.95, 0.99];

export interface QuantileValue {
  readonly quantile: number;
  readonly value: number;
}

/** One line of `telemeter show`: a series with what is worth reading about it. */
export interface ShowRow {
  readonly family: string;
  readonly type: ParsedFamilyType;
  readonly help: string;
  readonly unit: Unit;
  /** The sample name (differs from `family` for OpenMetrics counters and untyped samples). */
  readonly name: string;
  /** Without `le` / `quantile`. */
  readonly labels: Labels;
  /** Counters, gauges, untyped, info, stateset. */
  readonly value?: number;
  /** Per second over the interval between the two fetches: counters, and histogram/summary counts. */
  readonly rate?: number;
  readonly count?: number;
  readonly sum?: number;
  /** A summary's own quantiles, or p50/p95/p99 estimated from a histogram's buckets. */
  readonly quantiles?: readonly QuantileValue[];
  /**
   * Histograms: whether the quantiles are over the observations made between the two fetches
   * (`interval`), or since the process started when none were made in between (`lifetime`).
   */
  readonly quantileWindow?: 'interval' | 'lifetime';
}

interface SeriesParts {
  name: string;
  labels: Labels;
  value?: number;
  count?: number;
  sum?: number;
  /** le → cumulative count. */
  buckets: Map<number, number>;
  quantiles: QuantileValue[];
}

const HISTOGRAM_TYPES = new Set<ParsedFamilyType>(['histogram', 'gaugehistogram']);

function withoutLabel(labels: Labels, drop: string): Labels {
  if (!(drop in labels)) return labels;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels)) if (key !== drop) out[key] = value;
  return out;
}

function labelKey(name: string, labels: Labels): string {
  return `${name}\u0000${Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key]}`)
    .join('\u0000')}`;
}

function parseLe(text: string | undefined): number {
  if (text === undefined) return Number.NaN;
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  return Number(text);
}

/** Groups a family's samples into series: a histogram's buckets, count and sum become one. */
function seriesOf(family: ParsedFamily): Map<string, SeriesParts> {
  const out = new Map<string, SeriesParts>();
  const get = (name: string, labels: Labels) => {
    const key = labelKey(name, labels);
    let parts = out.get(key);
    if (!parts) {
      parts = { name, labels, buckets: new Map(), quantiles: [] };
      out.set(key, parts);
    }
    return parts;
  };
  for (const sample of family.samples) {
    const { name } = sample;
    if (name.endsWith('_created')) continue;
    if (HISTOGRAM_TYPES.has(family.type)) {
      const labels = withoutLabel(sample.labels, 'le');
      const parts = get(family.name, labels);
      if (name.endsWith('_bucket')) parts.buckets.set(parseLe(sample.labels.le), sample.value);
      else if (name.endsWith('_count') || name.endsWith('_gcount')) parts.count = sample.value;
      else if (name.endsWith('_sum') || name.endsWith('_gsum')) parts.sum = sample.value;
    } else if (family.type === 'summary') {
      const labels = withoutLabel(sample.labels, 'quantile');
      const parts = get(family.name, labels);
      if (name.endsWith('_count') && name !== family.name) parts.count = sample.value;
      else if (name.endsWith('_sum') && name !== family.name) parts.sum = sample.value;
      else parts.quantiles.push({ quantile: Number(sample.labels.quantile), value: sample.value });
    } else {
      get(name, sample.labels).value = sample.value;
    }
  }
  return out;
}

/** Counter increase that survives a reset: after a restart the new value is all increase. */
function increase(now: number, before: number | undefined): number | undefined {
  if (before === undefined) return undefined;
  return now >= before ? now - before : now;
}

function histogramQuantiles(
  now: SeriesParts,
  before: SeriesParts | undefined,
): { quantiles: QuantileValue[]; window: 'interval' | 'lifetime' } | undefined {
  const bounds = [...now.buckets.keys()].filter((le) => Number.isFinite(le)).sort((a, b) => a - b);
  const total = now.buckets.get(Number.POSITIVE_INFINITY) ?? now.count;
  if (total === undefined || bounds.length === 0) return undefined;
  const cumulative = [...bounds.map((le) => now.buckets.get(le)!), total];
  let counts = cumulative;
  let window: 'interval' | 'lifetime' = 'lifetime';
  if (before) {
    const beforeTotal = before.buckets.get(Number.POSITIVE_INFINITY) ?? before.count;
    const previous = [...bounds.map((le) => before.buckets.get(le)), beforeTotal];
    const complete = previous.every((v) => v !== undefined);
    const delta = complete ? cumulative.map((v, i) => v - previous[i]!) : [];
    // Observations made between the two fetches describe "now" better than the whole lifetime.
    if (complete && delta.every((v) => v >= 0) && delta[delta.length - 1]! > 0) {
      counts = delta;
      window = 'interval';
    }
  }
  const quantiles = HISTOGRAM_QUANTILES.map((q) => ({
    quantile: q,
    value: histogramQuantile(q, bounds, counts),
  }));
  if (quantiles.every((q) => Number.isNaN(q.value))) return undefined;
  return { quantiles, window };
}

/**
 * The rows of `telemeter show` from the latest fetch (`after`) and, for rates, the one
 * `elapsedSeconds` earlier (`before`). `filter` keeps the rows whose family or sample name matches.
 */
export function computeRows(
  before: readonly ParsedFamily[] | undefined,
  after: readonly ParsedFamily[],
  elapsedSeconds: number,
  filter?: RegExp,
): ShowRow[] {
  const previous = new Map<string, Map<string, SeriesParts>>();
  for (const family of before ?? []) previous.set(family.name, seriesOf(family));
  const perSecond = (delta: number | undefined) =>
    delta === undefined || !(elapsedSeconds > 0) ? undefined : delta / elapsedSeconds;
  const rows: ShowRow[] = [];
  for (const family of after) {
    const old = previous.get(family.name);
    for (const [key, parts] of seriesOf(family)) {
      if (filter && !filter.test(family.name) && !filter.test(parts.name)) continue;
      const prior = old?.get(key);
      const base = {
        family: family.name,
        type: family.type,
        help: family.help,
        unit: unitOf(family.name, family.unit),
        name: parts.name,
        labels: parts.labels,
      };
      if (HISTOGRAM_TYPES.has(family.type)) {
        const estimate = histogramQuantiles(parts, prior);
        const count = parts.count ?? parts.buckets.get(Number.POSITIVE_INFINITY);
        rows.push({
          ...base,
          count,
          sum: parts.sum,
          rate:
            family.type === 'histogram' && count !== undefined
              ? perSecond(increase(count, prior?.count ?? prior?.buckets.get(Number.POSITIVE_INFINITY)))
              : undefined,
          quantiles: estimate?.quantiles,
          quantileWindow: estimate?.window,
        });
      } else if (family.type === 'summary') {
        rows.push({
          ...base,
          count: parts.count,
          sum: parts.sum,
          rate: parts.count === undefined ? undefined : perSecond(increase(parts.count, prior?.count)),
          quantiles: parts.quantiles.sort((a, b) => a.quantile - b.quantile),
        });
      } else if (parts.value !== undefined) {
        rows.push({
          ...base,
          unit: unitOf(parts.name, family.unit),
          value: parts.value,
          rate: family.type === 'counter' ? perSecond(increase(parts.value, prior?.value)) : undefined,
        });
      }
    }
  }
  return rows;
}
