import { DDSketch } from '../sketch/ddsketch.js';
import type {
  CounterPoint,
  Exemplar,
  GaugePoint,
  HistogramFamily,
  HistogramPoint,
  MetricFamily,
  MetricType,
  SummaryFamily,
  SummaryPoint,
} from '../types.js';
import type { FamilyWriter } from './family-writer.js';
import { histogramQuantile } from './histogram-quantile.js';

/**
 * JSON exposition: schema in docs/format/json-exposition.md. Raw values are carried as they are,
 * with NaN and infinities as the strings "NaN", "+Inf", "-Inf" (JSON has no such numbers); derived
 * values (avg, min, max, p50, p95, p99) are `null` when there is nothing to derive them from.
 */
export type JsonNumber = number | 'NaN' | '+Inf' | '-Inf';

export interface JsonExemplar {
  labels: Record<string, string>;
  value: JsonNumber;
  /** Milliseconds since the Unix epoch. */
  timestamp?: number;
}

export interface JsonCounterSeries {
  labels: Record<string, string>;
  value: JsonNumber;
  /** Milliseconds since the Unix epoch. */
  created?: number;
  exemplar?: JsonExemplar;
}

export interface JsonGaugeSeries {
  labels: Record<string, string>;
  value: JsonNumber;
}

export interface JsonHistogramBucket {
  /** Upper bound; the last bucket is "+Inf". */
  le: JsonNumber;
  /** Cumulative count of observations <= le. */
  count: JsonNumber;
  exemplar?: JsonExemplar;
}

export interface JsonHistogramSeries {
  labels: Record<string, string>;
  count: JsonNumber;
  sum: JsonNumber;
  avg: JsonNumber | null;
  /** Estimated from the buckets as PromQL's histogram_quantile does. */
  p50: JsonNumber | null;
  p95: JsonNumber | null;
  p99: JsonNumber | null;
  buckets: JsonHistogramBucket[];
  created?: number;
}

export interface JsonSummaryQuantile {
  quantile: number;
  value: JsonNumber;
}

export interface JsonSummarySeries {
  labels: Record<string, string>;
  /** Lifetime count and sum. */
  count: JsonNumber;
  sum: JsonNumber;
  avg: JsonNumber | null;
  /** Smallest and largest observation in the sliding window. */
  min: JsonNumber | null;
  max: JsonNumber | null;
  /** The window quantiles 0.5, 0.95, 0.99: configured ones, else estimated from the window's sketch. */
  p50: JsonNumber | null;
  p95: JsonNumber | null;
  p99: JsonNumber | null;
  /** Observations in the sliding window. */
  windowCount: JsonNumber;
  quantiles: JsonSummaryQuantile[];
  created?: number;
}

interface JsonFamilyBase {
  name: string;
  type: MetricType;
  help: string;
  unit: string;
  labelNames: string[];
}

export interface JsonCounterFamily extends JsonFamilyBase {
  type: 'counter';
  series: JsonCounterSeries[];
}
export interface JsonGaugeFamily extends JsonFamilyBase {
  type: 'gauge' | 'unknown';
  series: JsonGaugeSeries[];
}
export interface JsonHistogramFamily extends JsonFamilyBase {
  type: 'histogram';
  series: JsonHistogramSeries[];
}
export interface JsonSummaryFamily extends JsonFamilyBase {
  type: 'summary';
  series: JsonSummarySeries[];
}
export type JsonFamily = JsonCounterFamily | JsonGaugeFamily | JsonHistogramFamily | JsonSummaryFamily;

export interface JsonExposition {
  format: 'telemeter-json';
  /** Bumped only on incompatible changes; new fields may appear in any version. */
  version: 1;
  families: JsonFamily[];
}

type JsonSeries = JsonCounterSeries | JsonGaugeSeries | JsonHistogramSeries | JsonSummarySeries;

const JSON_FORMAT = 'telemeter-json';
const JSON_VERSION = 1;

/** The families as a plain object (documented in docs/format/json-exposition.md), ready for `JSON.stringify`. */
export function formatJson(families: readonly MetricFamily[]): JsonExposition {
  const out: JsonFamily[] = [];
  for (const family of families) {
    const series: JsonSeries[] = [];
    const context = seriesContext(family);
    for (const point of family.points) series.push(jsonSeries(family, point, context));
    out.push({ ...familyMeta(family), series } as JsonFamily);
  }
  return { format: JSON_FORMAT, version: JSON_VERSION, families: out };
}

/** `formatJson` as text in pieces, for `streamExposition`; the concatenation equals `JSON.stringify(formatJson(...))`. */
export const jsonWriter: FamilyWriter = {
  start: `{"format":"${JSON_FORMAT}","version":${JSON_VERSION},"families":[`,
  familyStart(family, index) {
    const meta = JSON.stringify(familyMeta(family));
    return `${index === 0 ? '' : ','}${meta.slice(0, -1)},"series":[`;
  },
  points(family, from, to, sink) {
    const context = seriesContext(family);
    for (let i = from; i < to; i++) {
      sink.write(`${i === 0 ? '' : ','}${JSON.stringify(jsonSeries(family, family.points[i]!, context))}`);
    }
  },
  familyEnd: () => ']}',
  end: ']}',
};

/** A number JSON can carry: NaN and infinities become strings. */
export function jsonNumber(value: number): JsonNumber {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? '+Inf' : '-Inf';
}

function derived(value: number): JsonNumber | null {
  return Number.isNaN(value) ? null : jsonNumber(value);
}

function familyMeta(family: MetricFamily): JsonFamilyBase {
  return {
    name: family.name,
    type: family.type,
    help: family.help,
    unit: family.unit,
    labelNames: [...family.labelNames],
  };
}

/** Per-family data computed once rather than per series: summary quantile positions. */
interface SeriesContext {
  p50: number;
  p95: number;
  p99: number;
}

function quantileIndex(quantiles: readonly number[], target: number): number {
  return quantiles.findIndex((q) => Math.abs(q - target) < 1e-12);
}

function seriesContext(family: MetricFamily): SeriesContext {
  if (family.type !== 'summary') return { p50: -1, p95: -1, p99: -1 };
  return {
    p50: quantileIndex(family.quantiles, 0.5),
    p95: quantileIndex(family.quantiles, 0.95),
    p99: quantileIndex(family.quantiles, 0.99),
  };
}

function labelObject(labelNames: readonly string[], labelValues: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (let i = 0; i < labelNames.length; i++) labels[labelNames[i]!] = labelValues[i] ?? '';
  return labels;
}

function jsonExemplar(exemplar: Exemplar): JsonExemplar {
  const out: JsonExemplar = { labels: { ...exemplar.labels }, value: jsonNumber(exemplar.value) };
  if (exemplar.timestamp !== undefined) out.timestamp = exemplar.timestamp;
  return out;
}

function jsonSeries(
  family: MetricFamily,
  point: MetricFamily['points'][number],
  context: SeriesContext,
): JsonSeries {
  const labels = labelObject(family.labelNames, point.labelValues);
  switch (family.type) {
    case 'counter': {
      const p = point as CounterPoint;
      const series: JsonCounterSeries = { labels, value: jsonNumber(p.value) };
      if (p.created !== undefined) series.created = p.created;
      if (p.exemplar !== undefined) series.exemplar = jsonExemplar(p.exemplar);
      return series;
    }
    case 'histogram':
      return histogramSeries(family, point as HistogramPoint, labels);
    case 'summary':
      return summarySeries(family, point as SummaryPoint, labels, context);
    default:
      return { labels, value: jsonNumber((point as GaugePoint).value) };
  }
}

function histogramSeries(
  family: HistogramFamily,
  point: HistogramPoint,
  labels: Record<string, string>,
): JsonHistogramSeries {
  const bounds = family.buckets;
  const counts = point.cumulativeCounts;
  const buckets: JsonHistogramBucket[] = [];
  for (let b = 0; b <= bounds.length; b++) {
    const bucket: JsonHistogramBucket = {
      le: b < bounds.length ? jsonNumber(bounds[b]!) : '+Inf',
      count: jsonNumber(counts[b] ?? point.count),
    };
    const exemplar = point.exemplars?.[b];
    if (exemplar !== undefined) bucket.exemplar = jsonExemplar(exemplar);
    buckets.push(bucket);
  }
  const series: JsonHistogramSeries = {
    labels,
    count: jsonNumber(point.count),
    sum: jsonNumber(point.sum),
    avg: point.count > 0 ? derived(point.sum / point.count) : null,
    p50: derived(histogramQuantile(0.5, bounds, counts)),
    p95: derived(histogramQuantile(0.95, bounds, counts)),
    p99: derived(histogramQuantile(0.99, bounds, counts)),
    buckets,
  };
  if (point.created !== undefined) series.created = point.created;
  return series;
}

function summarySeries(
  family: SummaryFamily,
  point: SummaryPoint,
  labels: Record<string, string>,
  context: SeriesContext,
): JsonSummarySeries {
  const quantiles: JsonSummaryQuantile[] = [];
  for (let q = 0; q < family.quantiles.length; q++) {
    quantiles.push({
      quantile: family.quantiles[q]!,
      value: jsonNumber(point.quantileValues[q] ?? Number.NaN),
    });
  }
  // An empty window has no min, max or quantiles, whatever placeholder the snapshot holds.
  const empty = !(point.windowCount > 0);
  const windowValue = (value: number | undefined) => (empty || value === undefined ? null : derived(value));
  // A quantile the summary is not configured with comes from the window's sketch, when the snapshot carries it.
  let sketch: DDSketch | null | undefined;
  const windowQuantile = (index: number, q: number) => {
    if (index >= 0) return windowValue(point.quantileValues[index]);
    if (empty || point.sketch === undefined) return null;
    sketch ??= DDSketch.fromSnapshot(point.sketch);
    return derived(sketch.quantile(q));
  };
  const series: JsonSummarySeries = {
    labels,
    count: jsonNumber(point.count),
    sum: jsonNumber(point.sum),
    avg: point.count > 0 ? derived(point.sum / point.count) : null,
    min: windowValue(point.min),
    max: windowValue(point.max),
    p50: windowQuantile(context.p50, 0.5),
    p95: windowQuantile(context.p95, 0.95),
    p99: windowQuantile(context.p99, 0.99),
    windowCount: jsonNumber(point.windowCount),
    quantiles,
  };
  if (point.created !== undefined) series.created = point.created;
  return series;
}
