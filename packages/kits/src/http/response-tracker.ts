/**
 * Times requests on node:http's own objects, without patching anything: the adapter calls
 * `track()` when a request arrives, and one `close` listener on the response (the same function
 * for every request: no closure per request) records it. node:http emits `close` on every
 * response, after `finish` when the response was sent and alone when the connection went away
 * first, so aborted requests are counted and the in-flight gauge always comes back down.
 *
 * Why not `diagnostics_channel` ('http.server.request.start' / 'http.server.response.finish'):
 * measured on this machine (bench/http-overhead.bench.mjs --hooks) it costs about three times the
 * CPU of a listener per request (a message object per publish, two channel lookups), it sees every
 * server in the process rather than one, and 'finish' never fires for an aborted request.
 *
 * Per-request state (method entry, start time, and for some adapters the route source) lives in
 * properties keyed by this tracker's own symbols on the response: every response gets the same
 * ones in the same order, so V8's hidden-class transitions are cached and stores stay monomorphic.
 * They are not cleared at the end (the response is garbage soon, and `close` is emitted once).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isEnabled } from '@telemeter/core';
import { requestBodySize, responseBodySize, UNKNOWN_SIZE } from './body-size.js';
import type { HttpServerMetrics, MethodEntry } from './http-server-metrics.js';

/**
 * The route template of a finished request: a string, `undefined` when no route matched, or
 * `null` to leave the request out of the duration and size histograms.
 */
export type RouteOf<S> = (res: ServerResponse, source: S) => unknown;

/**
 * The Performance object, read once: on Node the global `performance` is a lazy accessor, and
 * going through it costs more than the clock read itself (profiled under load: ~25 ns a read).
 */
const clock = globalThis.performance;

const WARNING_CODE = 'TELEMETER_W_HTTP_METRICS';

interface Tracked {
  [key: symbol]: unknown;
}

export class ResponseTracker<S> {
  readonly metrics: HttpServerMetrics;
  /** The `close` listener, shared by every response this tracker follows. */
  readonly onClose: (this: ServerResponse) => void;
  private readonly routeOf: RouteOf<S>;
  private readonly bodySizes: boolean;
  /** Whether the route resolver needs the source: node:http and Express read everything from `res`. */
  private readonly keepSource: boolean;
  private readonly kStart = Symbol('telemeter.http.start');
  private readonly kMethod = Symbol('telemeter.http.method');
  private readonly kSource = Symbol('telemeter.http.source');
  private warned = false;

  constructor(metrics: HttpServerMetrics, routeOf: RouteOf<S>, keepSource = true) {
    this.metrics = metrics;
    this.routeOf = routeOf;
    this.keepSource = keepSource;
    this.bodySizes = metrics.requestBodySize !== null;
    const tracker = this;
    this.onClose = function onClose(this: ServerResponse) {
      tracker.finish(this);
    };
  }

  /** Starts timing `res`; `source` is handed back to the route resolver at the end. Never throws. */
  track(req: IncomingMessage, res: ServerResponse, source: S): void {
    if (!isEnabled()) return;
    const state = res as unknown as Tracked;
    // Tracked already (the middleware mounted twice): counting it again would leak an in-flight request.
    if (state[this.kMethod] !== undefined) return;
    try {
      const entry = this.metrics.method(req.method as string);
      entry.active.inc();
      state[this.kMethod] = entry;
      if (this.keepSource) state[this.kSource] = source;
      state[this.kStart] = clock.now();
      res.on('close', this.onClose);
    } catch (error) {
      this.warn(error);
    }
  }

  private finish(res: ServerResponse): void {
    const end = clock.now();
    const state = res as unknown as Tracked;
    const entry = state[this.kMethod] as MethodEntry | undefined;
    if (entry === undefined) return;
    try {
      entry.active.dec();
      let route: unknown;
      try {
        route = this.routeOf(res, (this.keepSource ? state[this.kSource] : undefined) as S);
      } catch (error) {
        this.warn(error, 'the route function threw; the request counts as unmatched');
      }
      if (route === null) return;
      const template =
        typeof route === 'string' && route !== ''
          ? route
          : route === undefined || route === ''
            ? this.metrics.unmatchedRoute
            : String(route);
      const aborted = !res.writableFinished;
      const req = res.req;
      let requestSize = UNKNOWN_SIZE;
      let responseSize = UNKNOWN_SIZE;
      if (this.bodySizes) {
        requestSize = requestBodySize(req);
        if (!aborted) responseSize = responseBodySize(res, entry.value);
      }
      const seconds = (end - (state[this.kStart] as number)) / 1000;
      this.metrics.record(entry, template, res.statusCode, aborted, seconds, requestSize, responseSize);
    } catch (error) {
      this.warn(error);
    }
  }

  /** A metrics failure must never reach the application: warn once, carry on. */
  warn(error: unknown, what = 'a request was not recorded'): void {
    if (this.warned) return;
    this.warned = true;
    process.emitWarning(
      `telemeter: HTTP server metrics: ${what} (${String(error)}); further failures are not reported`,
      { code: WARNING_CODE },
    );
  }
}
