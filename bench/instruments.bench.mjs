// Instruments: ns/op of the record paths and heap per label set, telemeter vs prom-client 15 vs
// the OpenTelemetry metrics SDK, in one process. Run: npm run bench (or node bench/instruments.bench.mjs
// after npm run build). Re-executes itself with --expose-gc for the heap figures.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

if (typeof globalThis.gc !== 'function') {
  const run = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url)], {
    stdio: 'inherit',
  });
  process.exit(run.status ?? 1);
}

const core = await import('../packages/core/dist/esm/index.js');
const { Counter, Histogram, Registry, setEnabled } = core;
const promClient = (await import('prom-client')).default;
const { MeterProvider, MetricReader } = await import('@opentelemetry/sdk-metrics');

const QUICK = process.env.BENCH_QUICK === '1';
const OPS = QUICK ? 500_000 : 3_000_000;
const ROUNDS = QUICK ? 3 : 7;
const HEAP_SETS = 50_000;

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const STATUSES = ['200', '404', '500'];
const VALUES = Array.from({ length: 1024 }, (_, i) => ((i * 7919) % 1000) / 400);

function timeLoop(loop) {
  const start = process.hrtime.bigint();
  loop(OPS);
  return Number(process.hrtime.bigint() - start) / OPS;
}

/**
 * Median ns/op of each loop. Rounds of the competing loops are interleaved, so that load from other
 * processes on this shared 2-core machine hits every contender alike.
 */
function compare(loops) {
  for (const loop of loops) {
    loop(OPS / 10);
    loop(OPS / 10);
  }
  const samples = loops.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < loops.length; i++) samples[i].push(timeLoop(loops[i]));
  }
  return samples.map((s) => s.sort((a, b) => a - b)[s.length >> 1]);
}

class NoopReader extends MetricReader {
  constructor() {
    // The SDK's default limit (2000 attribute sets) would cap the heap measurement.
    super({ cardinalitySelector: () => 1_000_000 });
  }
  async onForceFlush() {}
  async onShutdown() {}
}
function otelMeter() {
  const reader = new NoopReader();
  const provider = new MeterProvider({ readers: [reader] });
  return { meter: provider.getMeter('bench'), reader };
}

// ---- timing ----
const registry = new Registry();
const tCounter = new Counter({
  name: 'bench_requests_total',
  help: 'h',
  labelNames: ['method', 'status'],
  registry,
});
const tHist = new Histogram({
  name: 'bench_latency_seconds',
  help: 'h',
  labelNames: ['method', 'status'],
  registry,
});
const pRegistry = new promClient.Registry();
const pCounter = new promClient.Counter({
  name: 'bench_requests_total',
  help: 'h',
  labelNames: ['method', 'status'],
  registers: [pRegistry],
});
const pHist = new promClient.Histogram({
  name: 'bench_latency_seconds',
  help: 'h',
  labelNames: ['method', 'status'],
  registers: [pRegistry],
});
const { meter } = otelMeter();
const oCounter = meter.createCounter('bench_requests_total');
const oHist = meter.createHistogram('bench_latency_seconds', {
  advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] },
});

const tChild = tCounter.labels({ method: 'GET', status: '200' });
const tHistChild = tHist.labels({ method: 'GET', status: '200' });
const pChild = pCounter.labels({ method: 'GET', status: '200' });
const raw = new Float64Array(16);

const rows = [];
function rows3(title, names, values) {
  for (let i = 0; i < names.length; i++)
    rows.push({ name: `${title.padEnd(34)} ${names[i]}`, ns: values[i] });
  return values;
}

const [counterTele, counterProm, counterOtel] = rows3(
  'counter lookup + inc',
  ['telemeter labels({..}).inc()', 'prom-client inc({..})', 'OpenTelemetry add(1, {..})'],
  compare([
    (n) => {
      for (let i = 0; i < n; i++)
        tCounter.labels({ method: METHODS[i & 3], status: STATUSES[(i >> 2) % 3] }).inc();
    },
    (n) => {
      for (let i = 0; i < n; i++) pCounter.inc({ method: METHODS[i & 3], status: STATUSES[(i >> 2) % 3] });
    },
    (n) => {
      for (let i = 0; i < n; i++) oCounter.add(1, { method: METHODS[i & 3], status: STATUSES[(i >> 2) % 3] });
    },
  ]),
);
const [boundTele, , rawNs] = rows3(
  'counter bound child',
  ['telemeter child.inc()', 'prom-client labels(..).inc()', 'baseline Float64Array[i] += 1'],
  compare([
    (n) => {
      for (let i = 0; i < n; i++) tChild.inc();
    },
    (n) => {
      for (let i = 0; i < n; i++) pChild.inc();
    },
    (n) => {
      for (let i = 0; i < n; i++) raw[3] += 1;
    },
  ]),
);
const [histTele, histProm, histOtel] = rows3(
  'histogram lookup + observe',
  ['telemeter labels({..}).observe(v)', 'prom-client observe({..}, v)', 'OpenTelemetry record(v, {..})'],
  compare([
    (n) => {
      for (let i = 0; i < n; i++) {
        tHist.labels({ method: METHODS[i & 3], status: STATUSES[(i >> 2) % 3] }).observe(VALUES[i & 1023]);
      }
    },
    (n) => {
      for (let i = 0; i < n; i++)
        pHist.observe({ method: METHODS[i & 3], status: STATUSES[(i >> 2) % 3] }, VALUES[i & 1023]);
    },
    (n) => {
      for (let i = 0; i < n; i++)
        oHist.record(VALUES[i & 1023], { method: METHODS[i & 3], status: STATUSES[(i >> 2) % 3] });
    },
  ]),
);
rows3(
  'histogram bound child',
  ['telemeter child.observe(v)'],
  compare([
    (n) => {
      for (let i = 0; i < n; i++) tHistChild.observe(VALUES[i & 1023]);
    },
  ]),
);
setEnabled(false);
rows3(
  'disabled (setEnabled(false))',
  ['telemeter labels({..}).inc()', 'telemeter child.inc()'],
  compare([
    (n) => {
      for (let i = 0; i < n; i++)
        tCounter.labels({ method: METHODS[i & 3], status: STATUSES[(i >> 2) % 3] }).inc();
    },
    (n) => {
      for (let i = 0; i < n; i++) tChild.inc();
    },
  ]),
);
setEnabled(true);

// ---- heap per label set ----
function heapNow() {
  for (let i = 0; i < 4; i++) globalThis.gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}
const keep = [];
/** Label values exist before measuring (an app has its route strings anyway); label objects are fresh per call. */
function heapPerSet(make, record, sets) {
  const metric = make();
  const before = heapNow();
  for (const [route, status] of sets) record(metric, route, status);
  const bytes = (heapNow() - before) / sets.length;
  keep.push(metric);
  return bytes;
}
const routes = Array.from({ length: HEAP_SETS }, (_, i) => `/api/v1/resource${i}`);
const distributions = [
  [
    '3 statuses per route',
    Array.from({ length: HEAP_SETS }, (_, i) => [routes[(i / 3) | 0], STATUSES[i % 3]]),
  ],
  ['1 status per route  ', Array.from({ length: HEAP_SETS }, (_, i) => [routes[i], '200'])],
];
let seq = 0;
const heapRows = [];
for (const [label, sets] of distributions) {
  const tc = heapPerSet(
    () =>
      new Counter({
        name: `heap_c${seq++}`,
        help: 'h',
        labelNames: ['route', 'status'],
        registry: null,
        cardinalityLimit: 1e6,
      }),
    (m, route, status) => m.labels({ route, status }).inc(),
    sets,
  );
  const pc = heapPerSet(
    () =>
      new promClient.Counter({
        name: `heap_c${seq++}`,
        help: 'h',
        labelNames: ['route', 'status'],
        registers: [],
      }),
    (m, route, status) => m.inc({ route, status }),
    sets,
  );
  const oc = heapPerSet(
    () => otelMeter().meter.createCounter(`heap_c${seq++}`),
    (m, route, status) => m.add(1, { route, status }),
    sets,
  );
  const th = heapPerSet(
    () =>
      new Histogram({
        name: `heap_h${seq++}`,
        help: 'h',
        labelNames: ['route', 'status'],
        registry: null,
        cardinalityLimit: 1e6,
      }),
    (m, route, status) => m.labels({ route, status }).observe(0.1),
    sets,
  );
  const ph = heapPerSet(
    () =>
      new promClient.Histogram({
        name: `heap_h${seq++}`,
        help: 'h',
        labelNames: ['route', 'status'],
        registers: [],
      }),
    (m, route, status) => m.observe({ route, status }, 0.1),
    sets,
  );
  heapRows.push({ label, tc, pc, oc, th, ph });
}

// ---- report ----
const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(
  `\ninstruments.bench — node ${process.version}, ${cpus().length} × ${cpu}, ${OPS.toLocaleString()} ops × ${ROUNDS} rounds (median)\n`,
);
for (const r of rows) console.log(`  ${r.name.padEnd(68)} ${r.ns.toFixed(1).padStart(7)} ns/op`);
const x = (a, b) => `${(a / b).toFixed(1)}x`;
console.log('\n  ratios (higher is better for telemeter)');
console.log(
  `  counter lookup+inc: prom-client / telemeter   ${x(counterProm, counterTele).padStart(6)}   (target >= 5x)`,
);
console.log(`  counter lookup+inc: OpenTelemetry / telemeter ${x(counterOtel, counterTele).padStart(6)}`);
console.log(
  `  histogram observe:  prom-client / telemeter   ${x(histProm, histTele).padStart(6)}   (target >= 8x)`,
);
console.log(`  histogram observe:  OpenTelemetry / telemeter ${x(histOtel, histTele).padStart(6)}`);
console.log(
  `  bound child.inc() / raw Float64Array          ${x(boundTele, rawNs).padStart(6)}   (target <= 5x)`,
);
console.log(
  `\n  heap bytes per label set (${HEAP_SETS.toLocaleString()} sets of {route, status}; heapUsed + arrayBuffers)`,
);
console.log(
  '  distribution            counter: telemeter  prom-client  OTel   ratio  | histogram: telemeter  prom-client  ratio',
);
for (const h of heapRows) {
  const f = (v) => v.toFixed(0).padStart(5);
  console.log(
    `  ${h.label}                ${f(h.tc)}       ${f(h.pc)}  ${f(h.oc)}   ${(h.tc / h.pc).toFixed(2)}  |            ${f(h.th)}        ${f(h.ph)}   ${(h.th / h.ph).toFixed(2)}`,
  );
}
console.log('  (ratio = telemeter / prom-client; target <= 0.50)\n');
