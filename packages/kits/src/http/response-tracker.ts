/**
 * Times requests on node:http's own objects, without patching anything: the adapter calls
 * `track()` when a request arrives, and a `close` listener on the response records it. node:http
 * emits `close` on every response, after `finish` when the response was sent and alone when the
 * connection went away first, so aborted requests are counted and in-flight counts always come
 * back down.
 *
 * Why not `diagnostics_channel` ('http.server.request.start' / 'http.server.response.finish'):
 * measured on this machine (bench/http-overhead.bench.mjs --hooks) it costs about three times the
 * CPU of a listener per request (a message object per publish, two channel lookups), it sees every
 * server in the process rather than one, and 'finish' never fires for an aborted request.
 *
 * Per-request state (method entry, start time, the adapter's route source) lives in the listener,
 * a closure made per request, not in properties added to the response. node:http's responses do
 * not share one hidden class in a busy server (pipelined ones are queued rather than handed the
 * socket), so every access to a property of theirs there is megamorphic, a stub-cache probe, and
 * adding one is a slow transition: the closure costs a small allocation and saved ~500
 * instructions a request over two properties (bench/http/server-callgrind.mjs), although on
 * identical responses (bench/http/in-process.mjs) the properties were cheaper. Middleware that
 * can be mounted twice still marks the response, once, to count it once.
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
  private readonly routeOf: RouteOf<S>;
  private readonly bodySizes: boolean;
  /**
   * Whether to mark responses so that a second `track()` of the same one is ignored: middleware
   * can be mounted twice; node:http's `request` listener runs once per request.
   */
  private readonly countOnce: boolean;
  private readonly kTracked = Symbol('telemeter.http.tracked');
  private warned = false;

  constructor(metrics: HttpServerMetrics, routeOf: RouteOf<S>, countOnce = true) {
    this.metrics = metrics;
    this.routeOf = routeOf;
    this.countOnce = countOnce;
    this.bodySizes = metrics.requestBodySize !== null;
  }

  /** Starts timing `res`; `source` is handed back to the route resolver at the end. Never throws. */
  track(req: IncomingMessage, res: ServerResponse, source: S): void {
    if (!isEnabled()) return;
    if (this.countOnce === true) {
      const tracked = res as unknown as Tracked;
      // Tracked already (the middleware mounted twice): it would be counted twice.
      if (tracked[this.kTracked] === true) return;
      tracked[this.kTracked] = true;
    }
    try {
      const entry = this.metrics.method(req.method as string);
      entry.inFlight++;
      const start = nowMs();
      res.on('close', () => this.finish(res, entry, start, source));
    } catch (error) {
      this.warn(error);
    }
  }

  private finish(res: ServerResponse, entry: MethodEntry, start: number, source: S): void {
    const end = nowMs();
    try {
      entry.inFlight--;
      const route = this.route(res, source);
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
      const seconds = (end - start) / 1000;
      this.metrics.record(entry, template, res.statusCode, aborted, seconds, requestSize, responseSize);
    } catch (error) {
      this.warn(error);
    }
  }

  /** The route resolver's answer; a resolver that throws counts the request as unmatched. */
  private route(res: ServerResponse, source: S): unknown {
    try {
      return this.routeOf(res, source);
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
