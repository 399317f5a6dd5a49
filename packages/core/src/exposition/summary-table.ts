import { InvalidConfigError } from '../errors.js';
import type { HistogramPoint, MetricFamily, SummaryPoint } from '../types.js';
import { escapeLabelValue } from './escape.js';
import { formatHuman, formatRate, type UnitKind, unitKind } from './format-units.js';
import { histogramQuantile } from './histogram-quantile.js';

export interface SummaryTableOptions {
  /** An earlier snapshot of the same registry: enables the RATE column. */
  previous?: readonly MetricFamily[];
  /** Seconds between `previous` and `families`. */
  elapsedSeconds?: number;
  /** Use ANSI colors (for a terminal). Default false. */
  color?: boolean;
}

/** What one row shows; undefined cells are printed as `-` (or left blank for RATE on gauges). */
interface Stats {
  value?: number;
  rate?: number;
  avg?: number;
  p50?: number;
  p95?: number;
  p99?: number;
}

interface Row {
  label: string;
  type: string;
  cells: string[];
  isFamily: boolean;
}

const ANSI = { bold: '\x1b[1m', dim: '\x1b[2m', cyan: '\x1b[36m', green: '\x1b[32m', reset: '\x1b[0m' };
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters that must not reach a terminal raw
const DISPLAY_CONTROL = /[\x00-\x1f\x7f]/g;

/**
 * The table `metrics show` prints: one row per family (totals across its series) and one per
 * series, with VALUE (counters and gauges: the value; histograms and summaries: the observation
 * count), RATE per second (only with `previous` and `elapsedSeconds`), AVG and P50/P95/P99.
 * Values are formatted by unit (seconds → µs/ms/s, bytes → KiB/MiB, counts → k/M).
 *
 * Without `previous`, AVG and histogram percentiles cover the process lifetime; with it they cover
 * the interval since `previous`, as PromQL's rate-based queries would (`-` when nothing was observed
 * in it). Summary percentiles are always the summary's sliding window.
 *
 * @throws InvalidConfigError when `elapsedSeconds` is negative or not a finite number.
 */
export function formatSummaryTable(
  families: readonly MetricFamily[],
  options: SummaryTableOptions = {},
): string {
  const { elapsedSeconds } = options;
  if (elapsedSeconds !== undefined && !(Number.isFinite(elapsedSeconds) && elapsedSeconds >= 0)) {
    throw new InvalidConfigError(
      'elapsedSeconds',
      `formatSummaryTable: elapsedSeconds must be a finite number >= 0 (seconds between previous and now), got ${String(elapsedSeconds)}`,
    );
  }
  const interval =
    options.previous !== undefined && elapsedSeconds !== undefined && elapsedSeconds > 0 ? elapsedSeconds : 0;
  const previousByName = new Map<string, MetricFamily>();
  if (interval > 0) for (const family of options.previous!) previousByName.set(family.name, family);

  const rows: Row[] = [];
  for (const family of families) {
    const previous = previousByName.get(family.name);
    addFamilyRows(rows, family, previous?.type === family.type ? previous : undefined, interval);
  }
  if (rows.length === 0) return 'no metrics\n';

  const allHeaders = [
    'METRIC',
    'TYPE',
    'VALUE',
    ...(interval > 0 ? ['RATE'] : []),
    'AVG',
    'P50',
    'P95',
    'P99',
  ];
  const allCells = rows.map((row) => [
    row.label,
    row.type,
    ...(interval > 0 ? row.cells : withoutRate(row.cells)),
  ]);
  // AVG and the percentiles only mean something for histograms and summaries: drop them when empty.
  const keep = allHeaders.map((_, c) => c <= 2 || allCells.some((cells) => cells[c] !== ''));
  const headers = allHeaders.filter((_, c) => keep[c]);
  const table = allCells.map((cells) => cells.filter((_, c) => keep[c]));
  const widths = headers.map((header, c) =>
    Math.max(header.length, ...table.map((cells) => cells[c]!.length)),
  );
  const color = options.color === true;

  const lines: string[] = [];
  lines.push(
    paint(
      renderLine(headers, widths, () => ''),
      color ? ANSI.bold : '',
    ),
  );
  rows.forEach((row, r) => {
    lines.push(
      renderLine(table[r]!, widths, (text, c) => {
        if (!color || text === '') return '';
        if (c === 0) return row.isFamily ? ANSI.bold : '';
        if (c === 1) return ANSI.cyan;
        if (text === '-') return ANSI.dim;
        return interval > 0 && c === 3 ? ANSI.green : '';
      }),
    );
  });
  if (interval > 0)
    lines.push(`rates, averages and histogram percentiles over the last ${formatHuman(interval, 'seconds')}`);
  return `${lines.join('\n')}\n`;
}

function withoutRate(cells: string[]): string[] {
  return [cells[0]!, ...cells.slice(2)];
}

function paint(text: string, code: string): string {
  return code === '' ? text : `${code}${text}${ANSI.reset}`;
}

/** Pads first (so widths count visible characters only), then colors. First two columns left-aligned. */
function renderLine(
  cells: readonly string[],
  widths: readonly number[],
  colorOf: (text: string, column: number) => string,
): string {
  const parts = cells.map((text, c) => {
    const padded = c < 2 ? text.padEnd(widths[c]!) : text.padStart(widths[c]!);
    return paint(padded, colorOf(text, c));
  });
  return parts.join('  ').trimEnd();
}

function displayLabels(family: MetricFamily, labelValues: readonly string[]): string {
  const parts = family.labelNames.map((name, i) => {
    const value = escapeLabelValue(labelValues[i] ?? '').replace(
      DISPLAY_CONTROL,
      (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
    );
    return `${name}="${value}"`;
  });
  return `{${parts.join(',')}}`;
}

function seriesKey(labelValues: readonly string[]): string {
  return labelValues.join('\u0000');
}

function addFamilyRows(
  rows: Row[],
  family: MetricFamily,
  previous: MetricFamily | undefined,
  interval: number,
): void {
  const kind = unitKind(family.name, family.unit);
  const previousPoints = new Map<string, MetricFamily['points'][number]>();
  if (previous !== undefined)
    for (const point of previous.points) previousPoints.set(seriesKey(point.labelValues), point);
  const stats = family.points.map((point) =>
    pointStats(family, point, previousPoints.get(seriesKey(point.labelValues)), interval),
  );
  const single = family.points.length === 1 && family.labelNames.length === 0;
  const familyStats = single ? stats[0]! : aggregate(family, stats, previousPoints, interval);
  const emptyValue = family.points.length === 0 ? { value: Number.NaN } : {};
  rows.push({
    label: family.name,
    type: family.type,
    cells: cellsOf(family, { ...emptyValue, ...familyStats }, kind, family.points.length === 0),
    isFamily: true,
  });
  if (single) return;
  family.points.forEach((point, i) => {
    rows.push({
      label: `  ${displayLabels(family, point.labelValues)}`,
      type: '',
      cells: cellsOf(family, stats[i]!, kind, false),
      isFamily: false,
    });
  });
}

function cellsOf(family: MetricFamily, stats: Stats, kind: UnitKind, empty: boolean): string[] {
  const isDistribution = family.type === 'histogram' || family.type === 'summary';
  const human = (value: number | undefined, k: UnitKind) =>
    value === undefined ? '-' : formatHuman(value, k);
  // A gauge family's series have no meaningful total: its own row stays blank.
  const noTotal =
    !empty && stats.value === undefined && (family.type === 'gauge' || family.type === 'unknown');
  const value = empty ? '-' : noTotal ? '' : human(stats.value, isDistribution ? 'count' : kind);
  const rate =
    stats.rate === undefined
      ? family.type === 'gauge' || family.type === 'unknown'
        ? ''
        : '-'
      : formatRate(stats.rate, isDistribution ? 'count' : kind);
  if (!isDistribution) return [value, rate, '', '', '', ''];
  return [
    value,
    rate,
    human(stats.avg, kind),
    human(stats.p50, kind),
    human(stats.p95, kind),
    human(stats.p99, kind),
  ];
}

/** `current - previous`, or `current` when the series was reset in between (as PromQL's rate does). */
function increase(current: number, previous: number | undefined): number {
  if (previous === undefined) return current;
  return current >= previous ? current - previous : current;
}

function definedOrUndefined(value: number): number | undefined {
  return Number.isNaN(value) ? undefined : value;
}

function pointStats(
  family: MetricFamily,
  point: MetricFamily['points'][number],
  previous: MetricFamily['points'][number] | undefined,
  interval: number,
): Stats {
  switch (family.type) {
    case 'counter': {
      const value = (point as { value: number }).value;
      const before = (previous as { value: number } | undefined)?.value;
      return interval > 0 ? { value, rate: increase(value, before) / interval } : { value };
    }
    case 'histogram': {
      const counts = histogramWindow(
        point as HistogramPoint,
        previous as HistogramPoint | undefined,
        interval,
      );
      return {
        value: (point as HistogramPoint).count,
        ...(interval > 0 ? { rate: counts.count / interval } : {}),
        ...distribution(counts.count, counts.sum),
        p50: definedOrUndefined(histogramQuantile(0.5, family.buckets, counts.cumulative)),
        p95: definedOrUndefined(histogramQuantile(0.95, family.buckets, counts.cumulative)),
        p99: definedOrUndefined(histogramQuantile(0.99, family.buckets, counts.cumulative)),
      };
    }
    case 'summary': {
      const p = point as SummaryPoint;
      const before = previous as SummaryPoint | undefined;
      const count = interval > 0 ? increase(p.count, before?.count) : p.count;
      const sum =
        interval > 0 && before !== undefined && p.count >= before.count ? p.sum - before.sum : p.sum;
      const windowQuantile = (target: number) => {
        const index = family.quantiles.findIndex((q) => Math.abs(q - target) < 1e-12);
        return index < 0 || !(p.windowCount > 0)
          ? undefined
          : definedOrUndefined(p.quantileValues[index] ?? Number.NaN);
      };
      return {
        value: p.count,
        ...(interval > 0 ? { rate: count / interval } : {}),
        ...distribution(count, sum),
        p50: windowQuantile(0.5),
        p95: windowQuantile(0.95),
        p99: windowQuantile(0.99),
      };
    }
    default:
      return { value: (point as { value: number }).value };
  }
}

function distribution(count: number, sum: number): Stats {
  return count > 0 ? { avg: sum / count } : {};
}

interface HistogramWindow {
  count: number;
  sum: number;
  cumulative: number[];
}

/** The histogram's lifetime counts, or with an interval the increase since `previous` (all of it after a reset). */
function histogramWindow(
  point: HistogramPoint,
  previous: HistogramPoint | undefined,
  interval: number,
): HistogramWindow {
  const cumulative = [...point.cumulativeCounts];
  if (interval === 0 || previous === undefined || point.count < previous.count) {
    return { count: point.count, sum: point.sum, cumulative };
  }
  for (let b = 0; b < cumulative.length; b++)
    cumulative[b] = cumulative[b]! - (previous.cumulativeCounts[b] ?? 0);
  return { count: point.count - previous.count, sum: point.sum - previous.sum, cumulative };
}

function aggregate(
  family: MetricFamily,
  stats: readonly Stats[],
  previousPoints: ReadonlyMap<string, MetricFamily['points'][number]>,
  interval: number,
): Stats {
  if (family.type === 'gauge' || family.type === 'unknown' || stats.length === 0) return {};
  let value = 0;
  let rate = 0;
  for (const s of stats) {
    value += s.value ?? 0;
    rate += s.rate ?? 0;
  }
  const totals: Stats = interval > 0 ? { value, rate } : { value };
  if (family.type === 'counter') return totals;
  if (family.type === 'summary') {
    let count = 0;
    let sum = 0;
    for (const point of family.points) {
      const before =
        interval > 0
          ? (previousPoints.get(seriesKey(point.labelValues)) as SummaryPoint | undefined)
          : undefined;
      const resetOrNew = before === undefined || point.count < before.count;
      count += resetOrNew ? point.count : point.count - before.count;
      sum += resetOrNew ? point.sum : point.sum - before.sum;
    }
    return { ...totals, ...distribution(count, sum) };
  }
  // Histograms of one family share their buckets, so their counts add up like PromQL's sum by (le).
  const merged = new Array<number>(family.buckets.length + 1).fill(0);
  let count = 0;
  let sum = 0;
  for (const point of family.points) {
    const window = histogramWindow(
      point,
      previousPoints.get(seriesKey(point.labelValues)) as HistogramPoint | undefined,
      interval,
    );
    count += window.count;
    sum += window.sum;
    for (let b = 0; b < merged.length; b++) merged[b]! += window.cumulative[b] ?? window.count;
  }
  return {
    ...totals,
    ...distribution(count, sum),
    p50: definedOrUndefined(histogramQuantile(0.5, family.buckets, merged)),
    p95: definedOrUndefined(histogramQuantile(0.95, family.buckets, merged)),
    p99: definedOrUndefined(histogramQuantile(0.99, family.buckets, merged)),
  };
}
