import type { CounterChild, GaugeChild, HistogramChild } from '@telemeter/core';
import { errorTypeOf } from '../shared/error-type.js';
import { isAbort, statusLabel } from './classify.js';
import type { FailurePhase, HttpClientMetrics, RequestOutcome } from './metrics.js';

/**
 * The bound series of one (method, server address): looked up once, then recording is plain method
 * calls. Series other than the active gauge are bound on first use, so a host that never answered
 * does not show empty time-to-first-byte or connection series.
 */
interface Route {
  readonly method: string;
  readonly address: string;
  readonly active: GaugeChild;
  timeToFirstByte: HistogramChild | undefined;
  fresh: CounterChild | undefined;
  reused: CounterChild | undefined;
  /** Series of complete responses, by status label (the hot path: no key to build). */
  readonly responses: Map<string, EndSeries>;
  /** Series of failures, by `${status}\n${error_type}\n${outcome}`. */
  readonly failures: Map<string, EndSeries>;
}

interface EndSeries {
  readonly duration: HistogramChild;
  readonly requests: CounterChild;
}

/** One outgoing request between its start and its end, whichever client library sent it. */
export interface RequestState {
  /** performance.now() at dispatch. */
  readonly start: number;
  readonly route: Route;
  /** The request went out on an established connection (failures after this are not connect failures). */
  sent: boolean;
  /** performance.now() when the response headers arrived; 0 before. */
  headersAt: number;
  status: number;
  /** node:http reports some failures on the request after the response started; kept for the response's end. */
  lateError: unknown;
}

/**
 * Routes and end series kept per recorder. Bounded by the metrics' own cardinality in practice
 * (methods × origins); past this a lookup goes to the metric every time instead of growing.
 */
const MAX_CACHED = 4096;

/**
 * Turns request lifecycle events (from undici's or node:http's diagnostics channels) into metrics.
 * Every method is called from a channel subscriber, where a throw would become an uncaught
 * exception in the application, so the callers wrap them.
 */
export class HttpClientRecorder {
  private readonly metrics: HttpClientMetrics;
  private readonly constLabels: Readonly<Record<string, string>>;
  /** By server address, then method. */
  private readonly routes = new Map<string, Map<string, Route>>();
  private cached = 0;
  /** In-flight requests per active-gauge child, so stop() can take back what will never end. */
  private readonly inflight = new Map<GaugeChild, number>();
  stopped = false;

  constructor(metrics: HttpClientMetrics) {
    this.metrics = metrics;
    this.constLabels = metrics.resolved.constLabels;
  }

  begin(method: string, address: string, now: number): RequestState {
    const route = this.route(method, address);
    route.active.inc();
    this.inflight.set(route.active, (this.inflight.get(route.active) ?? 0) + 1);
    return { start: now, route, sent: false, headersAt: 0, status: 0, lateError: undefined };
  }

  /** A request was written to a connection: a fresh one (`reused` false) or one from the pool. */
  connection(state: RequestState, reused: boolean): void {
    state.sent = true;
    const { route } = state;
    if (reused) (route.reused ??= this.connectionSeries(route.address, 'true')).inc();
    else (route.fresh ??= this.connectionSeries(route.address, 'false')).inc();
  }

  connected(address: string, seconds: number): void {
    this.metrics.connectDuration.labels(this.labels({ server_address: address })).observe(seconds);
  }

  headers(state: RequestState, statusCode: number, now: number): void {
    state.headersAt = now;
    state.status = statusCode;
    const { route } = state;
    route.timeToFirstByte ??= this.metrics.timeToFirstByte.labels(
      this.labels({ http_request_method: route.method, server_address: route.address }),
    );
    route.timeToFirstByte.observe((now - state.start) / 1000);
  }

  complete(state: RequestState, now: number): void {
    this.end(state, now, '', state.status >= 400 ? 'http_error' : 'success');
  }

  fail(state: RequestState, error: unknown, now: number): void {
    const type = errorTypeOf(error);
    const aborted = isAbort(type);
    this.end(state, now, type, aborted ? 'aborted' : 'error');
    if (aborted) return;
    const phase: FailurePhase = state.headersAt > 0 ? 'response' : state.sent ? 'request' : 'connect';
    this.metrics.errors
      .labels(this.labels({ server_address: state.route.address, error_type: type, phase }))
      .inc();
  }

  /** Takes the requests still in flight out of the active gauge: their end will not be observed. */
  stop(): void {
    this.stopped = true;
    for (const [child, count] of this.inflight) child.dec(count);
    this.inflight.clear();
  }

  private end(state: RequestState, now: number, type: string, outcome: RequestOutcome): void {
    const { route } = state;
    route.active.dec();
    const left = (this.inflight.get(route.active) ?? 1) - 1;
    if (left > 0) this.inflight.set(route.active, left);
    else this.inflight.delete(route.active);
    const status = state.headersAt > 0 ? statusLabel(state.status, this.metrics.statusKind) : '';
    const cache = type === '' ? route.responses : route.failures;
    const key = type === '' ? status : `${status}\n${type}\n${outcome}`;
    let series = cache.get(key);
    if (series === undefined) {
      series = this.endSeries(route, status, type, outcome);
      if (this.cached < MAX_CACHED) {
        cache.set(key, series);
        this.cached++;
      }
    }
    series.duration.observe((now - state.start) / 1000);
    series.requests.inc();
  }

  private endSeries(route: Route, status: string, type: string, outcome: RequestOutcome): EndSeries {
    const m = this.metrics;
    const labels = this.labels({
      http_request_method: route.method,
      server_address: route.address,
      [m.statusName]: status,
      error_type: type,
    });
    const duration = m.duration.labels(labels);
    labels.outcome = outcome;
    return { duration, requests: m.requests.labels(labels) };
  }

  private route(method: string, address: string): Route {
    let byMethod = this.routes.get(address);
    let route = byMethod?.get(method);
    if (route !== undefined) return route;
    route = {
      method,
      address,
      active: this.metrics.active.labels(
        this.labels({ http_request_method: method, server_address: address }),
      ),
      timeToFirstByte: undefined,
      fresh: undefined,
      reused: undefined,
      responses: new Map(),
      failures: new Map(),
    };
    if (this.cached < MAX_CACHED) {
      if (byMethod === undefined) this.routes.set(address, (byMethod = new Map()));
      byMethod.set(method, route);
      this.cached++;
    }
    return route;
  }

  private connectionSeries(address: string, reused: 'true' | 'false'): CounterChild {
    return this.metrics.connections.labels(this.labels({ server_address: address, reused }));
  }

  private labels(own: Record<string, string>): Record<string, string> {
    for (const name in this.constLabels) own[name] = this.constLabels[name]!;
    return own;
  }
}
