/**
 * The demo workload: a synthetic service instrumented with @telemeter/kits, so that every panel
 * of a dashboard has live data without an application of one's own. One node:http server holds
 * the API (CATALOGUE_ROUTES) and /metrics; a load loop calls the API through global fetch.
 *
 * What it exercises: the HTTP server kit (the API), the HTTP client kit (the load loop's fetch),
 * operations (`track`: db.query, pricing.quote with errors and timeouts, render), a cache with a
 * Zipf-driven hit rate, a semaphore that queues in bursts, runtime and system metrics.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectRuntimeMetrics, createMetricsHandler, Registry } from '@telemeter/core';
import { cacheMetricsOf, instrumentCache } from '@telemeter/kits/cache';
import { InstrumentedSemaphore } from '@telemeter/kits/concurrency';
import { instrumentHttpServer } from '@telemeter/kits/http';
import { instrumentHttpClient } from '@telemeter/kits/http-client';
import { createOperationTracker } from '@telemeter/kits/operations';
import { collectSystemMetrics } from '@telemeter/kits/system';
import { ListenError } from '../errors.js';
import { CATALOGUE_ROUTES, createCatalogueApi, type Item } from './catalogue-api.js';
import { startLoadLoop } from './load-loop.js';
import { LruCache } from './lru.js';
import { seededRandom } from './random.js';

export interface DemoWorkloadOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Steady API requests per second from the load loop. Default 20. */
  requestsPerSecond?: number;
  /** Seed of the traffic's randomness. Default 1. */
  seed?: number;
}

export interface DemoWorkload {
  /** The service's base URL, e.g. `http://127.0.0.1:9465`. */
  readonly url: string;
  /** `${url}/metrics`. */
  readonly metricsUrl: string;
  /** Where all of the demo's metrics live (its own, not core's defaultRegistry). */
  readonly registry: Registry;
  /** Stops the load, the server and every collector. */
  stop(): Promise<void>;
}

/** With Zipf(1.1) reads over 500 items and cold bursts, 150 entries for 5 minutes hit ~65% once warm. */
const CACHE_ENTRIES = 150;
const CACHE_TTL_MS = 300_000;

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRINUSE' ? 'address already in use' : error.message;
      reject(new ListenError(host, port, reason, { cause: error }));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startDemoWorkload(options: DemoWorkloadOptions = {}): Promise<DemoWorkload> {
  const { host = '127.0.0.1', port = 0, requestsPerSecond = 20, seed = 1 } = options;
  const registry = new Registry();
  const random = seededRandom(seed);

  const runtime = collectRuntimeMetrics({ registry });
  const system = collectSystemMetrics({ registry });
  const tracker = createOperationTracker({ registry, maxAgeSeconds: 60 });
  const db = new InstrumentedSemaphore({ name: 'db', limit: 4, maxQueue: 100, registry });
  const lru = new LruCache<number, Item>(CACHE_ENTRIES, CACHE_TTL_MS);
  const cache = instrumentCache(lru, {
    name: 'items',
    registry,
    inferEvictions: true,
    maxEntries: CACHE_ENTRIES,
    sizeOf: (item) => 64 + item.name.length * 2,
  });
  const cacheCounts = cacheMetricsOf(cache);
  lru.onExpire = (count) => cacheCounts?.evict('expired', count);

  const api = createCatalogueApi({ cache, db, tracker, random });
  const metrics = createMetricsHandler(registry);
  const server = createServer((req, res) => {
    api(req, res)
      .then((handled) => {
        if (!handled) metrics(req, res);
      })
      .catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`internal error: ${(error as Error).message}\n`);
      });
  });
  const httpServer = instrumentHttpServer(server, {
    registry,
    routes: CATALOGUE_ROUTES,
    // Scrapes and probes are not the service's traffic.
    route: (req) => (req.url?.startsWith('/api/') ? undefined : null),
  });

  let address: AddressInfo;
  try {
    address = await listen(server, host, port);
  } catch (error) {
    httpServer.stop();
    runtime.stop();
    system.stop();
    throw error;
  }
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${urlHost}:${address.port}`;
  const origin = new URL(url).origin;
  // Diagnostics channels are process-wide: count only the load loop's calls to this service
  // (not, under `serve --demo`, the server's scrapes).
  const httpClient = instrumentHttpClient({
    registry,
    filter: (request) => request.origin === origin && request.path.startsWith('/api/'),
  });
  const load = startLoadLoop({ baseUrl: url, random, requestsPerSecond });

  let stopping: Promise<void> | undefined;
  return {
    url,
    metricsUrl: `${url}/metrics`,
    registry,
    stop() {
      stopping ??= (async () => {
        await load.stop();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
        httpClient.stop();
        httpServer.stop();
        runtime.stop();
        system.stop();
        cacheCounts?.stop();
        db.dispose();
      })();
      return stopping;
    },
  };
}
