// Test-only: deterministic series with real XOR chunks, shaped like scraped data (counters,
// gauges, a few stale markers), sorted by labels as writeBlock requires.

import { XorChunk } from '../../chunkenc/xor.js';
import { compareLabels, normalizeLabels } from '../../labels/labels.js';
import type { Labels } from '../../types.js';
import { STALE_NAN } from '../../value.js';
import type { BlockSeriesInput } from '../write-block.js';

export interface SyntheticSeries extends BlockSeriesInput {
  /** Every sample, for comparing what is read back. */
  readonly samples: { t: number[]; v: number[] };
}

/** A small PRNG so data is the same on every run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function syntheticSeries(opts: {
  numSeries: number;
  minTime: number;
  samplesPerSeries: number;
  intervalMs?: number;
  samplesPerChunk?: number;
  seed?: number;
}): SyntheticSeries[] {
  const rnd = mulberry32(opts.seed ?? 1);
  const interval = opts.intervalMs ?? 15_000;
  const perChunk = opts.samplesPerChunk ?? 120;
  const out: SyntheticSeries[] = [];
  for (let i = 0; i < opts.numSeries; i++) {
    const labels: Labels = normalizeLabels({
      __name__: i % 3 === 0 ? 'http_requests_total' : i % 3 === 1 ? 'process_resident_memory_bytes' : 'up',
      instance: `api-${String(i % 50).padStart(3, '0')}:3000`,
      job: 'node-api',
      shard: String(Math.floor(i / 150)),
      ...(i % 7 === 0 ? { route: `/r${i % 5}` } : {}),
    });
    const t: number[] = [];
    const v: number[] = [];
    let value = i % 3 === 1 ? 50e6 : 0;
    for (let k = 0; k < opts.samplesPerSeries; k++) {
      t.push(opts.minTime + k * interval + Math.floor(rnd() * 50));
      if (i % 3 === 0) value += Math.floor(rnd() * 20);
      else if (i % 3 === 1) value = 50e6 + Math.round(rnd() * 1e5) * 4096;
      else value = rnd() < 0.02 ? 0 : 1;
      v.push(k === opts.samplesPerSeries - 1 && i % 11 === 0 ? STALE_NAN : value);
    }
    const chunks = [];
    for (let k = 0; k < t.length; k += perChunk) {
      const c = new XorChunk();
      const end = Math.min(k + perChunk, t.length);
      for (let j = k; j < end; j++) c.append(t[j] as number, v[j] as number);
      chunks.push({ chunk: c, minTime: t[k] as number, maxTime: t[end - 1] as number });
    }
    out.push({ labels, chunks, samples: { t, v } });
  }
  // Label sets are distinct: i mod 3, i mod 50 and floor(i / 150) together identify i.
  return out.sort((a, b) => compareLabels(a.labels, b.labels));
}
