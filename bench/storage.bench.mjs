// Storage engine: append throughput with the WAL on (fsync per commit), head memory per active
// series, bytes per sample on disk after compaction next to Prometheus 2.42 (promtool tsdb
// create-blocks-from openmetrics on the same samples), and range-read decoding speed.
// Run: npm run bench -- storage (or node --expose-gc bench/storage.bench.mjs after npm run build).
// BENCH_QUICK=1 shrinks every part. BENCH_STORAGE_PART=append runs only the append part;
// BENCH_APPEND_BATCHES=n sets its batches per series count (n > 120 closes head chunks).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDir } from './lib/shared-data.mjs';

const root = new URL('..', import.meta.url).pathname;
const { DB, labelsFromRecord, createMatcher } = await import('../packages/storage/dist/esm/index.js');

const { DEFAULT_PAGE_CACHE_BYTES, setPageCacheBytes } = await import(
  '../packages/storage/dist/esm/block/chunks-reader.js'
);

const QUICK = process.env.BENCH_QUICK === '1';
const APPEND_ONLY = process.env.BENCH_STORAGE_PART === 'append';
const APPEND_BATCHES = Number(process.env.BENCH_APPEND_BATCHES ?? 0);
const quiet = { warn: (m) => console.error(`  warn: ${m}`), info: () => {} };
const work = mkdtempSync(join(tmpdir(), 'telemeter-storage-bench-'));
const gc = globalThis.gc ?? (() => {});

function dirBytes(dir) {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    total += st.isDirectory() ? dirBytes(p) : st.size;
  }
  return total;
}

function fmt(n, digits = 2) {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

// ---------------------------------------------------------------- append throughput
async function appendThroughput(seriesCount, batches) {
  const dir = join(work, `append-${seriesCount}`);
  const db = DB.open(dir, { compactionIntervalMs: 0, retentionMs: 0, fsync: 'commit', logger: quiet });
  const labels = Array.from({ length: seriesCount }, (_, k) =>
    labelsFromRecord({
      __name__: `bench_metric_${k % 100}`,
      instance: `host-${k % 50}:9100`,
      job: 'bench',
      id: String(k),
    }),
  );
  // The first batch creates the series; throughput is measured on the scrapes after it.
  let fsyncWaitNs = 0;
  const scrape = async (t) => {
    const app = db.appender();
    for (let k = 0; k < seriesCount; k++) app.append(labels[k], t, (t / 1000) * (k % 7) + k);
    const commit = app.commit(); // validates, logs and applies synchronously; then awaits the fsync
    const waitStart = process.hrtime.bigint();
    await commit;
    fsyncWaitNs += Number(process.hrtime.bigint() - waitStart);
  };
  const createStart = process.hrtime.bigint();
  await scrape(0);
  const createMs = Number(process.hrtime.bigint() - createStart) / 1e6;
  fsyncWaitNs = 0;
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  let cpuHalf;
  for (let b = 1; b <= batches; b++) {
    // The second half shows the steady state: the first scrapes after the series were created run
    // partly in V8's interpreter while each code path gets its type feedback and is optimized.
    if (b === Math.floor(batches / 2) + 1) cpuHalf = process.cpuUsage();
    await scrape(b * 15_000);
  }
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpu2 = process.cpuUsage(cpuHalf);
  const samples = seriesCount * batches;
  const samples2 = seriesCount * (batches - Math.floor(batches / 2));
  gc();
  const stats = db.stats();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    seriesCount,
    samples,
    perSecond: samples / wallS,
    fsyncWaitShare: fsyncWaitNs / 1e9 / wallS,
    cpuPerSample: ((cpu.user + cpu.system) * 1000) / samples,
    cpuPerSampleSteady: ((cpu2.user + cpu2.system) * 1000) / samples2,
    createMs,
    headBytesPerSeries: stats.head.memoryBytes / seriesCount,
  };
}

// ---------------------------------------------------------------- head memory, measured on the heap
/** Heap + ArrayBuffer bytes per series, measured in a fresh process (lib/storage-head-memory.mjs). */
function headMemory(seriesCount, samplesPerSeries) {
  const out = execFileSync(process.execPath, [
    '--expose-gc',
    join(root, 'bench', 'lib', 'storage-head-memory.mjs'),
    String(seriesCount),
    String(samplesPerSeries),
  ]);
  const r = JSON.parse(out.toString());
  return { measured: r.heap + r.buffers, heap: r.heap, buffers: r.buffers, estimate: r.estimate };
}

// ---------------------------------------------------------------- bytes per sample vs Prometheus
/**
 * The consumer of a range read: a loop of its own, called once per series, as a query engine's
 * would be. (Inline in readAll, V8 ran it as on-stack-replaced code compiled during the first read,
 * which boxed the running checksum: 16 bytes of garbage per sample on every later read.)
 */
function drainSeries(it, acc) {
  let n = 0;
  let sum = 0;
  while (it.next()) {
    n++;
    sum += it.t;
  }
  acc.decoded += n;
  acc.checksum += sum;
}

function* scrapes(batchDir) {
  for (const f of readdirSync(batchDir)
    .filter((n) => n.endsWith('.ndjson'))
    .sort()) {
    for (const line of readFileSync(join(batchDir, f), 'utf8').split('\n')) if (line) yield JSON.parse(line);
  }
}

async function bytesPerSample(shared, groups, hours, jitter) {
  const name = `g${groups}-h${hours}-j${jitter}`;
  const om = join(work, `${name}.om`);
  const batches = join(work, `${name}-batches`);
  const args = ['--series-groups', String(groups), '--hours', String(hours), '--jitter-ms', String(jitter)];
  const gen = join(shared, 'bench-data', 'gen-dataset.mjs');
  const summary = JSON.parse(execFileSync(process.execPath, [gen, ...args, '--out', om]).toString());
  execFileSync(process.execPath, [gen, ...args, '--format', 'remote-write-batches', '--out', batches]);

  const dir = join(work, `${name}-db`);
  const db = DB.open(dir, { compactionIntervalMs: 0, retentionMs: 0, fsync: 'none', logger: quiet });
  const labelCache = new Map();
  let appended = 0;
  const t0 = process.hrtime.bigint();
  for (const scrape of scrapes(batches)) {
    const app = db.appender();
    for (const s of scrape.series) {
      const key = JSON.stringify(s.labels);
      let l = labelCache.get(key);
      if (l === undefined) labelCache.set(key, (l = labelsFromRecord(s.labels)));
      app.append(l, scrape.ts, s.value);
    }
    appended += (await app.commit()).appended;
  }
  await db.compact({ flushHead: true });
  const ingestS = Number(process.hrtime.bigint() - t0) / 1e9;
  const stats = db.stats();
  const blockBytes = stats.blocks.reduce((sum, b) => sum + b.bytes, 0);

  // Range read: every series over the whole period, all samples decoded (select included), in CPU
  // time since the machine may be shared. The first read meets a cold page cache and code the JIT
  // has not optimised yet; the best of three more is the steady state, with the pages the first
  // read inflated still in the shared page cache (64 MiB by default); the last read runs with that
  // cache off, so every page is read and inflated again.
  const readAll = () => {
    const cpu0 = process.cpuUsage();
    const q = db.querier(summary.firstTsMs, summary.lastTsMs);
    const acc = { decoded: 0, checksum: 0 };
    for (const s of q.select([createMatcher('=~', '__name__', '.+')])) drainSeries(s.iterator(), acc);
    q.close();
    const cpu = process.cpuUsage(cpu0);
    return { decoded: acc.decoded, checksum: acc.checksum, ns: (cpu.user + cpu.system) * 1000 };
  };
  const { decoded, checksum, ns: firstReadNs } = readAll();
  let bestReadNs = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 3; r++) bestReadNs = Math.min(bestReadNs, readAll().ns);
  setPageCacheBytes(0);
  const uncachedReadNs = readAll().ns;
  setPageCacheBytes(DEFAULT_PAGE_CACHE_BYTES);
  await db.close();

  let prometheus;
  const promtool = spawnSync('promtool', ['--version']);
  if (promtool.status === 0) {
    const out = join(work, `${name}-prom`);
    execFileSync('promtool', ['tsdb', 'create-blocks-from', 'openmetrics', om, out], { stdio: 'ignore' });
    let bytes = 0;
    for (const block of readdirSync(out)) {
      const b = join(out, block);
      if (!statSync(b).isDirectory()) continue;
      bytes += dirBytes(join(b, 'chunks')) + statSync(join(b, 'index')).size;
    }
    prometheus = bytes / summary.samples;
  }
  rmSync(dir, { recursive: true, force: true });
  return {
    name,
    samples: summary.samples,
    appended,
    series: summary.series,
    ours: blockBytes / summary.samples,
    prometheus,
    ingestPerSecond: summary.samples / ingestS,
    decodeNsPerSample: firstReadNs / decoded,
    decodeNsPerSampleBest: bestReadNs / decoded,
    decodeNsPerSampleUncached: uncachedReadNs / decoded,
    decoded,
    checksum,
  };
}

console.log('Append (WAL on, fsync per commit; one sample per series per batch):');
for (const [n, batches] of QUICK
  ? [[10_000, 20]]
  : [
      [10_000, 60],
      [100_000, 12],
    ]) {
  const r = await appendThroughput(n, APPEND_BATCHES > 0 ? APPEND_BATCHES : batches);
  console.log(
    `  ${fmt(n, 0)} series: ${fmt(r.perSecond / 1e6)} M samples/s (${fmt(r.fsyncWaitShare * 100, 0)} % of it waiting for fsync), ` +
      `${fmt(r.cpuPerSample, 0)} ns CPU/sample = ${fmt(1e3 / r.cpuPerSample)} M samples/s per core ` +
      `(second half: ${fmt(r.cpuPerSampleSteady, 0)} ns = ${fmt(1e3 / r.cpuPerSampleSteady)} M/s; first batch creating the series: ${fmt(r.createMs, 0)} ms)`,
  );
}

if (APPEND_ONLY) {
  rmSync(work, { recursive: true, force: true });
  process.exit(0);
}

const mem = headMemory(QUICK ? 20_000 : 100_000, 120);
console.log(
  `Head memory per active series (120 samples each): ${fmt(mem.measured, 0)} B measured ` +
    `(${fmt(mem.heap, 0)} heap + ${fmt(mem.buffers, 0)} ArrayBuffers, own process), ${fmt(mem.estimate, 0)} B by stats()`,
);

const shared = sharedDir();
if (shared === undefined) {
  console.log('Bytes per sample: skipped (../shared/bench-data is not here)');
} else {
  const hours = QUICK ? 2 : 24;
  console.log(
    `Bytes per sample on disk after compaction (10 instances x ${hours} h at 15 s; Prometheus = promtool tsdb create-blocks-from, chunks + index):`,
  );
  for (const jitter of [50, 0]) {
    const r = await bytesPerSample(shared, 10, hours, jitter);
    const ratio = r.prometheus
      ? ` = ${fmt(r.ours / r.prometheus)}x Prometheus (${fmt(r.prometheus)} B/sample)`
      : ' (promtool not installed)';
    console.log(
      `  jitter ${jitter} ms: ${fmt(r.ours)} B/sample${ratio}; ${fmt(r.samples, 0)} samples, ${r.series} series`,
    );
    console.log(
      `    ingest ${fmt(r.ingestPerSecond / 1e6)} M samples/s (JSON parse included); range read of every series ` +
        `(select + decode, CPU): ${fmt(r.decodeNsPerSample)} ns/sample first, ${fmt(r.decodeNsPerSampleBest)} ` +
        `best of 3 more, ${fmt(r.decodeNsPerSampleUncached)} with the page cache off, over ${fmt(r.decoded, 0)} samples`,
    );
  }
}
rmSync(work, { recursive: true, force: true });

// ---------------------------------------------------------------- event-loop pause while compacting
// Maintenance writes blocks in slices (writeBlockAsync): what matters is the longest stretch the
// event loop is held, while appends, commits and queries keep going alongside.
async function compactionPause(seriesCount) {
  const { monitorEventLoopDelay } = await import('node:perf_hooks');
  const { compactBlocks } = await import('../packages/storage/dist/esm/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'telemeter-compaction-pause-'));
  const hour = 3_600_000;
  const db = DB.open(join(dir, 'db'), {
    compactionIntervalMs: 0,
    retentionMs: 0,
    fsync: 'none',
    logger: quiet,
  });
  const labels = Array.from({ length: seriesCount }, (_, k) =>
    labelsFromRecord({
      __name__: `pause_metric_${k % 100}`,
      instance: `host-${k % 50}:9100`,
      job: 'bench',
      id: String(k),
    }),
  );
  const scrape = async (t) => {
    const app = db.appender();
    for (let k = 0; k < seriesCount; k++)
      app.append(labels[k], t, Math.round(Math.sin(t / 6e5 + k) * 1000) / 10 + ((k % 7) * t) / 1e4);
    await app.commit();
  };
  // 2 h at 1 min (120 samples per series), then one scrape past 1.5 ranges: compact() cuts [0, 2 h).
  for (let t = 0; t < 2 * hour; t += 60_000) await scrape(t);
  await scrape(3 * hour + 60_000);
  const live = labels.slice(0, 1000);
  let nextT = 3 * hour + 120_000;
  const measure = async (what, run, withLoad = true) => {
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    // The histogram's first timer turn is the baseline later delays are measured from.
    await new Promise((r) => setTimeout(r, 20));
    let rounds = 0;
    let running = withLoad;
    const alongside = (async () => {
      while (running) {
        const app = db.appender();
        const t = nextT;
        nextT += 1000;
        for (const l of live) app.append(l, t, t);
        await app.commit();
        const q = db.querier(0, t);
        const [s] = q.select([createMatcher('=', 'id', String(rounds % 1000))]);
        const it = s.iterator();
        while (it.next());
        q.close();
        if (running) rounds++;
        await new Promise((r) => setTimeout(r, 1));
      }
    })();
    const start = performance.now();
    await run();
    const ms = performance.now() - start;
    running = false;
    // A delay is recorded when the histogram's timer finally runs: give it that turn.
    await new Promise((r) => setTimeout(r, 20));
    delay.disable();
    await alongside;
    console.log(
      `  ${what}: ${fmt(ms, 0)} ms; event-loop delay max ${fmt(delay.max / 1e6, 0)} ms, p99 ${fmt(delay.percentile(99) / 1e6, 0)} ms; ` +
        (withLoad
          ? `${fmt(rounds, 0)} rounds of append 1,000 samples + commit + query completed meanwhile`
          : 'nothing else running'),
    );
  };
  await measure(`head cut, ${fmt(seriesCount, 0)} series x 120 samples`, () => db.compact());
  const [block] = db.blocks;
  const rewrite = () => compactBlocks([block], join(dir, 'rewrite'));
  await measure('rewrite of that block (compactBlocks)', rewrite, false);
  await measure('the same rewrite', rewrite);
  await db.close();
  rmSync(dir, { recursive: true, force: true });
}

console.log(
  'Compaction pause (the longest event-loop delay while maintenance runs, appends and queries alongside):',
);
await compactionPause(QUICK ? 20_000 : 100_000);
