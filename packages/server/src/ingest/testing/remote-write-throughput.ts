// Informal benchmark, not a test: 100k-sample remote-write requests shaped like Prometheus's (one
// sample per TimeSeries entry, labels repeated in each), through snappyUncompress, the decoder and
// the whole handler over a real DB (fsync none). Run:
//   node packages/server/dist/esm/ingest/testing/remote-write-throughput.js
import { LabelCache } from '../label-cache.js';
import { plainLabels } from '../labels-resolver.js';
import { handleRemoteWrite } from '../remote-write.js';
import { snappyCompress, snappyUncompress } from '../snappy.js';
import type { WriteTimeSeries } from '../write-request.js';
import { decodeWriteRequestColumns } from '../write-request-decode.js';
import { encodeWriteRequest } from '../write-request-encode.js';
import { apiRequest, openTempIngest, REMOTE_WRITE_HEADERS } from './ingest-fixtures.js';

const SERIES = 10_000;
const SAMPLES = 100_000;
const ROUNDS = 12;

function request(round: number): Uint8Array {
  const timeseries: WriteTimeSeries[] = [];
  for (let k = 0; k < SAMPLES; k++) {
    const i = k % SERIES;
    const step = Math.floor(k / SERIES);
    timeseries.push({
      labels: [
        { name: '__name__', value: `node_metric_${i % 200}` },
        { name: 'cpu', value: String(i % 7) },
        { name: 'instance', value: `host-${Math.floor(i / 200)}:9100` },
        { name: 'job', value: 'node' },
      ],
      samples: [{ value: i * 0.5 + round, timestamp: 1_700_000_000_000 + (round * 10 + step) * 15_000 }],
    });
  }
  return snappyCompress(encodeWriteRequest({ timeseries }));
}

function rate(ms: number): string {
  return `${(((SAMPLES / ms) * 1000) / 1e6).toFixed(2)} M samples/s (${ms.toFixed(1)} ms per 100k)`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function main(): Promise<void> {
  const bodies = Array.from({ length: ROUNDS }, (_, r) => request(r));
  const raw = snappyUncompress(bodies[0] as Uint8Array, 1 << 30);
  console.log(`request: ${SAMPLES} samples, ${raw.length} bytes protobuf, ${bodies[0]?.length} bytes snappy`);
  const times = {
    snappy: [] as number[],
    decodePlain: [] as number[],
    decodeInterned: [] as number[],
    handler: [] as number[],
  };
  // One phase at a time, so that one phase's garbage is not collected during the next.
  const raws: Uint8Array[] = [];
  for (const body of bodies) {
    const t = performance.now();
    raws.push(snappyUncompress(body, 1 << 30));
    times.snappy.push(performance.now() - t);
  }
  for (const raw of raws) {
    const t = performance.now();
    decodeWriteRequestColumns(raw, plainLabels);
    times.decodePlain.push(performance.now() - t);
  }
  const cache = new LabelCache();
  for (const raw of raws) {
    const t = performance.now();
    decodeWriteRequestColumns(raw, cache);
    times.decodeInterned.push(performance.now() - t);
  }
  raws.length = 0;
  const env = openTempIngest({}, Date.now);
  try {
    for (const body of bodies) {
      const t = performance.now();
      const res = await handleRemoteWrite(apiRequest({ headers: REMOTE_WRITE_HEADERS, body }), env.ctx);
      times.handler.push(performance.now() - t);
      if (res.status !== 204) throw new Error(`status ${res.status}`);
    }
    const stats = env.db.stats();
    if (stats.appends.appended !== SAMPLES * ROUNDS)
      throw new Error(`stored ${stats.appends.appended} samples`);
  } finally {
    await env.close();
  }
  console.log(`snappyUncompress          ${rate(median(times.snappy))}`);
  console.log(`decode (plain labels)     ${rate(median(times.decodePlain))}`);
  console.log(
    `decode (cached labels)    ${rate(median(times.decodeInterned.slice(1)))} (first, cold: ${rate(times.decodeInterned[0] as number)})`,
  );
  console.log(`handleRemoteWrite (all: snappy, decode, validate, append, commit to a real DB)`);
  console.log(`  first request (creates ${SERIES} series): ${rate(times.handler[0] as number)}`);
  console.log(`  median of later requests:               ${rate(median(times.handler.slice(1)))}`);
}

await main();
