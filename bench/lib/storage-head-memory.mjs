// Head memory per active series, measured in a process of its own (run by storage.bench.mjs):
// in a process that already ran other storage work, memory freed from that work during the
// measurement made the figure swing between ~250 and ~900 bytes per series.
// Usage: node --expose-gc bench/lib/storage-head-memory.mjs <series> <samples per series>
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { DB, labelsFromRecord } = await import('../../packages/storage/dist/esm/index.js');
const seriesCount = Number(process.argv[2] ?? 100_000);
const samplesPerSeries = Number(process.argv[3] ?? 120);
const gc = globalThis.gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

/** Heap plus ArrayBuffers once garbage is really gone (freed ArrayBuffers linger past one gc()). */
async function settled() {
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers };
}

const dir = mkdtempSync(join(tmpdir(), 'telemeter-head-memory-'));
// The labels are allocated before the baseline, as a scraper would hold them anyway.
const labels = Array.from({ length: seriesCount }, (_, k) =>
  labelsFromRecord({
    __name__: `mem_metric_${k % 100}`,
    instance: `host-${k % 50}:9100`,
    job: 'bench',
    id: String(k),
  }),
);
const before = await settled();
const db = DB.open(dir, {
  compactionIntervalMs: 0,
  retentionMs: 0,
  fsync: 'none',
  logger: { warn() {}, info() {} },
});
for (let i = 0; i < samplesPerSeries; i++) {
  const app = db.appender();
  for (let k = 0; k < seriesCount; k++)
    app.append(labels[k], i * 15_000, Math.round(Math.sin(i / 10 + k) * 1000) / 10);
  await app.commit();
}
const after = await settled();
const estimate = db.stats().head.memoryBytes / seriesCount;
// Used after the measurement on purpose: V8 frees a variable nothing reads any more, and the
// labels freed mid-measurement made the head look ~450 bytes per series smaller than it is.
if (labels.length !== seriesCount) throw new Error('labels were lost');
await db.close();
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    heap: (after.heap - before.heap) / seriesCount,
    buffers: (after.buffers - before.buffers) / seriesCount,
    estimate,
  }),
);
