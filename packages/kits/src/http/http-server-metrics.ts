/**
 * The HTTP server metric set and its recording path, shared by every adapter (node:http, express,
 * fastify, koa, hono). Adapters only decide when a request starts and ends and what its route is.
 *
 * Recording cost. Each (method, route, status) series' bound children are cached: a method entry
 * (one per known method, looked up in a Map of a handful of keys, and the previous request's entry
 * reused when the method is the same), then a Map from route template to a small array indexed by
 * status slot. A request therefore costs one or two Map lookups and an array read; core's
 * `labels()` (which hashes every label value) runs once per new series.
 */
import {
  defaultRegistry,
  type Gauge,
  type GaugeChild,
  type Histogram,
  type HistogramChild,
  type Labels,
  type Registry,
} from '@telemeter/core';
import { OTHER_METHOD } from './method.js';
import { type HttpServerMetricsOptions, type ResolvedHttpOptions, resolveHttpOptions } from './options.js';
import {
  ABORTED_SLOT_CLASS,
  ABORTED_SLOT_CODE,
  STATUS_CLASS_VALUES,
  type StatusLabelKind,
  statusClassSlot,
  statusCodeSlot,
  statusCodeValue,
} from './status.js';

/** The series of one (method, route, status). */
interface Series {
  readonly duration: HistogramChild;
  readonly requestSize: HistogramChild | null;
  readonly responseSize: HistogramChild | null;
}

/** Per normalised method: its in-flight count and gauge child, and its routes. */
export interface MethodEntry {
  /** The label value: the method, or `_OTHER`. */
  readonly value: string;
  /** @internal Requests of this method in flight; copied into `active` when the gauge is collected. */
  inFlight: number;
  /** @internal */
  readonly active: GaugeChild;
  /** @internal Route template → series by status slot. */
  readonly routes: Map<string, (Series | undefined)[]>;
}

type HttpLabels = readonly string[];

/** What `lastMethod` holds before the first lookup: equal to no method. */
const NO_METHOD = {};

/** The metric sets counting into each in-flight gauge (sets created with the same options share it). */
const inFlightSources = new WeakMap<Gauge<HttpLabels>, Set<HttpServerMetrics>>();

/**
 * The in-flight gauge's collect callback (one function for every set, so that sharing the gauge
 * keeps it): each method's child is set to the requests in flight, summed over the sets.
 */
function syncInFlight(gauge: Gauge<HttpLabels>): void {
  const totals = new Map<GaugeChild, number>();
  for (const metrics of inFlightSources.get(gauge) ?? []) {
    for (const entry of metrics.methodEntries()) {
      totals.set(entry.active, (totals.get(entry.active) ?? 0) + entry.inFlight);
    }
  }
  for (const [child, inFlight] of totals) child.set(inFlight);
}

/**
 * The metrics of an HTTP server: request duration and body sizes by method, route and status,
 * and requests in flight by method. Created by every adapter; two sets created with the same
 * options on the same registry share the metrics (registry get-or-create).
 */
export class HttpServerMetrics {
  /** `http_server_request_duration_seconds`. */
  readonly duration: Histogram<HttpLabels>;
  /**
   * `http_server_active_requests`, brought up to date whenever it is collected (a scrape,
   * `registry.collect()`, `activeRequests.collect()`); its children's `get()` between two
   * collections returns the value of the last one.
   */
  readonly activeRequests: Gauge<HttpLabels>;
  /** `http_server_request_body_size_bytes` (null with `bodySizes: false`). */
  readonly requestBodySize: Histogram<HttpLabels> | null;
  /** `http_server_response_body_size_bytes` (null with `bodySizes: false`). */
  readonly responseBodySize: Histogram<HttpLabels> | null;
  readonly registry: Registry;
  readonly unmatchedRoute: string;
  readonly statusLabel: StatusLabelKind;

  private readonly constantLabels: Labels;
  private readonly statusLabelName: string;
  private readonly knownMethods: ReadonlySet<string>;
  /** Entries are made on a method's first request, so unused methods export no zero series. */
  private readonly methods = new Map<string, MethodEntry>();
  private otherMethod: MethodEntry | null = null;
  /**
   * The last method looked up and its entry: most traffic is one method (GET), and comparing
   * node:http's method strings (interned constants) is cheaper than a Map lookup.
   */
  private lastMethod: unknown = NO_METHOD;
  private lastEntry: MethodEntry | null = null;
  /** With exact codes: code → compact slot (0 = not seen yet), so per-route arrays stay short. */
  private readonly codeSlots: Uint16Array | null;
  private readonly codeOfSlot: number[] = [];
  private readonly routeLimit: number;

  constructor(options?: HttpServerMetricsOptions) {
    const o: ResolvedHttpOptions = resolveHttpOptions(options);
    const registry = o.registry ?? defaultRegistry;
    this.registry = registry;
    this.unmatchedRoute = o.unmatchedRoute;
    this.statusLabel = o.statusLabel;
    this.constantLabels = o.labels;
    this.statusLabelName =
      o.statusLabel === 'class' ? 'http_response_status_class' : 'http_response_status_code';
    const extra = Object.keys(o.labels);
    const seriesLabels = ['http_request_method', 'http_route', this.statusLabelName, ...extra];
    const limit = o.cardinalityLimit === undefined ? {} : { cardinalityLimit: o.cardinalityLimit };
    const statusHelp = o.statusLabel === 'class' ? 'status class' : 'status code';
    this.duration = registry.histogram({
      name: `${o.prefix}http_server_request_duration_seconds`,
      help: `Duration of HTTP server requests, from the request's arrival to the response's end, by method, route template and ${statusHelp} ("aborted" when the client went away first).`,
      unit: 'seconds',
      labelNames: seriesLabels,
      buckets: o.durationBuckets,
      ...limit,
    });
    // Counted in plain numbers per method and copied into the gauge when it is collected: an
    // inc() and a dec() of a gauge child cost ~90 instructions a request more (callgrind).
    this.activeRequests = registry.gauge({
      name: `${o.prefix}http_server_active_requests`,
      help: 'HTTP server requests in flight: arrived and not yet answered or aborted.',
      labelNames: ['http_request_method', ...extra],
      collect: syncInFlight,
      ...limit,
    });
    const sources = inFlightSources.get(this.activeRequests);
    if (sources === undefined) inFlightSources.set(this.activeRequests, new Set([this]));
    else sources.add(this);
    this.requestBodySize = o.bodySizes
      ? registry.histogram({
          name: `${o.prefix}http_server_request_body_size_bytes`,
          help: 'Size of HTTP server request bodies, from Content-Length (requests without one are not observed).',
          unit: 'bytes',
          labelNames: seriesLabels,
          buckets: o.sizeBuckets,
          ...limit,
        })
      : null;
    this.responseBodySize = o.bodySizes
      ? registry.histogram({
          name: `${o.prefix}http_server_response_body_size_bytes`,
          help: 'Size of HTTP server response bodies (as framed by Content-Length; chunked bodies are not observed).',
          unit: 'bytes',
          labelNames: seriesLabels,
          buckets: o.sizeBuckets,
          ...limit,
        })
      : null;
    this.routeLimit = this.duration.cardinalityLimit;
    this.codeSlots = o.statusLabel === 'code' ? new Uint16Array(601) : null;
    this.knownMethods = new Set(o.knownMethods);
  }

  /** The entry of a request method (unknown methods share `_OTHER`). Call at the request's start. */
  method(method: string): MethodEntry {
    // Kept this small on purpose: V8 inlines it into the adapter's per-request code within a
    // budget of bytecode per optimised function, and what it spends here it cannot spend on
    // node's own listener checks there (callgrind: 105 instructions a request less than with the
    // lookup written inline).
    return method === this.lastMethod ? this.lastEntry! : this.lookUpMethod(method);
  }

  private lookUpMethod(method: string): MethodEntry {
    const entry = this.methods.get(method) ?? this.newMethod(method);
    this.lastMethod = method;
    this.lastEntry = entry;
    return entry;
  }

  /**
   * Records one finished (or aborted) request: duration in seconds, status code (ignored when
   * `aborted`), and body sizes (negative = unknown, not observed).
   */
  record(
    entry: MethodEntry,
    route: string,
    status: number,
    aborted: boolean,
    seconds: number,
    requestSize: number,
    responseSize: number,
  ): void {
    const slot =
      this.codeSlots === null
        ? aborted
          ? ABORTED_SLOT_CLASS
          : statusClassSlot(status)
        : this.codeSlot(status, aborted);
    let slots = entry.routes.get(route);
    if (slots === undefined) {
      slots = [];
      // Past the limit core sends new label sets to the overflow series anyway; not caching them
      // keeps a route() that leaks raw paths from growing this Map without bound.
      if (entry.routes.size < this.routeLimit) entry.routes.set(route, slots);
    }
    const series = slots[slot] ?? (slots[slot] = this.newSeries(entry.value, route, slot));
    series.duration.observe(seconds);
    if (requestSize >= 0) series.requestSize?.observe(requestSize);
    if (responseSize >= 0) series.responseSize?.observe(responseSize);
  }

  /** Removes the metrics from the registry (an application that keeps running should stop the adapters first). */
  unregister(): void {
    for (const metric of [this.duration, this.activeRequests, this.requestBodySize, this.responseBodySize]) {
      if (metric !== null && this.registry.get(metric.name) === metric) this.registry.unregister(metric.name);
    }
    inFlightSources.get(this.activeRequests)?.delete(this);
    this.methods.clear();
    this.otherMethod = null;
    this.lastMethod = NO_METHOD;
    this.lastEntry = null;
  }

  /** @internal The method entries made so far. */
  *methodEntries(): IterableIterator<MethodEntry> {
    yield* this.methods.values();
    if (this.otherMethod !== null) yield this.otherMethod;
  }

  /** With exact codes: the compact slot of a status. */
  private codeSlot(status: number, aborted: boolean): number {
    const codes = this.codeSlots!;
    const code = aborted ? ABORTED_SLOT_CODE : statusCodeSlot(status);
    let slot = codes[code]!;
    if (slot === 0) {
      slot = this.codeOfSlot.length + 1;
      codes[code] = slot;
      this.codeOfSlot.push(code);
    }
    return slot;
  }

  private statusValue(slot: number): string {
    if (this.codeSlots === null) return STATUS_CLASS_VALUES[slot]!;
    return statusCodeValue(this.codeOfSlot[slot - 1]!);
  }

  private newMethod(method: string): MethodEntry {
    if (typeof method !== 'string' || !this.knownMethods.has(method)) {
      return (this.otherMethod ??= this.newEntry(OTHER_METHOD));
    }
    const entry = this.newEntry(method);
    this.methods.set(method, entry);
    return entry;
  }

  private newEntry(value: string): MethodEntry {
    const active = this.activeRequests.labels({ ...this.constantLabels, http_request_method: value });
    return { value, inFlight: 0, active, routes: new Map() };
  }

  private newSeries(method: string, route: string, slot: number): Series {
    const labels = {
      ...this.constantLabels,
      http_request_method: method,
      http_route: route,
      [this.statusLabelName]: this.statusValue(slot),
    };
    return {
      duration: this.duration.labels(labels),
      requestSize: this.requestBodySize?.labels(labels) ?? null,
      responseSize: this.responseBodySize?.labels(labels) ?? null,
    };
  }
}
