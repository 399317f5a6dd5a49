// Operation tracking: ns per call of a tracked sync function (@telemeter/kits/operations) against the
// bare function and against the same five metrics hand-written with prom-client 15 (in-flight gauge,
// calls counter by outcome, latency histogram by outcome, windowed summary p50/p95/p99; the errors
// counter is only touched on failures). prom-client is measured twice: with children bound once
// (`labels(...)` kept, its fastest form) and with label objects per call (how most code is written).
// Also: an async call (await of a resolved promise) tracked vs bare.
// Run: npm run bench -- operations   (or node bench/operations.bench.mjs after npm run build)
import { cpus } from 'node:os';
import client from 'prom-client';
import { Registry } from '../packages/core/dist/esm/index.js';
import { createOperationTracker } from '../packages/kits/dist/esm/operations/index.js';

const QUICK = process.env.BENCH_QUICK === '1';
const OPS = QUICK ? 300_000 : 2_000_000;
const ROUNDS = QUICK ? 3 : 7;
const ASYNC_OPS = QUICK ? 50_000 : 300_000;

// The work: small enough that overhead dominates, real enough not to be optimised away.
function work(a, b) {
  return (a * 31 + b) | 0;
}
async function asyncWork(a, b) {
  return (a * 31 + b) | 0;
}

// --- telemeter ---
const registry = new Registry();
const tracker = createOperationTracker({ registry });
const tracked = tracker.track('work', work);
const trackedAsync = tracker.track('async_work', asyncWork);

// --- prom-client, hand-written ---
const prom = new client.Registry();
const labelNames = ['operation', 'outcome'];
const calls = new client.Counter({ name: 'op_calls_total', help: 'h', labelNames, registers: [prom] });
const errors = new client.Counter({
  name: 'op_errors_total',
  help: 'h',
  labelNames: ['operation', 'error_type'],
  registers: [prom],
});
const inFlight = new client.Gauge({
  name: 'op_in_flight',
  help: 'h',
  labelNames: ['operation'],
  registers: [prom],
});
const duration = new client.Histogram({
  name: 'op_duration_seconds',
  help: 'h',
  labelNames,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
  registers: [prom],
});
const window = new client.Summary({
  name: 'op_duration_window_seconds',
  help: 'h',
  labelNames: ['operation'],
  percentiles: [0.5, 0.95, 0.99],
  maxAgeSeconds: 600,
  ageBuckets: 5,
  registers: [prom],
});

function promBound(fn, operation) {
  const flight = inFlight.labels(operation);
  const ok = calls.labels(operation, 'success');
  const failed = calls.labels(operation, 'error');
  const okDuration = duration.labels(operation, 'success');
  const failedDuration = duration.labels(operation, 'error');
  const windowChild = window.labels(operation);
  return function (...args) {
    flight.inc();
    const start = performance.now();
    try {
      const result = fn.apply(this, args);
      const seconds = (performance.now() - start) / 1000;
      ok.inc();
      okDuration.observe(seconds);
      windowChild.observe(seconds);
      return result;
    } catch (error) {
      const seconds = (performance.now() - start) / 1000;
      failed.inc();
      failedDuration.observe(seconds);
      windowChild.observe(seconds);
      errors.inc({ operation, error_type: error?.constructor?.name ?? '_OTHER' });
      throw error;
    } finally {
      flight.dec();
    }
  };
}

/** Without the summary (prom-client's t-digest dominates its cost): calls, in-flight and histogram only. */
function promNoSummary(fn, operation) {
  const flight = inFlight.labels(operation);
  const ok = calls.labels(operation, 'success');
  const okDuration = duration.labels(operation, 'success');
  return function (...args) {
    flight.inc();
    const start = performance.now();
    try {
      const result = fn.apply(this, args);
      ok.inc();
      okDuration.observe((performance.now() - start) / 1000);
      return result;
    } finally {
      flight.dec();
    }
  };
}

function promLabels(fn, operation) {
  return function (...args) {
    inFlight.inc({ operation });
    const start = performance.now();
    try {
      const result = fn.apply(this, args);
      const seconds = (performance.now() - start) / 1000;
      calls.inc({ operation, outcome: 'success' });
      duration.observe({ operation, outcome: 'success' }, seconds);
      window.observe({ operation }, seconds);
      return result;
    } catch (error) {
      const seconds = (performance.now() - start) / 1000;
      calls.inc({ operation, outcome: 'error' });
      duration.observe({ operation, outcome: 'error' }, seconds);
      window.observe({ operation }, seconds);
      errors.inc({ operation, error_type: error?.constructor?.name ?? '_OTHER' });
      throw error;
    } finally {
      inFlight.dec({ operation });
    }
  };
}
const bound = promBound(work, 'work');
const labelled = promLabels(work, 'work_labels');
const noSummary = promNoSummary(work, 'work_no_summary');

// The loops are written out per case: a shared loop calling a callback would measure a megamorphic call.
let sink = 0;
const loops = {
  bare: (n) => {
    for (let i = 0; i < n; i++) sink ^= work(i, 7);
  },
  clock: (n) => {
    for (let i = 0; i < n; i++) {
      const start = performance.now();
      sink ^= work(i, 7);
      sink ^= performance.now() - start > 1 ? 1 : 0;
    }
  },
  telemeter: (n) => {
    for (let i = 0; i < n; i++) sink ^= tracked(i, 7);
  },
  promBound: (n) => {
    for (let i = 0; i < n; i++) sink ^= bound(i, 7);
  },
  promNoSummary: (n) => {
    for (let i = 0; i < n; i++) sink ^= noSummary(i, 7);
  },
  promLabels: (n) => {
    for (let i = 0; i < n; i++) sink ^= labelled(i, 7);
  },
};

function timeLoop(loop, n) {
  const start = process.hrtime.bigint();
  loop(n);
  return Number(process.hrtime.bigint() - start) / n;
}

/** Median ns/op; rounds of the contenders are interleaved so background load hits all alike. */
function compare(named, n) {
  const entries = Object.entries(named);
  for (const [, loop] of entries) loop(n / 10);
  const samples = entries.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < entries.length; i++) samples[i].push(timeLoop(entries[i][1], n));
  }
  return Object.fromEntries(
    entries.map(([name], i) => [name, samples[i].sort((a, b) => a - b)[ROUNDS >> 1]]),
  );
}

async function timeAsync(fn, n) {
  for (let i = 0; i < n / 10; i++) sink ^= await fn(i, 7);
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) sink ^= await fn(i, 7);
    rounds.push(Number(process.hrtime.bigint() - start) / n);
  }
  return rounds.sort((a, b) => a - b)[ROUNDS >> 1];
}

const sync = compare(loops, OPS);
const asyncBare = await timeAsync(asyncWork, ASYNC_OPS);
const asyncTracked = await timeAsync(trackedAsync, ASYNC_OPS);

const fmt = (ns) => `${ns.toFixed(1).padStart(7)} ns`;
console.log(`node ${process.version}, ${cpus()[0]?.model ?? 'cpu'}; ${OPS} calls x ${ROUNDS} rounds, median`);
console.log('sync call                                   ns/call   overhead vs bare');
const rows = [
  ['bare function', sync.bare],
  ['bare + two performance.now() (floor)', sync.clock],
  ['telemeter tracker.track()', sync.telemeter],
  ['prom-client by hand, bound children', sync.promBound],
  ['prom-client by hand, label objects', sync.promLabels],
  ['prom-client by hand, bound, no summary', sync.promNoSummary],
];
for (const [name, ns] of rows) console.log(`${name.padEnd(40)} ${fmt(ns)}   ${fmt(ns - sync.bare)}`);
console.log(
  `telemeter overhead is ${((sync.promBound - sync.bare) / (sync.telemeter - sync.bare)).toFixed(1)}x smaller than prom-client bound, ` +
    `${((sync.promLabels - sync.bare) / (sync.telemeter - sync.bare)).toFixed(1)}x smaller than prom-client with label objects`,
);
console.log(`\nasync call (await)                          ns/call   overhead vs bare`);
console.log(`${'bare async function'.padEnd(40)} ${fmt(asyncBare)}`);
console.log(
  `${'telemeter tracker.track()'.padEnd(40)} ${fmt(asyncTracked)}   ${fmt(asyncTracked - asyncBare)}`,
);

const stats = tracker.stats().find((s) => s.operation === 'work');
if (stats === undefined || stats.calls < OPS) throw new Error('the tracked loop did not record');
if (sink === 0.5) console.log(sink);
