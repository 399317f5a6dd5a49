// The time range every view shows: the live stream's trailing window, or fixed bounds fetched
// once with query_range. It lives in the URL (`#/overview?range=1h`), so a view can be shared.

/** What the picker selected. Times are Unix milliseconds. */
export type TimeRange =
  | { readonly kind: 'live'; readonly windowMs: number }
  | {
      readonly kind: 'historical';
      readonly startMs: number;
      readonly endMs: number;
      /** Set for "the last 1h" (a preset resolved at the moment it was picked); absent for custom bounds. */
      readonly preset?: HistoricalPreset;
    };

export type HistoricalPreset = '15m' | '1h' | '6h' | '24h' | '7d';

export const HISTORICAL_PRESETS: readonly { readonly id: HistoricalPreset; readonly ms: number }[] = [
  { id: '15m', ms: 15 * 60_000 },
  { id: '1h', ms: 3_600_000 },
  { id: '6h', ms: 6 * 3_600_000 },
  { id: '24h', ms: 24 * 3_600_000 },
  { id: '7d', ms: 7 * 24 * 3_600_000 },
];

/** The live window: the last 15 minutes, the design's default. */
export const LIVE_WINDOW_MS = 15 * 60_000;

export const LIVE_RANGE: TimeRange = { kind: 'live', windowMs: LIVE_WINDOW_MS };

/** "The last `preset`" ending at `nowMs`. */
export function presetRange(preset: HistoricalPreset, nowMs: number): TimeRange {
  const ms = (HISTORICAL_PRESETS.find((p) => p.id === preset) as { ms: number }).ms;
  const endMs = Math.floor(nowMs / 1000) * 1000;
  return { kind: 'historical', startMs: endMs - ms, endMs, preset };
}

/** Steps a person would pick, so points land on round times (and the server shares evaluations). */
export const NICE_STEPS_MS: readonly number[] = [
  1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
  3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
];

/** About one point per 3 px of a full-width chart: finer adds nothing a person can see. */
export const HISTORICAL_POINTS = 400;
/** The live stream holds up to this many points per series (the server allows 11,000). */
export const LIVE_POINTS = 1_000;

/** The smallest nice step giving at most `maxPoints` intervals over `spanMs`, and at least `minStepMs`. */
export function niceStep(spanMs: number, maxPoints: number, minStepMs = 1_000): number {
  const wanted = Math.max(minStepMs, spanMs / maxPoints);
  const day = 86_400_000;
  return NICE_STEPS_MS.find((s) => s >= wanted) ?? Math.ceil(wanted / day) * day;
}

/**
 * The step of a live subscription: the server's interval (a new point each tick: with
 * `live.interval: 1s` the charts move every second), coarser only when the window would hold
 * more than LIVE_POINTS points.
 */
export function liveStep(windowMs: number, intervalMs: number): number {
  return Math.max(intervalMs, niceStep(windowMs, LIVE_POINTS, intervalMs));
}

/** The step of a query_range over `range`; 5 s at least, the usual scrape interval. */
export function historicalStep(startMs: number, endMs: number): number {
  return niceStep(endMs - startMs, HISTORICAL_POINTS, 5_000);
}

/** Start and end of a range: a live range ends at `nowMs`. */
export function rangeBounds(range: TimeRange, nowMs: number): { startMs: number; endMs: number } {
  if (range.kind === 'live') return { startMs: nowMs - range.windowMs, endMs: nowMs };
  return { startMs: range.startMs, endMs: range.endMs };
}

/** A PromQL duration: whole hours, minutes or seconds ("1h", "90s"). */
export function promDuration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

/**
 * Fills the placeholders of a panel query: `$__rate_interval` becomes a window of at least
 * 1 minute (four 15 s scrapes) and two steps (so a coarse step does not skip samples);
 * `$__interval` becomes the step.
 */
export function expandQuery(expr: string, stepMs: number): string {
  return expr
    .replaceAll('$__rate_interval', promDuration(Math.max(60_000, 2 * stepMs)))
    .replaceAll('$__interval', promDuration(stepMs));
}

/** The range as URL parameters: none for the default live view. */
export function rangeToParams(range: TimeRange): Record<string, string> {
  if (range.kind === 'live')
    return range.windowMs === LIVE_WINDOW_MS ? {} : { live: promDuration(range.windowMs) };
  if (range.preset !== undefined) return { range: range.preset };
  return { from: String(range.startMs), to: String(range.endMs) };
}

/** The range a URL asks for (a preset resolves against `nowMs`); live when absent or unreadable. */
export function rangeFromParams(params: URLSearchParams, nowMs: number): TimeRange {
  const preset = params.get('range');
  if (preset !== null && HISTORICAL_PRESETS.some((p) => p.id === preset)) {
    return presetRange(preset as HistoricalPreset, nowMs);
  }
  const from = Number(params.get('from'));
  const to = Number(params.get('to'));
  if (params.has('from') && params.has('to') && Number.isFinite(from) && Number.isFinite(to) && from < to) {
    return { kind: 'historical', startMs: from, endMs: to };
  }
  const live = parseDuration(params.get('live') ?? '');
  if (live !== undefined && live >= 60_000 && live <= 24 * 3_600_000) return { kind: 'live', windowMs: live };
  return LIVE_RANGE;
}

const DURATION_PART = /(\d+)(ms|s|m|h|d|w)/g;
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** A Prometheus duration ("1h30m") in ms, or undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  if (!/^(\d+(ms|s|m|h|d|w))+$/.test(text)) return undefined;
  let ms = 0;
  for (const m of text.matchAll(DURATION_PART)) ms += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  return ms;
}

/** Same selection (a refreshed preset is a new range, a re-render is not). */
export function sameRange(a: TimeRange, b: TimeRange): boolean {
  if (a.kind === 'live') return b.kind === 'live' && a.windowMs === b.windowMs;
  return b.kind === 'historical' && a.startMs === b.startMs && a.endMs === b.endMs && a.preset === b.preset;
}
