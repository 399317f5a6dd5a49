/**
 * The demo service's API: a product catalogue with two routes. Item reads go through a cache;
 * a miss queries the "database" (a sleep) under a semaphore of 4 permits, so bursts queue.
 * Each item is priced by a flaky dependency tracked as an operation: ~2% fail, ~1.5% hang past
 * their deadline (timeouts), and the route answers 502 / 504 for those.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { InstrumentedSemaphore } from '@telemeter/kits/concurrency';
import type { OperationTracker } from '@telemeter/kits/operations';
import type { LruCache } from './lru.js';
import { latency, type Random } from './random.js';

/** Route templates for the `http_route` label. */
export const CATALOGUE_ROUTES = ['/api/items', '/api/items/:id'];
export const CATALOGUE_SIZE = 500;
export const PAGE_SIZE = 20;
/** The pricing call's deadline: slower calls are cut and counted as timeouts. */
const PRICING_DEADLINE_MS = 100;

export interface Item {
  id: number;
  name: string;
  stock: number;
}

export interface CatalogueDeps {
  cache: LruCache<number, Item>;
  db: InstrumentedSemaphore;
  tracker: OperationTracker;
  random: Random;
}

class PricingError extends Error {
  readonly code = 'PRICING_UNAVAILABLE';
}

function send(res: ServerResponse, status: number, body: unknown, text = JSON.stringify(body)): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function createCatalogueApi(deps: CatalogueDeps) {
  const { cache, db, tracker, random } = deps;
  const dbQuery = tracker.track('db.query', async (ms: number) => {
    await sleep(ms);
  });
  const priceOf = tracker.track('pricing.quote', async (args: { id: number; signal: AbortSignal }) => {
    const roll = random();
    if (roll < 0.02) throw new PricingError('pricing service unavailable');
    const ms = roll < 0.035 ? PRICING_DEADLINE_MS * 3 : latency(random, 2, 40);
    await sleep(ms, undefined, { signal: args.signal });
    return 10 + (args.id % 90) + 0.99;
  });
  const render = tracker.track('render', (body: unknown) => JSON.stringify(body));

  const loadItem = async (id: number): Promise<Item> => {
    const cached = cache.get(id);
    if (cached) return cached;
    await db.run(() => dbQuery(latency(random, 3, 30)));
    const item = { id, name: `item ${id}`, stock: (id * 7919) % 113 };
    cache.set(id, item);
    return item;
  };

  /** Handles the API routes; false for any other path. */
  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://demo');
    if (url.pathname === '/api/items') {
      const page = Math.max(1, Number(url.searchParams.get('page')) || 1);
      await db.run(() => dbQuery(latency(random, 8, 40)));
      const first = (page - 1) * PAGE_SIZE;
      const ids = Array.from({ length: PAGE_SIZE }, (_, i) => first + i).filter((id) => id < CATALOGUE_SIZE);
      const body = { page, items: ids.map((id) => ({ id, name: `item ${id}` })) };
      send(res, 200, body, render(body));
      return true;
    }
    const match = /^\/api\/items\/(\d+)$/.exec(url.pathname);
    if (!match) return false;
    const id = Number(match[1]);
    if (id >= CATALOGUE_SIZE) {
      send(res, 404, { error: `no item ${id}` });
      return true;
    }
    const item = await loadItem(id);
    try {
      const price = await priceOf({ id, signal: AbortSignal.timeout(PRICING_DEADLINE_MS) });
      send(res, 200, { ...item, price });
    } catch (error) {
      const timedOut = (error as Error).name === 'AbortError' || (error as Error).name === 'TimeoutError';
      send(res, timedOut ? 504 : 502, { error: timedOut ? 'pricing timed out' : (error as Error).message });
    }
    return true;
  };
}
