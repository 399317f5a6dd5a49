// Informal benchmark, not a test: scrape-like batches (one sample per series per batch) into a head
// with a real WAL. Run: node packages/storage/dist/esm/head/testing/append-throughput.js [fsync]
// where fsync is commit (default), interval or none. Prints the rate over all batches and over the
// second half (after the JIT has warmed up and the first chunk buffers have grown).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { labelsFromRecord } from '../../labels/labels.js';
import type { Labels } from '../../types.js';
import { type FsyncPolicy, Wal } from '../../wal/wal.js';
import { Head } from '../head.js';

type Mode = 'same Labels objects' | 'fresh Labels objects' | 'appendRef';

/** n distinct series of 4 labels, like a node exporter fleet. */
function makeLabels(n: number): Labels[] {
  const out: Labels[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      labelsFromRecord({
        __name__: `node_metric_${i % 200}`,
        instance: `host-${Math.floor(i / 200)}:9100`,
        job: 'node',
        cpu: String(i % 7),
      }),
    );
  }
  return out;
}

async function run(numSeries: number, batches: number, mode: Mode, fsync: FsyncPolicy): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tm-head-bench-'));
  const wal = Wal.open(path.join(dir, 'wal'), { fsync });
  const head = new Head({ wal });
  let labels = makeLabels(numSeries);
  const first = head.appender();
  for (const l of labels) first.append(l, 0, 0);
  await first.commit();
  const refs = labels.map((l) => head.getRef(l) as number);
  let t = 15_000;
  const perBatchNs: number[] = [];
  for (let b = 0; b < batches; b++, t += 15_000) {
    if (mode === 'fresh Labels objects') labels = makeLabels(numSeries);
    const start = process.hrtime.bigint();
    const app = head.appender();
    if (mode === 'appendRef')
      for (let i = 0; i < numSeries; i++) app.appendRef(refs[i] as number, t, i * 0.5 + b);
    else for (let i = 0; i < numSeries; i++) app.append(labels[i] as Labels, t, i * 0.5 + b);
    const res = await app.commit();
    perBatchNs.push(Number(process.hrtime.bigint() - start));
    if (res.appended !== numSeries) throw new Error(`batch ${b}: appended ${res.appended} of ${numSeries}`);
  }
  await wal.close();
  fs.rmSync(dir, { recursive: true, force: true });
  const rate = (ns: number[]) =>
    ((numSeries * ns.length) / (ns.reduce((x, y) => x + y, 0) / 1e9) / 1e6).toFixed(2);
  console.log(
    `${numSeries} series x ${batches} batches, ${mode}, fsync=${fsync}: ` +
      `${rate(perBatchNs)}M samples/s overall, ${rate(perBatchNs.slice(batches >> 1))}M/s second half`,
  );
}

const fsync = (process.argv[2] ?? 'commit') as FsyncPolicy;
for (const [numSeries, batches] of [
  [10_000, 200],
  [100_000, 30],
] as const) {
  for (const mode of ['same Labels objects', 'appendRef', 'fresh Labels objects'] as const)
    await run(numSeries, batches, mode, fsync);
}
