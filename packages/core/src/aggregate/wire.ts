/**
 * Families as text for cluster IPC. `process.send` serializes as JSON by default, which turns NaN and
 * ±Infinity (an empty summary window, a NaN gauge, an overflowed sum) into null and -0 into 0; encoding them as strings
 * keeps them exact whichever `serialization` the cluster uses. Decoding validates the shape too: the
 * primary must not be broken by whatever a worker sends.
 */
import type {
  CounterPoint,
  Exemplar,
  HistogramPoint,
  Labels,
  MetricFamily,
  SketchSnapshot,
  SummaryPoint,
} from '../types.js';

function replacer(_key: string, value: unknown): unknown {
  if (typeof value !== 'number') return value;
  if (!Number.isFinite(value)) return String(value);
  // JSON writes -0 as 0; a gauge set to -0 should read back as it was.
  return Object.is(value, -0) ? '-0' : value;
}

export function encodeFamilies(families: readonly MetricFamily[]): string {
  return JSON.stringify(families, replacer);
}

class WireError extends Error {}

function fail(path: string, what: string): never {
  throw new WireError(`${path}: ${what}`);
}

function num(value: unknown, path: string): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (value === '-0') return -0;
  return fail(path, `expected a number, got ${JSON.stringify(value)}`);
}

function str(value: unknown, path: string): string {
  return typeof value === 'string' ? value : fail(path, `expected a string, got ${JSON.stringify(value)}`);
}

function arr(value: unknown, path: string): unknown[] {
  return Array.isArray(value) ? value : fail(path, 'expected an array');
}

function obj(value: unknown, path: string): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : fail(path, 'expected an object');
}

function nums(value: unknown, path: string): number[] {
  return arr(value, path).map((v, i) => num(v, `${path}[${i}]`));
}

function strs(value: unknown, path: string): string[] {
  return arr(value, path).map((v, i) => str(v, `${path}[${i}]`));
}

function labels(value: unknown, path: string): Labels {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj(value, path))) out[k] = str(v, `${path}.${k}`);
  return out;
}

function exemplar(value: unknown, path: string): Exemplar | undefined {
  if (value === undefined || value === null) return undefined;
  const e = obj(value, path);
  const out: { labels: Labels; value: number; timestamp?: number } = {
    labels: labels(e.labels, `${path}.labels`),
    value: num(e.value, `${path}.value`),
  };
  if (e.timestamp !== undefined) out.timestamp = num(e.timestamp, `${path}.timestamp`);
  return out;
}

function sketch(value: unknown, path: string): SketchSnapshot {
  const s = obj(value, path);
  return {
    relativeAccuracy: num(s.relativeAccuracy, `${path}.relativeAccuracy`),
    offset: num(s.offset, `${path}.offset`),
    counts: nums(s.counts, `${path}.counts`),
    negativeOffset: num(s.negativeOffset, `${path}.negativeOffset`),
    negativeCounts: nums(s.negativeCounts, `${path}.negativeCounts`),
    zeroCount: num(s.zeroCount, `${path}.zeroCount`),
    count: num(s.count, `${path}.count`),
    sum: num(s.sum, `${path}.sum`),
    min: num(s.min, `${path}.min`),
    max: num(s.max, `${path}.max`),
  };
}

function withCreated<T extends object>(point: T, raw: Record<string, unknown>, path: string): T {
  if (raw.created !== undefined)
    (point as { created?: number }).created = num(raw.created, `${path}.created`);
  return point;
}

function point(type: MetricFamily['type'], raw: unknown, width: number, path: string): object {
  const p = obj(raw, path);
  const labelValues = strs(p.labelValues, `${path}.labelValues`);
  if (labelValues.length !== width)
    fail(`${path}.labelValues`, `expected ${width} values, got ${labelValues.length}`);
  if (type === 'histogram') {
    const out: { -readonly [K in keyof HistogramPoint]: HistogramPoint[K] } = {
      labelValues,
      cumulativeCounts: nums(p.cumulativeCounts, `${path}.cumulativeCounts`),
      sum: num(p.sum, `${path}.sum`),
      count: num(p.count, `${path}.count`),
    };
    if (p.exemplars !== undefined) {
      out.exemplars = arr(p.exemplars, `${path}.exemplars`).map((e, i) =>
        exemplar(e, `${path}.exemplars[${i}]`),
      );
    }
    return withCreated(out, p, path);
  }
  if (type === 'summary') {
    const out: { -readonly [K in keyof SummaryPoint]: SummaryPoint[K] } = {
      labelValues,
      quantileValues: nums(p.quantileValues, `${path}.quantileValues`),
      sum: num(p.sum, `${path}.sum`),
      count: num(p.count, `${path}.count`),
      min: num(p.min, `${path}.min`),
      max: num(p.max, `${path}.max`),
      windowCount: num(p.windowCount, `${path}.windowCount`),
    };
    if (p.sketch !== undefined) out.sketch = sketch(p.sketch, `${path}.sketch`);
    return withCreated(out, p, path);
  }
  const out: { -readonly [K in keyof CounterPoint]: CounterPoint[K] } = {
    labelValues,
    value: num(p.value, `${path}.value`),
  };
  if (type === 'counter') {
    const e = exemplar(p.exemplar, `${path}.exemplar`);
    if (e !== undefined) out.exemplar = e;
    return withCreated(out, p, path);
  }
  return out;
}

const TYPES = new Set<string>(['counter', 'gauge', 'histogram', 'summary', 'unknown']);

function family(raw: unknown, path: string): MetricFamily {
  const f = obj(raw, path);
  const type = str(f.type, `${path}.type`);
  if (!TYPES.has(type)) fail(`${path}.type`, `unknown metric type "${type}"`);
  const labelNames = strs(f.labelNames, `${path}.labelNames`);
  const out: Record<string, unknown> = {
    type,
    name: str(f.name, `${path}.name`),
    help: str(f.help, `${path}.help`),
    unit: f.unit === undefined ? '' : str(f.unit, `${path}.unit`),
    labelNames,
  };
  if (type === 'histogram') out.buckets = nums(f.buckets, `${path}.buckets`);
  if (type === 'summary') out.quantiles = nums(f.quantiles, `${path}.quantiles`);
  out.points = arr(f.points, `${path}.points`).map((p, i) =>
    point(type as MetricFamily['type'], p, labelNames.length, `${path}.points[${i}]`),
  );
  return out as unknown as MetricFamily;
}

/** @throws Error naming the first field that is not what a MetricFamily[] has there. */
export function decodeFamilies(text: string): MetricFamily[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new WireError(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return arr(parsed, 'families').map((f, i) => family(f, `families[${i}]`));
}
