// @telemeter/kits/concurrency: an instrumented semaphore guarding simulated database calls, with
// a bounded queue and per-request abort, then the exposition of what it measured.
//
//   npm run build && node examples/kits/concurrency.mjs
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from '../../packages/core/dist/esm/index.js';
import {
  InstrumentedSemaphore,
  SemaphoreQueueFullError,
} from '../../packages/kits/dist/esm/concurrency/index.js';

const registry = new Registry({ defaultLabels: { service: 'example' } });
const db = new InstrumentedSemaphore({ name: 'db', limit: 4, maxQueue: 20, registry });

/** A "query" taking 5-25 ms. */
const query = async (i) => {
  await sleep(5 + ((i * 7) % 21));
  return { id: i };
};

// A burst of 30 requests: 4 run at once, 20 may wait, 6 are shed; 3 give up after 15 ms.
const outcomes = { ok: 0, shed: 0, aborted: 0 };
await Promise.all(
  Array.from({ length: 30 }, async (_, i) => {
    const signal = i % 10 === 9 ? AbortSignal.timeout(15) : undefined;
    try {
      await db.run(() => query(i), { signal });
      outcomes.ok++;
    } catch (error) {
      if (error instanceof SemaphoreQueueFullError) outcomes.shed++;
      else if (error.name === 'TimeoutError') outcomes.aborted++;
      else throw error;
    }
  }),
);
// Later, calm traffic: one request at a time runs sequentially.
for (let i = 0; i < 5; i++) await db.run(() => query(i));

console.log('outcomes:', outcomes);
const text = await registry.metrics();
console.log(
  text
    .split('\n')
    .filter((line) => line.startsWith('semaphore_') && !line.includes('_bucket'))
    .join('\n'),
);
