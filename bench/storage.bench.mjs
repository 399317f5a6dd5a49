// Storage engine: append throughput with the WAL on (fsync per commit), head memory per active
// series, bytes per sample on disk after compaction next to Prometheus 2.42 (promtool tsdb
// create-blocks-from openmetrics on the same samples), and range-read decoding speed.
// Run: npm run bench -- storage (or node --expose-gc bench/storage.bench.mjs after npm run build).
// BENCH_QUICK=1 shrinks every part.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const { DB, labelsFromRecord, createMatcher } = await import('../packages/storage/dist/esm/index.js');

const QUICK = process.env.BENCH_QUICK === '1';
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
  const scrape = async (t) => {
    const app = db.appender();
    for (let k = 0; k < seriesCount; k++) app.append(labels[k], t, (t / 1000) * (k % 7) + k);
    await app.commit();
  };
  const createStart = process.hrtime.bigint();
  await scrape(0);
  const createMs = Number(process.hrtime.bigint() - createStart) / 1e6;
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let b = 1; b <= batches; b++) await scrape(b * 15_000);
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const samples = seriesCount * batches;
  gc();
  const stats = db.stats();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    seriesCount,
    samples,
    perSecond: samples / wallS,
    cpuPerSample: ((cpu.user + cpu.system) * 1000) / samples,
    createMs,
    headBytesPerSeries: stats.head.memoryBytes / seriesCount,
  };
}

// ---------------------------------------------------------------- head memory, measured on the heap
async function headMemory(seriesCount, samplesPerSeries) {
  const dir = join(work, 'memory');
  const labels = Array.from({ length: seriesCount }, (_, k) =>
    labelsFromRecord({
      __name__: `mem_metric_${k % 100}`,
      instance: `host-${k % 50}:9100`,
      job: 'bench',
      id: String(k),
    }),
  );
  gc();
  const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const db = DB.open(dir, { compactionIntervalMs: 0, retentionMs: 0, fsync: 'none', logger: quiet });
  for (let i = 0; i < samplesPerSeries; i++) {
    const app = db.appender();
    for (let k = 0; k < seriesCount; k++)
      app.append(labels[k], i * 15_000, Math.round(Math.sin(i / 10 + k) * 1000) / 10);
    await app.commit();
  }
  gc();
  const after = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const estimate = db.stats().head.memoryBytes / seriesCount;
  await db.close();
  rmSync(dir, { recursive: true, force: true });
  // The label objects were allocated before `before`, as a scraper would hold them anyway.
  return { measured: (after - before) / seriesCount, estimate };
}

// ---------------------------------------------------------------- bytes per sample vs Prometheus
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

  // Range read: every series over the whole period, all samples decoded.
  const q = db.querier(summary.firstTsMs, summary.lastTsMs);
  const readStart = process.hrtime.bigint();
  let decoded = 0;
  let checksum = 0;
  for (const s of q.select([createMatcher('=~', '__name__', '.+')])) {
    const it = s.iterator();
    while (it.next()) {
      decoded++;
      checksum += it.t;
    }
  }
  const readNs = Number(process.hrtime.bigint() - readStart);
  q.close();
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
    decodeNsPerSample: readNs / decoded,
    decoded,
    checksum,
  };
}

console.log('Append (WAL on, fsync per commit; one sample per series per batch):');
for (const [n, batches] of QUICK
  ? [[10_000, 5]]
  : [
      [10_000, 60],
      [100_000, 12],
    ]) {
  const r = await appendThroughput(n, batches);
  console.log(
    `  ${fmt(n, 0)} series: ${fmt(r.perSecond / 1e6)} M samples/s, ${fmt(r.cpuPerSample, 0)} ns CPU/sample ` +
      `(first batch creating the series: ${fmt(r.createMs, 0)} ms)`,
  );
}

const mem = await headMemory(QUICK ? 20_000 : 100_000, 120);
console.log(
  `Head memory per active series (120 samples each): ${fmt(mem.measured, 0)} B measured on the heap, ${fmt(mem.estimate, 0)} B by stats()`,
);

const shared = [join(root, '..', 'shared'), '/work/shared'].find((d) =>
  existsSync(join(d, 'bench-data', 'gen-dataset.mjs')),
);
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
      `    ingest ${fmt(r.ingestPerSecond / 1e6)} M samples/s (JSON parse included); range read of every series: ` +
        `${fmt(r.decodeNsPerSample)} ns/sample over ${fmt(r.decoded, 0)} samples`,
    );
  }
}
rmSync(work, { recursive: true, force: true });
