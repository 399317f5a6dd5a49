// One PromQL subscription of one connection, and the time-grid arithmetic that makes its frames join:
// every frame ends on the newest multiple of the step at or before "now", and the next frame starts
// one step after the previous one ended, so a client never sees a gap or the same timestamp twice.
import { exprType, format, parse } from '@telemeter/promql';
import { parseDurationField } from './client-message.js';
import type { SubscribeMessage } from './protocol.js';
import { type GridWindow, SeriesTable } from './series-table.js';

/** Window of a subscription that names no `range`: what a dashboard panel shows. */
export const DEFAULT_RANGE_MS = 15 * 60_000;

/** Prometheus's limit for range queries (web/api/v1/api.go), applied to a subscription's window. */
export const MAX_POINTS_PER_SERIES = 11_000;

/**
 * A subscription's series table is renumbered (by sending a fresh `initial_data`) once it has
 * numbered this many series and more than twice as many as its last full window held: series
 * that come and go (pods, short-lived jobs) would otherwise grow it for as long as it lives.
 */
export const SERIES_TABLE_COMPACT_MIN = 1000;

export type NextFrame =
  /** The grid points after the last frame, as a `metrics_update`. */
  | { readonly kind: 'update'; readonly window: GridWindow }
  /** A whole new window as `initial_data`: the client fell too far behind, the clock went back, or the table is compacted. */
  | { readonly kind: 'reset'; readonly window: GridWindow };

export class Subscription {
  /** Full window length in steps: a window holds `rangeSteps + 1` points. */
  readonly rangeSteps: number;
  table = new SeriesTable();
  /** Timestamp of the newest point sent; undefined until the first `initial_data` went out. */
  lastMs: number | undefined;
  /** Set once unsubscribed or the connection closed: results still arriving for it are dropped. */
  removed = false;
  /** The last `update_error` text sent, so a failure repeating every tick is reported once. */
  lastUpdateError: string | undefined;
  private seriesAtReset = 0;

  constructor(
    readonly id: string,
    /** The query as the client sent it, echoed in `initial_data`. */
    readonly text: string,
    /** Canonical text of the query (formatted from its AST), which evaluations are shared by. */
    readonly query: string,
    readonly rangeMs: number,
    readonly stepMs: number,
  ) {
    this.rangeSteps = Math.floor(rangeMs / stepMs);
  }

  get active(): boolean {
    return this.lastMs !== undefined && !this.removed;
  }

  /** The newest grid time at or before `nowMs`. */
  alignedEnd(nowMs: number): number {
    return Math.floor(nowMs / this.stepMs) * this.stepMs;
  }

  /** [end - rangeSteps * step, end] with end the newest grid time: what `initial_data` covers. */
  fullWindow(nowMs: number): GridWindow {
    const end = this.alignedEnd(nowMs);
    return { startMs: end - this.rangeSteps * this.stepMs, stepMs: this.stepMs, points: this.rangeSteps + 1 };
  }

  /** What the next tick sends at `nowMs`; undefined while no new grid time has been reached. */
  next(nowMs: number): NextFrame | undefined {
    const last = this.lastMs;
    const end = this.alignedEnd(nowMs);
    if (last === undefined || end < last) return { kind: 'reset', window: this.fullWindow(nowMs) };
    if (end === last) return undefined;
    const missed = (end - last) / this.stepMs;
    const churned = this.table.size > Math.max(SERIES_TABLE_COMPACT_MIN, 2 * this.seriesAtReset);
    if (missed > this.rangeSteps || churned) return { kind: 'reset', window: this.fullWindow(nowMs) };
    return { kind: 'update', window: { startMs: last + this.stepMs, stepMs: this.stepMs, points: missed } };
  }

  /** Records that a frame covering `window` was sent. */
  sent(window: GridWindow): void {
    this.lastMs = window.startMs + (window.points - 1) * window.stepMs;
  }

  /** Starts a new series numbering for an `initial_data` frame. */
  resetTable(): SeriesTable {
    this.table = new SeriesTable();
    return this.table;
  }

  /** Called after an `initial_data` frame was built from the fresh table. */
  markReset(): void {
    this.seriesAtReset = this.table.size;
  }
}

/**
 * The subscription a `subscribe` message asks for, or why it cannot be had (a `bad_data` error):
 * range and step are read, the window is held to MAX_POINTS_PER_SERIES, and the query must parse
 * to something a range query can evaluate. The step defaults to the stream's interval.
 */
export function subscriptionFor(
  message: SubscribeMessage,
  intervalMs: number,
): Subscription | { error: string } {
  const range = parseDurationField('range', message.range ?? DEFAULT_RANGE_MS / 1000);
  if ('error' in range) return range;
  const step = parseDurationField('step', message.step ?? intervalMs / 1000);
  if ('error' in step) return step;
  if (range.ms / step.ms > MAX_POINTS_PER_SERIES) {
    return {
      error: `exceeded maximum resolution of ${MAX_POINTS_PER_SERIES} points per timeseries. Try decreasing the query resolution (a larger "step") or a shorter "range"`,
    };
  }
  let query: string;
  try {
    const expr = parse(message.query);
    const type = exprType(expr);
    if (type !== 'scalar' && type !== 'vector') {
      const documented = type === 'matrix' ? 'range vector' : type;
      return {
        error: `invalid expression type "${documented}" for range query, must be Scalar or instant Vector`,
      };
    }
    query = format(expr);
  } catch (err) {
    return { error: (err as Error).message };
  }
  return new Subscription(message.id, message.query, query, range.ms, step.ms);
}
