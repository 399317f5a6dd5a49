// Instant PromQL queries over recent data, in process: the shared data set (gen-dataset.mjs
// --series-groups 100 --hours 1 --jitter-ms 50: 10,000 series, 240 samples each at 15 s) appended
// to a real DB in a temp dir and left in the head (as `telemeter serve` holds the last hour), then
// the instant queries of BENCHMARKS.md "4. Query latency through the HTTP API" evaluated at the end
// of the data by @telemeter/promql's Engine against the DB. Reports ms per query (median, p90, and
// CPU per query) over ROUNDS timed runs after warm-up.
// Run: npm run build (or npx tsc -b packages/promql/tsconfig.json) && node bench/storage-instant.bench.mjs
// Options (environment): STORAGE_DIST (below); BENCH_QUICK=1 (30 series groups, fewer rounds); ROUNDS=n; PROFILE=1 runs
// only the rate query and writes a CPU profile of its timed runs to the temp dir.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDir } from './lib/shared-data.mjs';

const _root = new URL('..', import.meta.url).pathname;
// STORAGE_DIST=DIR runs against another build of @telemeter/storage (e.g. the previous commit's,
// built elsewhere) for a before/after comparison in one session.
const storageDist =
  process.env.STORAGE_DIST ?? new URL('../packages/storage/dist/esm', import.meta.url).pathname;
const { DB, labelsFromRecord } = await import(join(storageDist, 'index.js'));
const { Engine } = await import('../packages/promql/dist/esm/index.js');

const QUICK = process.env.BENCH_QUICK === '1';
const GROUPS = QUICK ? 30 : 100;
const ROUNDS = Number(process.env.ROUNDS ?? (QUICK ? 10 : 30));
const WARMUP = 5;
const QUERIES = [
  'http_requests_total{instance="api-007:3000",route="/api/orders"}',
  'sum by (route) (rate(http_requests_total[5m]))',
  'sum by (route) (rate(http_requests_total{status=~"5.."}[5m])) / sum by (route) (rate(http_requests_total[5m]))',
  'histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket[5m])))',
  'topk(10, sum by (instance) (rate(process_cpu_seconds_total[5m])))',
];
const quiet = { warn: (m) => console.error(`  warn: ${m}`), info: () => {} };

const shared = sharedDir();
if (shared === undefined) {
  console.log('storage-instant: skipped (../shared/bench-data is not here)');
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'telemeter-instant-bench-'));
try {
  // Data ending 2 minutes ago, as the server bench loads it.
  const startS = Math.floor(Date.now() / 60_000) * 60 - 3600 - 120;
  const batches = join(work, 'batches');
  const gen = JSON.parse(
    execFileSync(process.execPath, [
      join(shared, 'bench-data', 'gen-dataset.mjs'),
      ...['--series-groups', String(GROUPS), '--hours', '1', '--jitter-ms', '50', '--start', String(startS)],
      ...['--format', 'remote-write-batches', '--out', batches],
    ]).toString(),
  );
  const db = DB.open(join(work, 'db'), {
    compactionIntervalMs: 0,
    retentionMs: 0,
    fsync: 'none',
    logger: quiet,
  });
  const loadStart = performance.now();
  const labelCache = new Map();
  let endMs = 0;
  for (const f of readdirSync(batches)
    .filter((n) => n.endsWith('.ndjson'))
    .sort()) {
    for (const line of readFileSync(join(batches, f), 'utf8').split('\n')) {
      if (!line) continue;
      const scrape = JSON.parse(line);
      const app = db.appender();
      for (const s of scrape.series) {
        const key = JSON.stringify(s.labels);
        let l = labelCache.get(key);
        if (l === undefined) labelCache.set(key, (l = labelsFromRecord(s.labels)));
        app.append(l, scrape.ts, s.value);
      }
      await app.commit();
      if (scrape.ts > endMs) endMs = scrape.ts;
    }
  }
  rmSync(batches, { recursive: true, force: true });
  console.log(
    `${gen.series.toLocaleString('en-US')} series, ${gen.samples.toLocaleString('en-US')} samples loaded into the head ` +
      `in ${((performance.now() - loadStart) / 1000).toFixed(1)} s; instant queries at the last sample; ` +
      `${ROUNDS} timed runs per query after ${WARMUP} warm-up runs (node ${process.version})\n`,
  );

  const engine = new Engine();
  const run = async (q) => {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await engine.instantQuery(db, q, endMs);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, series: r.result.length ?? 0 };
  };

  if (process.env.PROFILE === '1') {
    const q = QUERIES[1];
    for (let i = 0; i < WARMUP; i++) await run(q);
    const { Session } = await import('node:inspector/promises');
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    const t0 = performance.now();
    for (let i = 0; i < ROUNDS; i++) await run(q);
    const ms = (performance.now() - t0) / ROUNDS;
    const { profile } = await session.post('Profiler.stop');
    const out = join(tmpdir(), `storage-instant-${process.pid}.cpuprofile`);
    writeFileSync(out, JSON.stringify(profile));
    console.log(`${q}: ${ms.toFixed(2)} ms per query (mean of ${ROUNDS}); profile of the timed runs: ${out}`);
  } else {
    const times = QUERIES.map(() => ({ ms: [], cpuMs: [], series: 0 }));
    for (let i = 0; i < WARMUP; i++) for (const q of QUERIES) await run(q);
    // Interleaved so that load from other jobs spreads over every query alike.
    for (let i = 0; i < ROUNDS; i++) {
      for (let q = 0; q < QUERIES.length; q++) {
        const r = await run(QUERIES[q]);
        times[q].ms.push(r.ms);
        times[q].cpuMs.push(r.cpuMs);
        times[q].series = r.series;
      }
    }
    const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
    const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log('| query | series | median / p90 ms | CPU ms per query (mean) |');
    console.log('|---|---:|---:|---:|');
    for (let q = 0; q < QUERIES.length; q++) {
      const t = times[q];
      console.log(
        `| \`${QUERIES[q]}\` | ${t.series} | ${pct(t.ms, 0.5).toFixed(2)} / ${pct(t.ms, 0.9).toFixed(2)} | ${mean(t.cpuMs).toFixed(2)} |`,
      );
    }
  }
  await db.close();
} finally {
  rmSync(work, { recursive: true, force: true });
}
