// Informal benchmark, not a test: what the merged series iterator costs on top of decoding the
// chunks themselves. Run: node packages/storage/dist/esm/querier/testing/merge-throughput.js

import { encodeSealed } from '../../chunkenc/sealed.js';
import type { Chunk, ChunkMeta } from '../../types.js';
import { ChunkSeriesIterator, type ChunkSeriesPart } from '../chunk-series-iterator.js';

const CHUNKS = 2000;
const PER_CHUNK = 120;

function chunks(offset: number): { metas: ChunkMeta[]; store: Chunk[] } {
  const ts = new Float64Array(PER_CHUNK);
  const vs = new Float64Array(PER_CHUNK);
  const metas: ChunkMeta[] = [];
  const store: Chunk[] = [];
  for (let c = 0; c < CHUNKS; c++) {
    for (let i = 0; i < PER_CHUNK; i++) {
      ts[i] = (c * PER_CHUNK + i) * 15_000 + offset;
      vs[i] = Math.round(Math.sin(c * PER_CHUNK + i) * 100);
    }
    store.push(encodeSealed(ts, vs, 0, PER_CHUNK));
    metas.push({
      ref: c,
      minTime: ts[0] as number,
      maxTime: ts[PER_CHUNK - 1] as number,
      numSamples: PER_CHUNK,
    });
  }
  return { metas, store };
}

/** Best of 15 runs after warming up: the machine is shared, the minimum is the stable figure. */
function time(label: string, samples: number, fn: () => number): void {
  for (let r = 0; r < 3; r++) fn();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 15; r++) {
    const start = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start));
  }
  console.log(`${label}: ${(best / samples).toFixed(1)} ns/sample`);
}

const a = chunks(0);
const b = chunks(7_500);
const part = (x: { metas: ChunkMeta[]; store: Chunk[] }): ChunkSeriesPart => ({
  chunkReader: { chunk: (m) => x.store[m.ref] as Chunk },
  chunks: x.metas,
  deleted: [],
});
const n = CHUNKS * PER_CHUNK;

time('chunk iterators alone', n, () => {
  let s = 0;
  for (const c of a.store) {
    const it = c.iterator();
    while (it.next()) s += it.v;
  }
  return s;
});
time('merged iterator, one part', n, () => {
  let s = 0;
  const it = new ChunkSeriesIterator([part(a)]);
  while (it.next()) s += it.v;
  return s;
});
time('merged iterator, two interleaved parts', 2 * n, () => {
  let s = 0;
  const it = new ChunkSeriesIterator([part(a), part(b)]);
  while (it.next()) s += it.v;
  return s;
});
