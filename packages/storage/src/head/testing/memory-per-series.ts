// Informal measurement, not a test: heap bytes per head series. 100k series of 4 labels get ~10
// samples each (10 scrape-like batches); the delta of heapUsed (after forced GCs) over the number of
// series includes the labels, which the head keeps. Run:
//   node --expose-gc packages/storage/dist/esm/head/testing/memory-per-series.js

import { labelsFromRecord } from '../../labels/labels.js';
import type { Labels } from '../../types.js';
import { Head } from '../head.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with node --expose-gc');

/** V8 heap plus ArrayBuffer backing stores (chunk buffers over 64 bytes live outside the heap). */
function heapUsed(): { heap: number; buffers: number } {
  for (let i = 0; i < 3; i++) (gc as () => void)();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers };
}

const N = 100_000;
const before = heapUsed();
const head = new Head();
let labels: Labels[] | undefined = [];
for (let i = 0; i < N; i++) {
  labels.push(
    labelsFromRecord({
      __name__: `node_metric_${i % 200}`,
      instance: `host-${Math.floor(i / 200)}:9100`,
      job: 'node',
      cpu: String(i % 7),
    }),
  );
}
for (let b = 0; b < 10; b++) {
  const app = head.appender();
  for (let i = 0; i < N; i++) app.append(labels[i] as Labels, b * 15_000, Math.random() * 100);
  await app.commit();
}
labels = undefined;
const after = heapUsed();
const stats = head.stats();
console.log(`${stats.numSeries} series, ${stats.numSamples} samples, ${stats.numChunks} chunks`);
const perSeries = (x: number) => (x / N).toFixed(0);
console.log(
  `heap: ${perSeries(after.heap - before.heap)} bytes/series (labels included), ` +
    `ArrayBuffers: ${perSeries(after.buffers - before.buffers)}, stats estimate ${perSeries(stats.memoryBytes)}`,
);
