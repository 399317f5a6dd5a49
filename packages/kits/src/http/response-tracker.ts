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
import { requestBodySize, responseBodySize } from './body-size.js';
import type { HttpServerMetrics, MethodEntry } from './http-server-metrics.js';

/**
 * The route template of a finished request: a string, `undefined` when no route matched, or
 * `null` to leave the request out of the duration and size histograms.
 */
export type RouteOf<S> = (res: ServerResponse, source: S) => unknown;

/**
 * The clock, in milliseconds: process.hrtime, read once. It is the monotonic clock behind
 * `performance.now()` too, which validates its receiver on every call: two reads through
 * process.hrtime cost ~70 fewer instructions a request (callgrind; V8 optimises the returned
 * array away). As a double, milliseconds since boot keep sub-nanosecond steps for years. Where
 * there is no `process` (this module is loaded by the hono adapter in workers too), the
 * Performance object, read once: the global `performance` is a lazy accessor on Node.
 */
const hrtime = typeof process === 'object' && typeof process?.hrtime === 'function' ? process.hrtime : null;
const performanceClock = globalThis.performance;
const nowMs: () => number =
  hrtime !== null
    ? () => {
        const time = hrtime();
        return time[0]! * 1e3 + time[1]! / 1e6;
      }
    : () => performanceClock.now();

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
      if (this.keepSource === true) state[this.kSource] = source;
      state[this.kStart] = nowMs();
      res.on('close', this.onClose);
    } catch (error) {
      this.warn(error);
    }
  }

  private finish(res: ServerResponse): void {
    const end = nowMs();
    const state = res as unknown as Tracked;
    const entry = state[this.kMethod] as MethodEntry | undefined;
    if (entry === undefined) return;
    try {
      entry.active.dec();
      const route = this.route(res, state);
      if (route === null) return;
      const template = typeof route === 'string' && route !== '' ? route : this.template(route);
      const aborted = !res.writableFinished;
      // UNKNOWN_SIZE (-1) as a literal: in optimised code an imported binding costs a hole check,
      // as testing a boolean field without `=== true` costs a full truthiness check.
      let requestSize = -1;
      let responseSize = -1;
      if (this.bodySizes === true) {
        requestSize = requestBodySize(res.req);
        if (!aborted) responseSize = responseBodySize(res, entry.value);
      }
      const seconds = (end - (state[this.kStart] as number)) / 1000;
      this.metrics.record(entry, template, res.statusCode, aborted, seconds, requestSize, responseSize);
    } catch (error) {
      this.warn(error);
    }
  }

  /** The route resolver's answer; a resolver that throws counts the request as unmatched. */
  private route(res: ServerResponse, state: Tracked): unknown {
    try {
      return this.routeOf(res, (this.keepSource === true ? state[this.kSource] : undefined) as S);
    } catch (error) {
      this.warn(error, 'the route function threw; the request counts as unmatched');
      return undefined;
    }
  }

  /** The label of a route that is not a non-empty string (kept out of the hot path). */
  private template(route: unknown): string {
    return route === undefined || route === '' ? this.metrics.unmatchedRoute : String(route);
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
