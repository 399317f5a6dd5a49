/**
 * The demo's traffic: a steady stream of requests to its own API (mostly item reads with Zipf-
 * distributed ids, some list pages, a few unknown ids), plus a burst of cold reads every few
 * seconds that makes the database semaphore queue. In-flight requests are capped so a slow
 * machine sheds load instead of piling it up.
 */
import { CATALOGUE_SIZE } from './catalogue-api.js';
import { type Random, zipfSampler } from './random.js';

export interface LoadLoopOptions {
  baseUrl: string;
  random: Random;
  requestsPerSecond: number;
  /** Every this many ms (and once after 1 s), a burst of cold reads. */
  burstEveryMs?: number;
  burstSize?: number;
}

const MAX_IN_FLIGHT = 32;

export function startLoadLoop(options: LoadLoopOptions): { stop(): Promise<void> } {
  const { baseUrl, random, requestsPerSecond, burstEveryMs = 5000, burstSize = 12 } = options;
  const popularId = zipfSampler(CATALOGUE_SIZE, 1.1, random);
  const stopping = new AbortController();
  const inFlight = new Set<Promise<void>>();

  const request = (path: string) => {
    if (inFlight.size >= MAX_IN_FLIGHT || stopping.signal.aborted) return;
    const done = fetch(`${baseUrl}${path}`, { signal: stopping.signal })
      .then((res) => res.arrayBuffer())
      .then(
        () => {},
        () => {},
      )
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  };

  const pick = (): string => {
    const roll = random();
    if (roll < 0.68) return `/api/items/${popularId()}`;
    if (roll < 0.93) return `/api/items?page=${1 + Math.floor(random() * 10)}`;
    return `/api/items/${CATALOGUE_SIZE + Math.floor(random() * 1000)}`;
  };

  const burst = () => {
    for (let i = 0; i < burstSize; i++) request(`/api/items/${Math.floor(random() * CATALOGUE_SIZE)}`);
  };
  const steady = setInterval(() => request(pick()), 1000 / requestsPerSecond);
  // The first burst comes early, so a fresh demo shows queueing within a scrape or two.
  const firstBurst = setTimeout(burst, 1000);
  const bursts = setInterval(burst, burstEveryMs);

  return {
    async stop() {
      clearInterval(steady);
      clearTimeout(firstBurst);
      clearInterval(bursts);
      stopping.abort();
      await Promise.allSettled([...inFlight]);
    },
  };
}
