// A worker's last snapshot travels on its BroadcastChannel, which is not ordered with the Worker's
// 'exit' event: a collection right after 'exit' must still count what the worker sent while exiting.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { BroadcastChannel, type Worker } from 'node:worker_threads';
import type { CounterFamily, MetricFamily } from '../types.js';
import { FINAL, PROTOCOL_VERSION } from './protocol.js';
import { aggregateWorkers } from './worker-threads.js';

const jobsValues = (families: readonly MetricFamily[]) =>
  (families.find((f) => f.name === 'jobs_total') as CounterFamily | undefined)?.points.map((p) => p.value);

const jobs = (value: number): CounterFamily => ({
  type: 'counter',
  name: 'jobs_total',
  help: 'Jobs.',
  unit: '',
  labelNames: [],
  points: [{ labelValues: [], value }],
});

/** Stands in for a Worker: the aggregator only needs threadId and the 'exit' event. */
function fakeWorker(threadId: number): Worker {
  return Object.assign(new EventEmitter(), { threadId }) as unknown as Worker;
}

describe('a worker that exits', () => {
  it('is counted with the last snapshot it sent, even when that arrives after its exit event', async () => {
    const worker = fakeWorker(900_001);
    const aggregator = aggregateWorkers(null, [worker], { selfMetrics: false });
    const workerSide = new BroadcastChannel(`telemeter:metrics:v${PROTOCOL_VERSION}:900001`);
    try {
      worker.emit('exit', 0);
      const collecting = aggregator.collect();
      workerSide.postMessage({ type: FINAL, v: PROTOCOL_VERSION, families: [jobs(14)] });
      const families = await collecting;
      assert.deepEqual(jobsValues(families), [14]);
      // Counted once, not once per collection.
      const again = await aggregator.collect();
      assert.deepEqual(jobsValues(again), [14]);
    } finally {
      workerSide.close();
      aggregator.close();
    }
  });

  it('does not hold collections for long when no last snapshot comes (a terminated worker)', async () => {
    const worker = fakeWorker(900_002);
    const aggregator = aggregateWorkers(null, [worker], { selfMetrics: false });
    try {
      worker.emit('exit', 1);
      const families = await aggregator.collect();
      assert.equal(
        families.find((f) => f.name === 'jobs_total'),
        undefined,
      );
    } finally {
      aggregator.close();
    }
  });
});
