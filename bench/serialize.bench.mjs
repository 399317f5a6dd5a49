// Serializing 100k label sets to the Prometheus text format: telemeter vs prom-client.
// 80% counters with 3 labels (10 counters x 8,000 label sets), 20% histograms with the
// 11 default buckets and 3 labels (10 histograms x 2,000 label sets): 360k sample lines, ~33 MB.
// Both registries are filled through their instrument APIs; timings are medians of interleaved
// runs with a GC before each (run with --expose-gc, as bench/run.mjs does). CPU ms (process.cpuUsage,
// all threads) is shown too: on a busy machine it stays stable when wall time does not.
import { cpus, loadavg } from 'node:os';
import promClient from 'prom-client';
import * as core from '../packages/core/dist/esm/index.js';

const COUNTERS = 10;
const COUNTER_SERIES = 8_000;
const HISTOGRAMS = 10;
const HISTOGRAM_SERIES = 2_000;
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const LABELS = ['method', 'route', 'status'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
const WARMUP = 3;
const RUNS = Number(process.env.BENCH_RUNS ?? 10);

function labelValues(i) {
  return {
    method: METHODS[i % METHODS.length],
    route: `/api/v1/items/${i}`,
    status: String(200 + (i % 4) * 100),
  };
}

/** Fills a registry through the given instrument factories; returns nothing, the registry holds the data. */
function fill(makeCounter, makeHistogram) {
  for (let m = 0; m < COUNTERS; m++) {
    const counter = makeCounter(`app_requests_${m}_total`);
    for (let i = 0; i < COUNTER_SERIES; i++) counter.labels(labelValues(i)).inc(1 + ((i * 7) % 1000));
  }
  for (let m = 0; m < HISTOGRAMS; m++) {
    const histogram = makeHistogram(`app_latency_${m}_seconds`);
    for (let i = 0; i < HISTOGRAM_SERIES; i++) {
      const child = histogram.labels(labelValues(i));
      for (let k = 0; k < 5; k++) child.observe(0.003 * (k + 1) * (1 + (i % 50)));
    }
  }
}

function buildPromClient() {
  const registry = new promClient.Registry();
  fill(
    (name) => new promClient.Counter({ name, help: 'Requests.', labelNames: LABELS, registers: [registry] }),
    (name) =>
      new promClient.Histogram({
        name,
        help: 'Latency.',
        labelNames: LABELS,
        buckets: BUCKETS,
        registers: [registry],
      }),
  );
  return registry;
}

const instrumentsReady =
  typeof core.Registry === 'function' &&
  typeof core.Counter === 'function' &&
  typeof core.Histogram === 'function';

function buildTelemeter() {
  const registry = new core.Registry({ selfMetrics: false, cardinalityLimit: 100_000 });
  fill(
    (name) => new core.Counter({ name, help: 'Requests.', labelNames: LABELS, registry }),
    (name) => new core.Histogram({ name, help: 'Latency.', labelNames: LABELS, buckets: BUCKETS, registry }),
  );
  return registry;
}

/** Stand-in while src/ instruments are not exported: the same data as MetricFamily snapshots. */
function buildFamilies() {
  const families = [];
  for (let m = 0; m < COUNTERS; m++) {
    const points = [];
    for (let i = 0; i < COUNTER_SERIES; i++) {
      points.push({ labelValues: Object.values(labelValues(i)), value: 1 + ((i * 7) % 1000) });
    }
    families.push({
      type: 'counter',
      name: `app_requests_${m}_total`,
      help: 'Requests.',
      unit: '',
      labelNames: LABELS,
      points,
    });
  }
  for (let m = 0; m < HISTOGRAMS; m++) {
    const points = [];
    for (let i = 0; i < HISTOGRAM_SERIES; i++) {
      const observations = [1, 2, 3, 4, 5].map((k) => 0.003 * k * (1 + (i % 50)));
      const cumulativeCounts = [...BUCKETS, Number.POSITIVE_INFINITY].map(
        (le) => observations.filter((v) => v <= le).length,
      );
      points.push({
        labelValues: Object.values(labelValues(i)),
        cumulativeCounts,
        sum: observations.reduce((a, b) => a + b, 0),
        count: observations.length,
      });
    }
    families.push({
      type: 'histogram',
      name: `app_latency_${m}_seconds`,
      help: 'Latency.',
      unit: '',
      labelNames: LABELS,
      buckets: BUCKETS,
      points,
    });
  }
  return families;
}

const promRegistry = buildPromClient();
const telemeterRegistry = instrumentsReady ? buildTelemeter() : undefined;
const families = telemeterRegistry ? await telemeterRegistry.collect() : buildFamilies();

const cases = [
  { name: 'prom-client registry.metrics()', run: () => promRegistry.metrics() },
  ...(telemeterRegistry
    ? [
        {
          name: 'telemeter registry.metrics() (collect + format)',
          run: () => telemeterRegistry.metrics('prometheus'),
        },
      ]
    : []),
  { name: 'telemeter formatPrometheusText(families)', run: () => core.formatPrometheusText(families) },
  { name: 'telemeter formatOpenMetrics(families)', run: () => core.formatOpenMetrics(families) },
  {
    name: 'telemeter streamExposition (all chunks)',
    run: async () => {
      let bytes = 0;
      for await (const chunk of core.streamExposition(families, 'prometheus')) bytes += chunk.length;
      return bytes;
    },
  },
];

const samples = cases.map(() => []);
const cpuSamples = cases.map(() => []);
const outputs = cases.map(() => undefined);
for (let round = 0; round < WARMUP + RUNS; round++) {
  for (let c = 0; c < cases.length; c++) {
    globalThis.gc?.();
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const output = await cases[c].run();
    const elapsed = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    if (round >= WARMUP) {
      samples[c].push(elapsed);
      cpuSamples[c].push((cpu.user + cpu.system) / 1000);
    }
    outputs[c] ??= output;
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sampleLines = (text) =>
  typeof text === 'string' ? text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length : '';
const base = median(samples[0]);
const cpuBase = median(cpuSamples[0]);
console.log(
  `100k label sets (${COUNTERS * COUNTER_SERIES} counter + ${HISTOGRAMS * HISTOGRAM_SERIES} histogram), ` +
    `node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${RUNS} runs, load average ${loadavg()[0].toFixed(1)}` +
    (instrumentsReady
      ? ''
      : '\nNOTE: telemeter instruments not exported yet: telemeter rows format hand-built MetricFamily[]'),
);
console.log('');
console.log(
  `${'case'.padEnd(48)} ${'median ms'.padStart(9)} ${'min ms'.padStart(7)} ${'speedup'.padStart(8)} ` +
    `${'cpu ms'.padStart(7)} ${'cpu speedup'.padStart(11)} ${'samples'.padStart(7)}`,
);
cases.forEach((c, i) => {
  const m = median(samples[i]);
  const cpu = median(cpuSamples[i]);
  console.log(
    `${c.name.padEnd(48)} ${m.toFixed(1).padStart(9)} ${Math.min(...samples[i])
      .toFixed(1)
      .padStart(7)} ` +
      `${`${(base / m).toFixed(1)}x`.padStart(8)} ${cpu.toFixed(1).padStart(7)} ${`${(cpuBase / cpu).toFixed(1)}x`.padStart(11)} ` +
      `${String(sampleLines(outputs[i])).padStart(7)}`,
  );
});
