import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { InvalidConfigError } from '../errors.js';
import { Registry } from '../registry.js';
import { aggregateCluster, exposeClusterMetrics } from './cluster.js';
import {
  assertWithinOnePercent,
  exactQuantile,
  PACKAGE_ENTRY,
  sample,
  samples,
  scriptDir,
} from './testing/exposition.js';

/**
 * One script, run as primary and as workers (cluster forks the same file). The workers record what
 * SPEC says and also have an app-level `process.on('message')` handler, as real apps do: the
 * aggregation's namespaced messages must pass it by. The primary prints what it saw as JSON.
 */
const SCRIPT = `
import cluster from 'node:cluster';
import {
  aggregateCluster, Counter, exposeClusterMetrics, Gauge, Histogram, Registry, serveMetrics, Summary,
} from ${JSON.stringify(PACKAGE_ENTRY)};

const once = (emitter, pick) => new Promise((resolve) => {
  const on = (m) => { if (pick(m)) { emitter.off('message', on); resolve(m); } };
  emitter.on('message', on);
});

if (cluster.isPrimary) {
  const registry = new Registry();
  new Counter({ name: 'jobs_total', help: 'Jobs done', labelNames: ['kind'], registry }).labels({ kind: 'a' }).inc(100);
  const aggregator = aggregateCluster(registry, {
    timeoutMs: 1000,
    policies: { temperature_celsius: 'max', heap_bytes: 'perWorker' },
  });
  const specs = JSON.parse(process.env.SPECS);
  const workers = specs.map((spec) => cluster.fork({ SPEC: JSON.stringify(spec) }));
  await Promise.all(workers.map((w) => once(w, (m) => m?.app === 'ready')));
  const result = { ids: workers.map((w) => String(w.id)) };

  result.first = await aggregator.metrics();
  // An aggregator created after the workers said hello finds them too.
  const late = aggregateCluster(null, { timeoutMs: 1000 });
  result.lateAggregator = await late.metrics();
  late.close();
  const server = await serveMetrics({ port: 0, registry: aggregator });
  result.http = await (await fetch(server.url)).text();
  await server.close();

  // The third worker blocks its event loop for 4 s: the scrape must not wait for it beyond timeoutMs.
  const recovered = once(workers[2], (m) => m?.app === 'recovered');
  workers[2].send({ app: 'hang' });
  await once(workers[2], (m) => m?.app === 'hanging');
  const start = Date.now();
  result.hung = await aggregator.metrics();
  result.hungMs = Date.now() - start;
  await recovered;

  // The second worker records more, closes its exposure (sending a last snapshot) and exits.
  workers[1].send({ app: 'record-and-exit', spec: { jobs: { a: 7 } } });
  await new Promise((resolve) => workers[1].once('exit', resolve));
  result.afterExit = await aggregator.metrics();

  aggregator.close();
  for (const worker of Object.values(cluster.workers)) worker.kill();
  process.stdout.write(JSON.stringify(result));
} else {
  const registry = new Registry();
  const jobs = new Counter({ name: 'jobs_total', help: 'Jobs done', labelNames: ['kind'], registry });
  const inFlight = new Gauge({ name: 'in_flight', help: 'Jobs in flight', registry });
  const temperature = new Gauge({ name: 'temperature_celsius', help: 'Temperature', registry });
  const heap = new Gauge({ name: 'heap_bytes', help: 'Heap', registry });
  new Gauge({ name: 'unknown_level', help: 'Not measured yet', registry }).set(NaN);
  const duration = new Histogram({ name: 'job_duration_seconds', help: 'Durations', buckets: [0.1, 1, 10], registry });
  const size = new Summary({ name: 'job_size_bytes', help: 'Sizes', quantiles: [0.5, 0.9, 0.99], registry });
  const record = (spec) => {
    for (const [kind, n] of Object.entries(spec.jobs ?? {})) jobs.labels({ kind }).inc(n);
    if (spec.inFlight !== undefined) inFlight.set(spec.inFlight);
    if (spec.temperature !== undefined) temperature.set(spec.temperature);
    if (spec.heap !== undefined) heap.set(spec.heap);
    for (const d of spec.durations ?? []) duration.observe(d);
    for (const s of spec.sizes ?? []) size.observe(s);
  };
  record(JSON.parse(process.env.SPEC));
  const exposure = exposeClusterMetrics(registry);
  process.on('message', async (m) => {
    if (typeof m?.app !== 'string') return;
    if (m.app === 'hang') {
      // A small IPC write goes out synchronously, so 'hanging' is on its way before the event loop blocks.
      process.send({ app: 'hanging' });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 4000);
      process.send({ app: 'recovered' });
    } else if (m.app === 'record-and-exit') {
      record(m.spec);
      await exposure.close();
      process.exit(0);
    }
  });
  process.send({ app: 'ready' });
}
`;

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
const sizesA = range(1, 200).map((i) => i * 1.5);
const sizesB = range(1, 50).map((i) => 10_000 + i * 7);
const SPECS = [
  { jobs: { a: 3, b: 1 }, inFlight: 2, temperature: 30, heap: 700, durations: [0.05, 0.5, 5], sizes: sizesA },
  { jobs: { a: 5 }, inFlight: 4, temperature: 45, heap: 900, durations: [0.5, 50], sizes: sizesB },
  { jobs: { c: 1 }, inFlight: 1, temperature: 20, heap: 100 },
];

interface PrimaryResult {
  ids: string[];
  first: string;
  lateAggregator: string;
  http: string;
  hung: string;
  hungMs: number;
  afterExit: string;
}

const files = scriptDir({ 'cluster-app.mjs': SCRIPT });
let result: PrimaryResult;

before(async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [files.path('cluster-app.mjs')], {
    env: { ...process.env, SPECS: JSON.stringify(SPECS) },
    timeout: 60_000,
  });
  result = JSON.parse(stdout) as PrimaryResult;
});
after(() => files.remove());

describe('aggregateCluster with a real node:cluster primary and 3 workers', () => {
  it('sums counters across the workers and the primary', () => {
    assert.equal(sample(result.first, 'jobs_total', { kind: 'a' }), 108);
    assert.equal(sample(result.first, 'jobs_total', { kind: 'b' }), 1);
    assert.equal(sample(result.first, 'jobs_total', { kind: 'c' }), 1);
  });

  it('sums histogram buckets, _sum and _count', () => {
    const buckets = samples(result.first, 'job_duration_seconds_bucket').map(([labels, v]) => [labels.le, v]);
    assert.deepEqual(buckets, [
      ['0.1', 1],
      ['1', 3],
      ['10', 4],
      ['+Inf', 5],
    ]);
    assert.equal(sample(result.first, 'job_duration_seconds_count'), 5);
    assert.equal(sample(result.first, 'job_duration_seconds_sum'), 0.05 + 0.5 + 5 + 0.5 + 50);
  });

  it('sums summary counts and gives quantiles within 1% of the exact quantiles of all observations', () => {
    const union = [...sizesA, ...sizesB];
    assert.equal(sample(result.first, 'job_size_bytes_count'), union.length);
    for (const q of [0.5, 0.9, 0.99]) {
      assertWithinOnePercent(
        sample(result.first, 'job_size_bytes', { quantile: String(q) }),
        exactQuantile(union, q),
        `quantile ${q}`,
      );
    }
  });

  it('applies the gauge policies: sum by default, max, perWorker', () => {
    assert.equal(sample(result.first, 'in_flight'), 7);
    assert.equal(sample(result.first, 'temperature_celsius'), 45);
    const [w1, w2, w3] = result.ids;
    assert.deepEqual(
      samples(result.first, 'heap_bytes').sort((x, y) => x[1] - y[1]),
      [
        [{ worker: w3 }, 100],
        [{ worker: w1 }, 700],
        [{ worker: w2 }, 900],
      ],
    );
  });

  it('carries NaN through the JSON IPC channel', () => {
    assert.ok(Number.isNaN(sample(result.first, 'unknown_level')));
  });

  it('finds workers forked before the aggregator was created', () => {
    assert.equal(sample(result.lateAggregator, 'jobs_total', { kind: 'a' }), 8);
    assert.equal(sample(result.lateAggregator, 'telemeter_aggregation_workers', { state: 'answered' }), 3);
  });

  it('serves the same merged exposition over HTTP', () => {
    assert.equal(sample(result.http, 'jobs_total', { kind: 'a' }), 108);
    assert.equal(sample(result.http, 'job_size_bytes_count'), sizesA.length + sizesB.length);
  });

  it('does not wait for a hung worker beyond timeoutMs, and keeps its counters', () => {
    // timeoutMs is 1000 and the worker hangs for 4000: anything well under 4000 shows the timeout worked.
    assert.ok(result.hungMs < 3500, `collect took ${result.hungMs} ms`);
    assert.equal(sample(result.hung, 'jobs_total', { kind: 'c' }), 1);
    assert.equal(sample(result.hung, 'in_flight'), 6, "the hung worker's gauge is left out");
    assert.equal(sample(result.hung, 'telemeter_aggregation_timeouts_total'), 1);
    assert.equal(sample(result.hung, 'telemeter_aggregation_workers', { state: 'late' }), 1);
  });

  it("keeps an exited worker's counters, including its last snapshot, and drops its gauges", () => {
    assert.equal(sample(result.afterExit, 'jobs_total', { kind: 'a' }), 115);
    assert.equal(sample(result.afterExit, 'job_duration_seconds_count'), 5);
    assert.equal(sample(result.afterExit, 'job_size_bytes_count'), sizesA.length + sizesB.length);
    assert.equal(sample(result.afterExit, 'temperature_celsius'), 30);
    assert.deepEqual(
      samples(result.afterExit, 'heap_bytes').map(([labels]) => labels.worker),
      [result.ids[0], result.ids[2]],
    );
  });

  it('rejects use outside its side of the cluster', () => {
    assert.throws(() => exposeClusterMetrics(new Registry()), InvalidConfigError);
    const aggregator = aggregateCluster(null);
    aggregator.close();
    assert.throws(() => aggregateCluster(null, { timeoutMs: -1 }), { key: 'timeoutMs' });
  });
});
