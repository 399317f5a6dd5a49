import type { BlockChunkInput } from '../block/write-block.js';
import { encodeSealed } from '../chunkenc/sealed.js';
import type { Chunk, SampleIterator } from '../types.js';

/** Samples per sealed chunk unless told otherwise (the DB's `sealedSamplesPerChunk` default). */
export const DEFAULT_SAMPLES_PER_CHUNK = 480;

/** Encodes a finished run of samples [start, end) of parallel arrays into one chunk. */
export type SealChunk = (ts: Float64Array, vs: Float64Array, start: number, end: number) => Chunk;

/** The default: whichever encoding is smallest for the run (chunkenc/sealed.ts). It copies what it needs. */
export const sealSmallest: SealChunk = encodeSealed;

/**
 * Re-encodes one series' samples into chunks of `samplesPerChunk` samples. Works through
 * `samplesPerChunk` samples at a time, so only the encoded chunks of the series are held.
 * Values go through a Float64Array, which keeps the stale marker's bits. Iteration errors throw:
 * a compaction must not write a block with data silently missing.
 */
export class Rechunker {
  private readonly ts: Float64Array;
  private readonly vs: Float64Array;

  constructor(
    private readonly samplesPerChunk: number,
    private readonly seal: SealChunk,
  ) {
    this.ts = new Float64Array(samplesPerChunk);
    this.vs = new Float64Array(samplesPerChunk);
  }

  chunks(it: SampleIterator): BlockChunkInput[] {
    const out: BlockChunkInput[] = [];
    const { ts, vs, samplesPerChunk } = this;
    let n = 0;
    while (it.next()) {
      ts[n] = it.t;
      vs[n] = it.v;
      if (++n === samplesPerChunk) {
        out.push(this.sealRun(n));
        n = 0;
      }
    }
    const e = it.err();
    if (e !== undefined) throw e;
    if (n > 0) out.push(this.sealRun(n));
    return out;
  }

  private sealRun(n: number): BlockChunkInput {
    return {
      chunk: this.seal(this.ts, this.vs, 0, n),
      minTime: this.ts[0] as number,
      maxTime: this.ts[n - 1] as number,
    };
  }
}

/** Splits samples [0, length) of parallel arrays into sealed chunks of `samplesPerChunk` samples. */
export function sealRuns(
  ts: Float64Array,
  vs: Float64Array,
  length: number,
  samplesPerChunk: number,
  seal: SealChunk,
): BlockChunkInput[] {
  const out: BlockChunkInput[] = [];
  for (let start = 0; start < length; start += samplesPerChunk) {
    const end = Math.min(length, start + samplesPerChunk);
    out.push({
      chunk: seal(ts, vs, start, end),
      minTime: ts[start] as number,
      maxTime: ts[end - 1] as number,
    });
  }
  return out;
}
