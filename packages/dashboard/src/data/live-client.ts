// The browser side of the live stream (docs/format/live-stream.md): one WebSocket to
// /api/v1/stream for the whole page, one subscription per panel query, frames merged into
// uPlot-shaped columns, and reconnection with backoff (every subscription is sent again).
import type { ClientMessage, ServerMessage, WireFrame, WireValue } from '@telemeter/server';
import { expandQuery, liveStep } from './time-range.js';

type InitialData = Extract<ServerMessage, { type: 'initial_data' }>;
type MetricsUpdate = Extract<ServerMessage, { type: 'metrics_update' }>;

/** A subscription's window as columns: `columns[k][i]` is series k at `timestamps[i]`, null for a gap. */
export interface LiveSeriesData {
  readonly timestamps: readonly number[];
  readonly labels: readonly Readonly<Record<string, string>>[];
  readonly columns: readonly (readonly (number | null)[])[];
  readonly stepMs: number;
  readonly rangeMs: number;
}

/** "NaN" and the infinities arrive as strings (JSON has none). */
export function decodeWireValue(value: WireValue): number | null {
  if (value === null || typeof value === 'number') return value;
  if (value === '+Inf') return Number.POSITIVE_INFINITY;
  if (value === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number.NaN;
}

/**
 * Merges one frame into what the client holds (a new object; `prev` is left alone). initial_data
 * starts over; metrics_update appends its grid times, gives new series a column of nulls for the
 * times before them, and drops the times that fell out of the window (the window holds
 * `floor(range / step) + 1` points, as initial_data does). Undefined means a message was lost
 * (the series numbering or the timestamps do not continue): subscribe again.
 */
export function mergeFrame(
  prev: LiveSeriesData | undefined,
  message: InitialData | MetricsUpdate,
): LiveSeriesData | undefined {
  const frame: WireFrame = message.frame;
  let base: LiveSeriesData;
  if (message.type === 'initial_data') {
    base = { timestamps: [], labels: [], columns: [], stepMs: message.stepMs, rangeMs: message.rangeMs };
  } else {
    if (prev === undefined) return undefined;
    base = prev;
  }
  if (frame.seriesStart !== base.labels.length) return undefined;
  const last = base.timestamps[base.timestamps.length - 1];
  if (last !== undefined && (frame.timestamps[0] ?? Number.POSITIVE_INFINITY) <= last) return undefined;

  const keep = Math.floor(base.rangeMs / base.stepMs) + 1;
  const total = base.timestamps.length + frame.timestamps.length;
  const drop = Math.max(0, total - keep);
  const timestamps = base.timestamps.concat(frame.timestamps).slice(drop);
  const labels = base.labels.concat(frame.series.map((s) => s.labels));
  const rows = new Map<number, readonly WireValue[]>();
  frame.index.forEach((k, r) => {
    rows.set(k, frame.values[r] ?? []);
  });
  const added = frame.timestamps.length;
  const columns = labels.map((_, k) => {
    const before = base.columns[k] ?? new Array<number | null>(base.timestamps.length).fill(null);
    const row = rows.get(k);
    const fresh = row === undefined ? new Array<number | null>(added).fill(null) : row.map(decodeWireValue);
    return before.concat(fresh).slice(drop);
  });
  return { timestamps, labels, columns, stepMs: base.stepMs, rangeMs: base.rangeMs };
}

/** Exponential backoff with "equal jitter": half the delay fixed, half random, so clients spread out after a restart. */
export function backoffDelay(attempt: number, random: () => number, initialMs = 500, maxMs = 30_000): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export type ConnectionStatus =
  | { readonly state: 'connecting' }
  | { readonly state: 'live'; readonly intervalMs: number }
  /** Not connected; the next attempt is at `retryAtMs`. After a few failed attempts the server counts as offline. */
  | { readonly state: 'reconnecting' | 'offline'; readonly retryAtMs: number; readonly reason: string };

export type LiveSubscriptionState =
  | { readonly status: 'pending' }
  /** `warning`: the newest update failed (update_error); the data is the last good window. */
  | { readonly status: 'ready'; readonly data: LiveSeriesData; readonly warning?: string }
  | { readonly status: 'error'; readonly errorType: string; readonly error: string };

export interface LiveSubscriptionSpec {
  /** PromQL; `$__rate_interval` and `$__interval` are filled in for the step (expandQuery). */
  readonly query: string;
  readonly rangeMs: number;
  /** Default: the server's interval, coarser for long windows (liveStep). */
  readonly stepMs?: number;
}

/** The part of the browser's WebSocket the client uses (the `ws` package's class fits, for tests). */
export interface WebSocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface LiveClientOptions {
  /** ws:// or wss:// URL of /api/v1/stream. */
  readonly url: string;
  readonly createSocket?: (url: string) => WebSocketLike;
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Failed attempts after which the status says "offline" rather than "reconnecting". */
  readonly offlineAfter?: number;
  readonly random?: () => number;
  /** A connection that has sent nothing (not even a pong) for this long is given up and reopened. */
  readonly silenceTimeoutMs?: number;
}

interface Subscription {
  readonly spec: LiveSubscriptionSpec;
  readonly listener: (state: LiveSubscriptionState) => void;
  state: LiveSubscriptionState;
  /** The id on the current connection; undefined while not subscribed. */
  wireId: string | undefined;
}

/** The URL of the stream on the server that served the page (a path prefix of a proxy kept). */
export function streamUrl(pageUrl: string): string {
  const url = new URL('api/v1/stream', pageUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.hash = '';
  return url.href;
}

export class LiveClient {
  private readonly options: Required<Omit<LiveClientOptions, 'createSocket'>> &
    Pick<LiveClientOptions, 'createSocket'>;
  private socket: WebSocketLike | undefined;
  private currentStatus: ConnectionStatus = { state: 'connecting' };
  private readonly statusListeners = new Set<(status: ConnectionStatus) => void>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly byWireId = new Map<string, Subscription>();
  private intervalMs = 5_000;
  private nextId = 0;
  private failures = 0;
  private lastHeardMs = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private stopped = true;

  constructor(options: LiveClientOptions) {
    this.options = {
      initialBackoffMs: 500,
      maxBackoffMs: 30_000,
      offlineAfter: 5,
      random: Math.random,
      silenceTimeoutMs: 45_000,
      ...options,
    };
  }

  get status(): ConnectionStatus {
    return this.currentStatus;
  }

  /** Calls `listener` on every status change; returns the function that stops it. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Opens the connection (again, after stop()). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  /** Closes the connection for good (until start()); subscriptions are kept. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.dropSocket();
  }

  /** Skips the rest of the backoff wait (the "retry now" button, the browser coming back online). */
  reconnectNow(): void {
    if (this.stopped || this.socket !== undefined) return;
    clearTimeout(this.retryTimer);
    this.connect();
  }

  /** Subscribes `spec`; `listener` hears every state change. Returns the function that unsubscribes. */
  subscribe(spec: LiveSubscriptionSpec, listener: (state: LiveSubscriptionState) => void): () => void {
    const sub: Subscription = { spec, listener, state: { status: 'pending' }, wireId: undefined };
    this.subscriptions.add(sub);
    if (this.currentStatus.state === 'live') this.sendSubscribe(sub);
    return () => {
      if (!this.subscriptions.delete(sub)) return;
      this.release(sub);
    };
  }

  private connect(): void {
    this.setStatus({ state: 'connecting' });
    const create =
      this.options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as WebSocketLike);
    let socket: WebSocketLike;
    try {
      socket = create(this.options.url);
    } catch (err) {
      this.scheduleRetry(err instanceof Error ? err.message : String(err));
      return;
    }
    this.socket = socket;
    this.lastHeardMs = Date.now();
    socket.onmessage = (event) => {
      if (this.socket !== socket) return;
      this.lastHeardMs = Date.now();
      if (typeof event.data === 'string') this.handle(JSON.parse(event.data) as ServerMessage);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.dropSocket();
      if (!this.stopped)
        this.scheduleRetry(event.code === 1001 ? 'the server is restarting' : 'the connection closed');
    };
    socket.onerror = () => {};
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastHeardMs > this.options.silenceTimeoutMs) {
        this.dropSocket();
        this.scheduleRetry('the server stopped answering');
      } else if (this.currentStatus.state === 'live') this.send({ type: 'ping' });
    }, this.options.silenceTimeoutMs / 3);
  }

  private handle(message: ServerMessage): void {
    switch (message.type) {
      case 'hello':
        if (message.protocol !== 1) {
          this.dropSocket();
          this.scheduleRetry(`the server speaks live protocol ${message.protocol}; reload the page`);
          return;
        }
        this.failures = 0;
        this.intervalMs = message.intervalMs;
        this.setStatus({ state: 'live', intervalMs: message.intervalMs });
        for (const sub of this.subscriptions) this.sendSubscribe(sub);
        return;
      case 'initial_data':
      case 'metrics_update': {
        const sub = this.byWireId.get(message.id);
        if (sub === undefined) return;
        const prev = sub.state.status === 'ready' ? sub.state.data : undefined;
        const data = mergeFrame(message.type === 'initial_data' ? undefined : prev, message);
        if (data === undefined) {
          // A lost message: start the subscription over under a new id.
          this.release(sub);
          this.sendSubscribe(sub);
          return;
        }
        this.update(sub, { status: 'ready', data });
        return;
      }
      case 'error': {
        const sub = message.id === undefined ? undefined : this.byWireId.get(message.id);
        if (sub === undefined || message.errorType === 'duplicate_id') return;
        this.byWireId.delete(message.id as string);
        sub.wireId = undefined;
        this.update(sub, { status: 'error', errorType: message.errorType, error: message.error });
        return;
      }
      case 'update_error': {
        const sub = this.byWireId.get(message.id);
        if (sub?.state.status === 'ready') this.update(sub, { ...sub.state, warning: message.error });
        return;
      }
      default:
        // unsubscribed, pong, backpressure and events need nothing here.
        return;
    }
  }

  private sendSubscribe(sub: Subscription): void {
    const wireId = `q${++this.nextId}`;
    sub.wireId = wireId;
    this.byWireId.set(wireId, sub);
    const stepMs = sub.spec.stepMs ?? liveStep(sub.spec.rangeMs, this.intervalMs);
    const query = expandQuery(sub.spec.query, stepMs);
    this.send({ type: 'subscribe', id: wireId, query, range: sub.spec.rangeMs / 1000, step: stepMs / 1000 });
  }

  private release(sub: Subscription): void {
    if (sub.wireId === undefined) return;
    this.byWireId.delete(sub.wireId);
    if (this.currentStatus.state === 'live') this.send({ type: 'unsubscribe', id: sub.wireId });
    sub.wireId = undefined;
  }

  private update(sub: Subscription, state: LiveSubscriptionState): void {
    sub.state = state;
    sub.listener(state);
  }

  private send(message: ClientMessage): void {
    this.socket?.send(JSON.stringify(message));
  }

  private dropSocket(): void {
    clearInterval(this.heartbeat);
    const socket = this.socket;
    this.socket = undefined;
    this.byWireId.clear();
    for (const sub of this.subscriptions) sub.wireId = undefined;
    if (socket !== undefined) {
      socket.onmessage = socket.onclose = socket.onopen = null;
      socket.close();
    }
  }

  private scheduleRetry(reason: string): void {
    const delay = backoffDelay(
      this.failures,
      this.options.random,
      this.options.initialBackoffMs,
      this.options.maxBackoffMs,
    );
    this.failures++;
    const state = this.failures > this.options.offlineAfter ? 'offline' : 'reconnecting';
    this.setStatus({ state, retryAtMs: Date.now() + delay, reason });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private setStatus(status: ConnectionStatus): void {
    this.currentStatus = status;
    for (const listener of this.statusListeners) listener(status);
  }
}
