import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { Counter } from '../counter.js';
import { InvalidConfigError } from '../errors.js';
import { Gauge } from '../gauge.js';
import { serveMetrics } from '../http/serve-metrics.js';
import { Registry } from '../registry.js';
import {
  assertWithinOnePercent,
  exactQuantile,
  PACKAGE_ENTRY,
  sample,
  samples,
  scriptDir,
  within,
} from './testing/exposition.js';
import { AGGREGATION_WARNING_CODES } from './warnings.js';
import { aggregateWorkers, exposeWorkerMetrics, WorkerMetricsAggregator } from './worker-threads.js';

/**
 * A worker that records what it is told (at start from workerData, later by message) into its own
 * registry and exposes it, unless `expose: false`. Commands are answered with `{ done: seq }`.
 */
const WORKER_SCRIPT = `
import { parentPort, workerData } from 'node:worker_threads';
import { Counter, exposeWorkerMetrics, Gauge, Histogram, Registry, Summary } from ${JSON.stringify(PACKAGE_ENTRY)};

const registry = new Registry();
const jobs = new Counter({ name: 'jobs_total', help: 'Jobs done', labelNames: ['kind'], registry });
const inFlight = new Gauge({ name: 'in_flight', help: 'Jobs in flight', registry });
const temperature = new Gauge({ name: 'temperature_celsius', help: 'Temperature', registry });
const heap = new Gauge({ name: 'heap_bytes', help: 'Heap', registry });
const duration = new Histogram({ name: 'job_duration_seconds', help: 'Durations', buckets: [0.1, 1, 10], registry });
const size = new Summary({ name: 'job_size_bytes', help: 'Sizes', quantiles: [0.5, 0.9, 0.99], registry });

function record(spec = {}) {
  for (const [kind, n] of Object.entries(spec.jobs ?? {})) jobs.labels({ kind }).inc(n);
  if (spec.inFlight !== undefined) inFlight.set(spec.inFlight);
  if (spec.temperature !== undefined) temperature.set(spec.temperature);
  if (spec.heap !== undefined) heap.set(spec.heap);
  for (const d of spec.durations ?? []) duration.observe(d);
  for (const s of spec.sizes ?? []) size.observe(s);
}

record(workerData.record);
// workerData.failAfter: a source whose collect() starts failing after that many calls.
let calls = 0;
const failing = {
  collect: async () => {
    if (++calls > workerData.failAfter) throw new Error('database unreachable');
    return registry.collect();
  },
};
const source = workerData.failAfter === undefined ? registry : failing;
const exposure = workerData.expose === false ? undefined : exposeWorkerMetrics(source);

parentPort.on('message', async ({ seq, cmd, arg }) => {
  if (cmd === 'record') record(arg);
  if (cmd === 'block') {
    parentPort.postMessage({ done: seq });
    Atomics.wait(new Int32Array(arg), 0, 0);
    return;
  }
  if (cmd === 'exit') process.exit(0);
  if (cmd === 'close') await exposure.close();
  if (cmd === 'exposeTwice') {
    try {
      exposeWorkerMetrics(new Registry());
    } catch (error) {
      parentPort.postMessage({ done: seq, code: error.code });
      return;
    }
  }
  parentPort.postMessage({ done: seq });
});
parentPort.postMessage({ ready: true });
`;

const files = scriptDir({ 'worker.mjs': WORKER_SCRIPT });
const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);
before(() => process.on('warning', onWarning));
after(() => {
  process.off('warning', onWarning);
  files.remove();
});

interface Spec {
  jobs?: Record<string, number>;
  inFlight?: number;
  temperature?: number;
  heap?: number;
  durations?: number[];
  sizes?: number[];
}

let seq = 0;

/** Starts a worker and resolves once it has recorded `record` and exposed its metrics. */
async function startWorker(record: Spec = {}, expose = true, failAfter?: number): Promise<Worker> {
  const worker = new Worker(files.path('worker.mjs'), { workerData: { record, expose, failAfter } });
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (m) => m?.ready && resolve());
  });
  return worker;
}

function command(worker: Worker, cmd: string, arg?: unknown): Promise<{ code?: string }> {
  const id = ++seq;
  return new Promise((resolve) => {
    const onMessage = (m: { done?: number; code?: string }) => {
      if (m?.done !== id) return;
      worker.off('message', onMessage);
      resolve(m);
    };
    worker.on('message', onMessage);
    worker.postMessage({ seq: id, cmd, arg });
  });
}

const exited = (worker: Worker) => new Promise((resolve) => worker.once('exit', resolve));

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

describe('aggregateWorkers with real worker threads', () => {
  it("shows every worker's metrics merged with the main thread's, in metrics() and over HTTP", async () => {
    const registry = new Registry({ defaultLabels: { service: 'api' } });
    new Counter({ name: 'jobs_total', help: 'Jobs done', labelNames: ['kind'], registry })
      .labels({ kind: 'a' })
      .inc(100);
    new Gauge({ name: 'in_flight', help: 'Jobs in flight', registry }).set(1);
    const sizesA = range(1, 100);
    const sizesB = range(1000, 1100);
    const a = await startWorker({
      jobs: { a: 3, b: 1 },
      inFlight: 2,
      temperature: 30,
      heap: 700,
      durations: [0.05, 0.5, 5],
      sizes: sizesA,
    });
    const b = await startWorker({
      jobs: { a: 5 },
      inFlight: 4,
      temperature: 45,
      heap: 900,
      durations: [0.5, 50],
      sizes: sizesB,
    });
    const aggregator = aggregateWorkers(registry, [a, b], {
      policies: { temperature_celsius: 'max', heap_bytes: 'perWorker' },
    });
    try {
      const text = await aggregator.metrics();
      const api = { service: 'api' };
      assert.equal(sample(text, 'jobs_total', { kind: 'a', ...api }), 108);
      assert.equal(sample(text, 'jobs_total', { kind: 'b', ...api }), 1);
      assert.equal(sample(text, 'in_flight', api), 7, 'gauges are summed by default');
      assert.equal(sample(text, 'temperature_celsius', api), 45, 'max policy');
      assert.deepEqual(
        samples(text, 'heap_bytes').sort((x, y) => x[1] - y[1]),
        [
          [{ service: 'api', worker: String(a.threadId) }, 700],
          [{ service: 'api', worker: String(b.threadId) }, 900],
        ],
      );
      const buckets = samples(text, 'job_duration_seconds_bucket').map(([labels, v]) => [labels.le, v]);
      assert.deepEqual(buckets, [
        ['0.1', 1],
        ['1', 3],
        ['10', 4],
        ['+Inf', 5],
      ]);
      assert.equal(sample(text, 'job_duration_seconds_count', api), 5);
      assert.equal(sample(text, 'job_duration_seconds_sum', api), 0.05 + 0.5 + 5 + 0.5 + 50);
      const union = [...sizesA, ...sizesB];
      assert.equal(sample(text, 'job_size_bytes_count', api), union.length);
      for (const q of [0.5, 0.9, 0.99]) {
        assertWithinOnePercent(
          sample(text, 'job_size_bytes', { quantile: String(q), ...api }),
          exactQuantile(union, q),
          `quantile ${q}`,
        );
      }
      assert.equal(sample(text, 'telemeter_aggregation_workers', { state: 'answered', ...api }), 2);

      // Pull model: a later collection sees what was recorded since, without any push interval.
      await command(a, 'record', { jobs: { a: 10 } });
      const server = await serveMetrics({ port: 0, registry: aggregator });
      try {
        const body = await (await fetch(server.url)).text();
        assert.equal(sample(body, 'jobs_total', { kind: 'a', ...api }), 118);
      } finally {
        await server.close();
      }
    } finally {
      aggregator.close();
      await Promise.all([a.terminate(), b.terminate()]);
    }
  });

  it('waits no longer than timeoutMs for a blocked worker, then uses its last counters and leaves its gauges out', async () => {
    const worker = await startWorker({ jobs: { a: 5 }, inFlight: 3, sizes: [1, 2, 3] });
    const aggregator = new WorkerMetricsAggregator({ registry: null, workers: [worker], timeoutMs: 1000 });
    const release = new SharedArrayBuffer(4);
    try {
      const first = await aggregator.metrics();
      assert.equal(sample(first, 'jobs_total', { kind: 'a' }), 5);
      assert.equal(sample(first, 'in_flight'), 3);

      await command(worker, 'block', release);
      const late = await within(aggregator.metrics(), 10_000, 'a collection with a blocked worker');
      assert.equal(
        sample(late, 'jobs_total', { kind: 'a' }),
        5,
        'counters are kept, so totals never go back',
      );
      assert.equal(sample(late, 'job_size_bytes_count'), 3);
      assert.equal(sample(late, 'in_flight'), undefined, 'a stale gauge is not shown');
      assert.equal(sample(late, 'telemeter_aggregation_timeouts_total'), 1);
      assert.equal(sample(late, 'telemeter_aggregation_workers', { state: 'late' }), 1);
      await new Promise((resolve) => setImmediate(resolve));
      assert.ok(
        warnings.some(
          (w) =>
            (w as { code?: string }).code === AGGREGATION_WARNING_CODES.timeout &&
            /did not answer/.test(w.message),
        ),
      );

      Atomics.store(new Int32Array(release), 0, 1);
      Atomics.notify(new Int32Array(release), 0);
      await command(worker, 'record', { inFlight: 4 });
      const back = await aggregator.metrics();
      assert.equal(sample(back, 'in_flight'), 4);
    } finally {
      Atomics.store(new Int32Array(release), 0, 1);
      Atomics.notify(new Int32Array(release), 0);
      aggregator.close();
      await worker.terminate();
    }
  });

  it("uses a worker's last counters when its collect fails, without waiting for the timeout", async () => {
    const worker = await startWorker({ jobs: { a: 6 }, inFlight: 1 }, true, 1);
    const aggregator = aggregateWorkers(null, [worker], { timeoutMs: 60_000 });
    try {
      assert.equal(sample(await aggregator.metrics(), 'in_flight'), 1);
      const text = await within(aggregator.metrics(), 10_000, 'a collection with a failing worker');
      assert.equal(sample(text, 'jobs_total', { kind: 'a' }), 6);
      assert.equal(sample(text, 'in_flight'), undefined);
      assert.equal(sample(text, 'telemeter_aggregation_workers', { state: 'late' }), 1);
      await new Promise((resolve) => setImmediate(resolve));
      assert.ok(
        warnings.some((w) =>
          /worker thread \d+ failed to collect its metrics \(database unreachable\)/.test(w.message),
        ),
      );
    } finally {
      aggregator.close();
      await worker.terminate();
    }
  });

  it('stops waiting for a worker that never exposes its metrics after its first collection', async () => {
    const silent = await startWorker({ jobs: { a: 1 } }, false);
    const talking = await startWorker({ jobs: { a: 2 } });
    const aggregator = aggregateWorkers(null, [silent, talking], { timeoutMs: 2000 });
    try {
      const first = await within(aggregator.metrics(), 10_000, 'the first collection');
      assert.equal(sample(first, 'jobs_total', { kind: 'a' }), 2);
      // Far less than timeoutMs: the silent worker is no longer waited for.
      const second = await within(aggregator.metrics(), 1500, 'the second collection');
      assert.equal(sample(second, 'jobs_total', { kind: 'a' }), 2);
      assert.equal(sample(second, 'telemeter_aggregation_timeouts_total'), 0);
    } finally {
      aggregator.close();
      await Promise.all([silent.terminate(), talking.terminate()]);
    }
  });

  it('keeps the counters of a worker that exits, including what it recorded after the last scrape', async () => {
    const leaving = await startWorker({ jobs: { a: 1 }, inFlight: 2, durations: [0.5] });
    const staying = await startWorker({ jobs: { a: 10 }, inFlight: 5 });
    const aggregator = aggregateWorkers(null, [leaving, staying], { policies: { jobs_total: 'sum' } });
    try {
      assert.equal(sample(await aggregator.metrics(), 'jobs_total', { kind: 'a' }), 11);
      await command(leaving, 'record', { jobs: { a: 3 }, durations: [5] });
      const gone = exited(leaving);
      leaving.postMessage({ seq: ++seq, cmd: 'exit' });
      await gone;
      const text = await aggregator.metrics();
      assert.equal(
        sample(text, 'jobs_total', { kind: 'a' }),
        14,
        'the exiting worker sent its last snapshot',
      );
      assert.equal(sample(text, 'job_duration_seconds_count'), 2);
      assert.equal(sample(text, 'in_flight'), 5, "the exited worker's gauge is gone");
      assert.equal(sample(text, 'telemeter_aggregation_workers', { state: 'answered' }), 1);
      // The same again: an exited worker is counted once, not once per collection.
      assert.equal(sample(await aggregator.metrics(), 'jobs_total', { kind: 'a' }), 14);
    } finally {
      aggregator.close();
      await staying.terminate();
    }
  });

  it('keeps a terminated worker at its last scrape, or everything when remove() ran first', async () => {
    const terminated = await startWorker({ jobs: { t: 2 } });
    const removed = await startWorker({ jobs: { r: 2 } });
    const aggregator = aggregateWorkers(null, [terminated, removed]);
    try {
      await aggregator.metrics();
      await command(terminated, 'record', { jobs: { t: 5 } });
      await command(removed, 'record', { jobs: { r: 5 } });
      await aggregator.remove(removed);
      await Promise.all([terminated.terminate(), removed.terminate()]);
      const text = await aggregator.metrics();
      assert.equal(sample(text, 'jobs_total', { kind: 't' }), 2, 'terminate() gives no chance to send more');
      assert.equal(sample(text, 'jobs_total', { kind: 'r' }), 7);
    } finally {
      aggregator.close();
    }
  });

  it('close() in the worker sends a last snapshot; the worker is then kept like an exited one', async () => {
    const worker = await startWorker({ jobs: { a: 1 }, inFlight: 9 });
    const aggregator = aggregateWorkers(null, [worker]);
    try {
      await command(worker, 'record', { jobs: { a: 1 } });
      await command(worker, 'close');
      const text = await aggregator.metrics();
      assert.equal(sample(text, 'jobs_total', { kind: 'a' }), 2);
      assert.equal(sample(text, 'in_flight'), undefined);
    } finally {
      aggregator.close();
      await worker.terminate();
    }
  });

  it('collects a worker added after it exposed its metrics at the very next collection', async () => {
    const worker = await startWorker({ jobs: { a: 4 } });
    const aggregator = aggregateWorkers(null);
    try {
      aggregator.add(worker).add(worker);
      assert.equal(sample(await aggregator.metrics(), 'jobs_total', { kind: 'a' }), 4);
    } finally {
      aggregator.close();
      await worker.terminate();
    }
  });

  it('rejects misuse with typed errors', async () => {
    assert.throws(() => aggregateWorkers(null, [], { timeoutMs: 0 }), { key: 'timeoutMs' });
    assert.throws(
      () => aggregateWorkers(null, [], { policies: { x: 'biggest' as never } }),
      InvalidConfigError,
    );
    assert.throws(() => new WorkerMetricsAggregator({ registry: {} as never }), { key: 'registry' });
    assert.throws(() => aggregateWorkers(null).add({} as Worker), { key: 'worker' });
    assert.throws(() => exposeWorkerMetrics(new Registry()), /inside a worker thread/);
    const worker = await startWorker();
    try {
      assert.equal((await command(worker, 'exposeTwice')).code, 'TELEMETER_ERR_INVALID_CONFIG');
    } finally {
      await worker.terminate();
    }
  });
});
