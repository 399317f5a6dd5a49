// Windowed Summary: telemeter (DDSketch ring, coarse clock) vs prom-client 15 (t-digest per age bucket).
// Both use maxAgeSeconds 600 and ageBuckets 5. Speed: ns per observe() over a lognormal sample
// (mu = -3, sigma = 1, i.e. latencies around 50 ms). Accuracy: relative error of p50/p95/p99 against
// the exact rank-based quantiles (rank floor(q * (n - 1)) of the sorted sample) after one pass.
// Usage: node bench/summary.bench.mjs [sampleSize]   (default 1e6)
import client from 'prom-client';
import { Registry, Summary } from '../packages/core/dist/esm/index.js';

const N = Number(process.argv[2] ?? 1_000_000);
const QUANTILES = [0.5, 0.95, 0.99];
const WINDOW = { maxAgeSeconds: 600, ageBuckets: 5 };
/** Timed passes over the sample for telemeter (prom-client is slow enough for one pass to suffice). */
const OURS_PASSES = 10;
const TARGET_SPEEDUP = 30;
const TARGET_ERROR = 0.01;

// mulberry32 + Box-Muller: the same sample on every run.
function lognormalSample(n, mu, sigma, seed) {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - uniform()));
    const theta = 2 * Math.PI * uniform();
    out[i] = Math.exp(mu + sigma * r * Math.cos(theta));
    if (i + 1 < n) out[i + 1] = Math.exp(mu + sigma * r * Math.sin(theta));
  }
  return out;
}

/** Best ns/op over `passes` runs of `pass()` (one observe per value), after a warm-up run. */
function bestOf(passes, pass) {
  pass();
  let best = Number.POSITIVE_INFINITY;
  for (let p = 0; p < passes; p++) {
    const start = process.hrtime.bigint();
    pass();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / N);
  }
  return best;
}

const values = lognormalSample(N, -3, 1, 42);
const sorted = Float64Array.from(values).sort();
const exact = QUANTILES.map((q) => sorted[Math.floor(q * (N - 1))]);
const relError = (estimate, truth) => Math.abs(estimate - truth) / Math.abs(truth);

// --- telemeter: one summary for speed (many passes), a fresh one for accuracy (one pass) ---
const registry = new Registry();
const speedSummary = new Summary({
  name: 'speed_seconds',
  help: 'speed',
  quantiles: QUANTILES,
  ...WINDOW,
  registry,
});
// The loops are written out per case: a shared loop calling a callback would measure a megamorphic call.
const oursNs = bestOf(OURS_PASSES, () => {
  for (let i = 0; i < N; i++) speedSummary.observe(values[i]);
});
const child = new Summary({
  name: 'child_seconds',
  help: 'child',
  labelNames: ['route'],
  quantiles: QUANTILES,
  ...WINDOW,
  registry,
}).labels({ route: '/api' });
const oursChildNs = bestOf(OURS_PASSES, () => {
  for (let i = 0; i < N; i++) child.observe(values[i]);
});
const accuracySummary = new Summary({
  name: 'acc_seconds',
  help: 'acc',
  quantiles: QUANTILES,
  ...WINDOW,
  registry,
});
for (let i = 0; i < N; i++) accuracySummary.observe(values[i]);
const oursPoint = accuracySummary.snapshot().points[0];
const oursErrors = oursPoint.quantileValues.map((v, i) => relError(v, exact[i]));

// --- prom-client: the accuracy instance is also the timed one ---
const promSummary = new client.Summary({
  name: 'prom_seconds',
  help: 'prom',
  percentiles: QUANTILES,
  ...WINDOW,
  registers: [],
});
const promStart = process.hrtime.bigint();
for (let i = 0; i < N; i++) promSummary.observe(values[i]);
const promNs = Number(process.hrtime.bigint() - promStart) / N;
const promValues = (await promSummary.get()).values.filter((v) => v.labels.quantile !== undefined);
const promErrors = QUANTILES.map((q, i) =>
  relError(promValues.find((v) => v.labels.quantile === q).value, exact[i]),
);

const pct = (e) => `${(e * 100).toFixed(3)}%`;
const rows = [
  ['library', 'ns/observe', 'p50 error', 'p95 error', 'p99 error'],
  ['telemeter Summary.observe', oursNs.toFixed(1), ...oursErrors.map(pct)],
  ['telemeter child.observe', oursChildNs.toFixed(1), '', '', ''],
  ['prom-client 15 Summary', promNs.toFixed(1), ...promErrors.map(pct)],
];
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const row of rows)
  console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
console.log(
  `\nsample: ${N} lognormal(mu=-3, sigma=1); window ${WINDOW.maxAgeSeconds}s / ${WINDOW.ageBuckets} age buckets`,
);
console.log(`exact p50/p95/p99: ${exact.map((v) => v.toPrecision(6)).join(' / ')}`);
const speedup = promNs / oursNs;
const worstError = Math.max(...oursErrors);
console.log(
  `speed-up vs prom-client: ${speedup.toFixed(1)}x (target >= ${TARGET_SPEEDUP}x: ${speedup >= TARGET_SPEEDUP ? 'ok' : 'MISSED'}); ` +
    `worst telemeter error ${pct(worstError)} (target <= ${pct(TARGET_ERROR)}: ${worstError <= TARGET_ERROR ? 'ok' : 'MISSED'})`,
);
