// PromQL engine: range queries over the shared benchmark data set (1,020 series x 24 h at 15 s) with
// Engine.rangeQuery on a storage DB whose data sits in compacted blocks, next to Prometheus 2.42
// answering the same queries over the same samples (promtool tsdb create-blocks-from openmetrics)
// through /api/v1/query_range. Both answers are compared point by point.
// Run: node bench/promql.bench.mjs after npm run build (or npm run bench -- promql).
// BENCH_QUICK=1: 2 h of data, 3 rounds. PROMQL_BENCH_CACHE=DIR keeps the generated data, our DB and
// Prometheus's blocks in DIR and reuses them on the next run (for profiling; delete DIR to refresh).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDir } from './lib/shared-data.mjs';

const _root = new URL('..', import.meta.url).pathname;
const { DB, labelsFromRecord } = await import('../packages/storage/dist/esm/index.js');
const { Engine } = await import('../packages/promql/dist/esm/index.js');

const QUICK = process.env.BENCH_QUICK === '1';
const HOURS = QUICK ? 2 : 24;
const ROUNDS = QUICK ? 3 : 7;
const STEP_S = 60;
const START_S = Date.parse('2026-11-01T00:00:00Z') / 1000; // gen-dataset.mjs's default --start
const END_S = START_S + HOURS * 3600;
const QUERIES = [
  'sum by (route) (rate(http_requests_total[5m]))',
  'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))',
  'sum(rate(http_requests_total[5m]))',
  'topk(5, sum by (route) (rate(http_requests_total{status=~"5.."}[5m])))',
  'avg_over_time(process_resident_memory_bytes[1h])',
];
const quiet = { warn: (m) => console.error(`  warn: ${m}`), info: () => {} };

const shared = sharedDir();
if (shared === undefined) {
  console.log('PromQL engine: skipped (../shared/bench-data is not here)');
  process.exit(0);
}

const cache = process.env.PROMQL_BENCH_CACHE;
const work = cache ?? mkdtempSync(join(tmpdir(), 'telemeter-promql-bench-'));
mkdirSync(work, { recursive: true });
const cleanups = [];
const cleanup = async () => {
  for (const f of cleanups.reverse()) await f();
  if (cache === undefined) rmSync(work, { recursive: true, force: true });
};

function fmt(n, digits = 1) {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// ---------------------------------------------------------------- data
const genArgs = ['--series-groups', '10', '--hours', String(HOURS), '--jitter-ms', '50'];
const gen = join(shared, 'bench-data', 'gen-dataset.mjs');
const om = join(work, `data-${HOURS}h.om`);
const batches = join(work, `data-${HOURS}h-batches`);
const dbDir = join(work, `db-${HOURS}h`);
const promData = join(work, `prom-${HOURS}h`);

function* scrapes(dir) {
  for (const f of readdirSync(dir)
    .filter((n) => n.endsWith('.ndjson'))
    .sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) if (line) yield JSON.parse(line);
  }
}

const prepStart = performance.now();
let summary;
const summaryFile = join(work, `summary-${HOURS}h.json`);
if (existsSync(summaryFile)) summary = JSON.parse(readFileSync(summaryFile, 'utf8'));
else {
  summary = JSON.parse(execFileSync(process.execPath, [gen, ...genArgs, '--out', om]).toString());
  execFileSync(process.execPath, [gen, ...genArgs, '--format', 'remote-write-batches', '--out', batches]);
}

let db;
if (existsSync(join(dbDir, 'ready'))) {
  db = DB.open(dbDir, { compactionIntervalMs: 0, retentionMs: 0, fsync: 'none', logger: quiet });
} else {
  rmSync(dbDir, { recursive: true, force: true });
  db = DB.open(dbDir, { compactionIntervalMs: 0, retentionMs: 0, fsync: 'none', logger: quiet });
  const labelCache = new Map();
  for (const scrape of scrapes(batches)) {
    const app = db.appender();
    for (const s of scrape.series) {
      const key = JSON.stringify(s.labels);
      let l = labelCache.get(key);
      if (l === undefined) labelCache.set(key, (l = labelsFromRecord(s.labels)));
      app.append(l, scrape.ts, s.value);
    }
    await app.commit();
  }
  await db.compact({ flushHead: true });
  writeFileSync(join(dbDir, 'ready'), '');
}
cleanups.push(() => db.close());

// ---------------------------------------------------------------- Prometheus
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function startPrometheus() {
  if (
    spawnSync('prometheus', ['--version']).status !== 0 ||
    spawnSync('promtool', ['--version']).status !== 0
  ) {
    return { missing: 'prometheus/promtool are not on PATH (apt-get install -y prometheus)' };
  }
  if (!existsSync(join(promData, 'ready'))) {
    rmSync(promData, { recursive: true, force: true });
    execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', om, promData], {
      stdio: 'ignore',
    });
    writeFileSync(join(promData, 'ready'), '');
  }
  const config = join(work, 'prometheus.yml');
  writeFileSync(config, 'global: {evaluation_interval: 1m}\nscrape_configs: []\n');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    'prometheus',
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${promData}`,
      '--storage.tsdb.retention.time=100y',
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.on('data', (d) => {
    log = (log + d).slice(-4000);
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  cleanups.push(stop);
  // If this process dies before cleanup (an error, Ctrl-C, a closed stdout pipe), Prometheus goes too.
  process.on('exit', () => {
    if (child.exitCode === null) child.kill('SIGTERM');
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited: ${log}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`prometheus not ready after 60 s: ${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid: child.pid };
}

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

/** User + system CPU time a process has used so far, in ms (from /proc, in clock ticks). */
function processCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK; // utime, stime
  } catch {
    return Number.NaN;
  }
}

let prom;
try {
  prom = await startPrometheus();
} catch (err) {
  prom = { missing: `Prometheus failed to start: ${err.message}` };
}
const prepS = (performance.now() - prepStart) / 1000;

// ---------------------------------------------------------------- the runs
const engine = new Engine();

async function ours(q) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await engine.rangeQuery(db, q, START_S * 1000, END_S * 1000, STEP_S * 1000);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, result: r.result };
}

async function theirs(q) {
  const params = new URLSearchParams({
    query: q,
    start: String(START_S),
    end: String(END_S),
    step: String(STEP_S),
  });
  const cpu0 = processCpuMs(prom.pid);
  const t0 = performance.now();
  const res = await fetch(`${prom.url}/api/v1/query_range?${params}`);
  const text = await res.text();
  const ms = performance.now() - t0;
  const cpuMs = processCpuMs(prom.pid) - cpu0;
  const body = JSON.parse(text);
  if (body.status !== 'success') throw new Error(`Prometheus: ${q}: ${body.error}`);
  return { ms, cpuMs, result: body.data.result };
}

/** Series count and every point: same timestamps, values within 1e-9 relative. */
function compare(mine, prometheus) {
  const key = (rec) =>
    JSON.stringify(
      Object.entries(rec)
        .filter(([k]) => k !== '__name__')
        .sort(),
    );
  const theirsByKey = new Map(prometheus.map((s) => [key(s.metric), s.values]));
  let points = 0;
  let off = 0;
  let worst = 0;
  let missing = 0;
  for (const s of mine) {
    const rec = Object.fromEntries(s.labels.map((l) => [l.name, l.value]));
    const other = theirsByKey.get(key(rec));
    theirsByKey.delete(key(rec));
    if (other === undefined) {
      missing++;
      continue;
    }
    const byT = new Map(other.map(([t, v]) => [Math.round(t * 1000), Number(v)]));
    for (let i = 0; i < s.ts.length; i++) {
      points++;
      const v = byT.get(s.ts[i]);
      byT.delete(s.ts[i]);
      if (v === undefined) {
        off++;
        continue;
      }
      const a = s.vs[i];
      const rel =
        a === v || (Number.isNaN(a) && Number.isNaN(v))
          ? 0
          : Math.abs(a - v) / Math.max(Math.abs(a), Math.abs(v));
      if (!(rel <= 1e-9)) off++;
      if (rel > worst) worst = rel;
    }
    off += byT.size;
  }
  const extra = theirsByKey.size;
  const ok = missing === 0 && extra === 0 && off === 0;
  const largest = `largest relative difference ${worst.toExponential(1)}`;
  const what = ok
    ? `same ${mine.length} series, ${fmt(points, 0)} points (${largest})`
    : `DIFFERENT: ours ${mine.length} series / Prometheus ${prometheus.length}; ${missing} only ours, ` +
      `${extra} only theirs, ${off} of ${points} points differ (${largest})`;
  return { ok, what };
}

const load = () =>
  loadavg()
    .map((l) => fmt(l, 1))
    .join(' ');
console.log(
  `PromQL range queries over ${fmt(summary.series, 0)} series x ${HOURS} h at 15 s ` +
    `(${fmt(summary.samples, 0)} samples), step ${STEP_S} s (${(END_S - START_S) / STEP_S + 1} steps); ` +
    `median of ${ROUNDS} after warm-up runs; data ready in ${fmt(prepS, 0)} s; load average ${load()}`,
);
if (prom.missing) console.log(`  Prometheus: ${prom.missing}; only our figures follow.`);
console.log(
  '  ours = Engine.rangeQuery on the DB (engine only, one thread); Prometheus 2.42 = wall time of ' +
    '/api/v1/query_range (its CPU from /proc, 10 ms ticks, mean of the rounds)',
);

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const rows = [];
// A first pass over every query: JIT warm-up for our engine and for the HTTP client (whose
// compilation on V8's background threads would otherwise count in our CPU time), page cache for both.
const firstRuns = new Map();
for (const q of QUERIES) {
  const first = await ours(q);
  firstRuns.set(q, {
    ms: first.ms,
    result: first.result,
    theirs: prom.url ? (await theirs(q)).result : undefined,
  });
}
for (const q of QUERIES) {
  const first = firstRuns.get(q);
  await ours(q);
  if (prom.url) await theirs(q);
  const mine = [];
  const them = [];
  // Interleaved rounds, so load on the shared machine falls on both alike.
  for (let r = 0; r < ROUNDS; r++) {
    mine.push(await ours(q));
    if (prom.url) them.push(await theirs(q));
  }
  const row = {
    q,
    ours: median(mine.map((r) => r.ms)),
    oursCpu: mean(mine.map((r) => r.cpuMs)),
    cold: first.ms,
  };
  if (first.theirs) {
    row.prometheus = median(them.map((r) => r.ms));
    row.prometheusCpu = mean(them.map((r) => r.cpuMs));
    row.check = compare(first.result, first.theirs);
  }
  rows.push(row);
  console.log(`  ${q}`);
  const cpu = `CPU ${fmt(row.oursCpu)} ms`;
  console.log(`    ours ${fmt(row.ours)} ms (${cpu}; first run ${fmt(row.cold)} ms)`);
  if (row.prometheus) {
    console.log(
      `    Prometheus ${fmt(row.prometheus)} ms (CPU ${fmt(row.prometheusCpu)} ms); ours/Prometheus ` +
        `${fmt(row.ours / row.prometheus, 2)} wall, ${fmt(row.oursCpu / row.prometheusCpu, 2)} CPU`,
    );
  }
  if (row.check) console.log(`    results: ${row.check.what}`);
}
if (rows.some((r) => r.check && !r.check.ok)) {
  console.log(
    "  Known differences: Prometheus 2.42 applies rate()'s counter zero-point limit before the 1.1x " +
      'interval test, later versions (prometheus/prometheus#13725) and this engine after it, so windows ' +
      'that start just after a counter restart differ; topk() picks either of two equal values.',
  );
}
console.log(`  load average at the end: ${load()}`);
await cleanup();
