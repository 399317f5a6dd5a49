// Truncation after a block cut, and the WAL checkpoint that goes with it (Prometheus's
// Head.Truncate + wlog.Checkpoint). Both run in slices between which appends, commits and queries
// get the event loop, so a 100k-series head is cut without a long stall.
//
// First the head drops what lies below mint, series by series (head counts are adjusted by each
// series' difference, so commits that land meanwhile keep theirs). Then it cuts a WAL segment N and
// checkpoints segments <= N from memory: Prometheus re-reads the old segments instead, but here
// memory holds everything they hold at or above minValidTime (commits write and apply in one tick).
// Commits that land while the checkpoint is built go to segments > N, and a series' records may
// already include some of them; replay is idempotent for those (a sample at a timestamp it already
// holds is skipped, a series defined twice with the same ref is one, tombstones merge), so
// checkpoint + later segments replay to exactly the head. Each series is read in one piece, so
// every series' records match one moment of it.

import { encodeBatch } from '../record/batch.js';
import { encodeTombstones } from '../record/tombstones.js';
import type { RecordMetadata, RecordSeries, RecordTombstone } from '../record/types.js';
import type { Interval } from '../types.js';
import type { Head } from './head.js';
import { mergedChunk } from './head-chunks.js';
import type { MemSeries } from './mem-series.js';

/** Longest run of work between two turns of the event loop. */
const DEFAULT_TRUNCATE_SLICE_MS = 10;
/** Records of about a megabyte; a record of series takes ~3 ms to encode. */
const SAMPLES_PER_RECORD = 65_536;
const SERIES_PER_RECORD = 1024;
const TOMBSTONES_PER_RECORD = 16_384;

/** Long work cut into slices; setImmediate because only a macrotask lets I/O and timers in. */
class Slices {
  private start = performance.now();

  constructor(private readonly sliceMs: number) {}

  due(): boolean {
    return performance.now() - this.start >= this.sliceMs;
  }

  async pause(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.start = performance.now();
  }
}

export async function truncateHead(
  head: Head,
  mint: number,
  sliceMs = DEFAULT_TRUNCATE_SLICE_MS,
): Promise<void> {
  const slices = new Slices(sliceMs);
  head.setMinValidTime(mint);
  await dropBefore(head, mint, slices);
  const wal = head.wal;
  if (wal === undefined) return;
  // Everything in segments <= last is in memory now; what commits write from here on goes after it.
  const { last } = wal.segmentRange();
  wal.cutSegment();
  await wal.checkpoint(last, checkpointRecords(head, slices));
}

/**
 * Drops chunks that end below mint and series left without data, series by series. A series is
 * handled in one piece, and its share of the head's counts is replaced by what it claims after.
 */
async function dropBefore(head: Head, mint: number, slices: Slices): Promise<void> {
  const minValid = head.minValidTime;
  const countedFrom = head.samplesCountedFrom;
  let minT = Number.POSITIVE_INFINITY;
  for (const s of head.byRef.values()) {
    // The Map iterator also visits series that commits create while this runs, and skips removed ones.
    const claimedSamples = s.numSamples - s.countBefore(countedFrom);
    const chunks = s.numChunks;
    if (!s.truncateBefore(mint)) {
      head.detach(s);
      head.sampleCount -= claimedSamples;
      head.chunkCount -= chunks;
    } else {
      // What lies below the bound in a chunk kept whole is counted in the block it went to.
      head.sampleCount += s.numSamples - s.countBefore(minValid) - claimedSamples;
      head.chunkCount += s.numChunks - chunks;
      minT = Math.min(minT, s.minTime);
      dropTombstonesBefore(head, s, mint);
    }
    if (slices.due()) await slices.pause();
  }
  // From here to the end nothing awaits, so the iteration above has seen every series.
  head.samplesCountedFrom = minValid;
  if (head.byRef.size === 0) {
    head.minTime = Number.POSITIVE_INFINITY;
    head.maxTime = Number.NEGATIVE_INFINITY;
  } else {
    // A series visited early can have taken an out-of-order sample older than its minimum since;
    // in-order samples only ever come after a series' last one. (maxTime needs nothing: commits
    // raise it, and a series holding it ends at or above mint, so it stays.)
    if (head.oooWindowMs > 0) {
      for (const s of head.byRef.values()) if (s.ooo !== undefined) minT = Math.min(minT, s.ooo.minTime);
    }
    // Samples below the bound in a chunk kept whole are in a block now: the head no longer claims them,
    // or the next block cut would start below it and write them again.
    head.minTime = Math.max(minT, minValid);
  }
  head.closed.sweep();
  head.open.maybeCompact();
}

function dropTombstonesBefore(head: Head, s: MemSeries, mint: number): void {
  const list = head.deleted.get(s.ref);
  // Intervals are sorted and disjoint: when the first one reaches mint, all do.
  if (list.length === 0 || (list[0] as Interval).maxTime >= mint) return;
  head.deleted.delete(s.ref);
  for (const iv of list) if (iv.maxTime >= mint) head.deleted.add(s.ref, iv);
}

/**
 * The head as WAL records, built in slices: batches of series and their samples at or above
 * minValidTime, then metadata, then tombstones.
 */
async function* checkpointRecords(head: Head, slices: Slices): AsyncGenerator<Uint8Array> {
  const ready: Uint8Array[] = [];
  let series: RecordSeries[] = [];
  // Reused for every record: encodeBatch copies the columns into the bytes it returns.
  const refs = new Float64Array(SAMPLES_PER_RECORD);
  const ts = new Float64Array(SAMPLES_PER_RECORD);
  const vs = new Float64Array(SAMPLES_PER_RECORD);
  let n = 0;
  const flush = (): void => {
    if (n === 0 && series.length === 0) return;
    ready.push(
      encodeBatch({ series, refs: refs.subarray(0, n), ts: ts.subarray(0, n), vs: vs.subarray(0, n) }),
    );
    series = [];
    n = 0;
  };
  const minValid = head.minValidTime;
  for (const s of head.byRef.values()) {
    // One series is read without a pause, so its records hold it as of one moment.
    if (series.length >= SERIES_PER_RECORD) flush();
    series.push({ ref: s.ref, labels: s.labels });
    for (let i = 0; i < s.numChunks; i++) {
      const it = mergedChunk(s, i).iterator();
      // A chunk straddling minValidTime is kept whole in memory; what lies below is in a block.
      for (let ok = it.seek(minValid); ok; ok = it.next()) {
        if (n === SAMPLES_PER_RECORD) flush();
        refs[n] = s.ref;
        ts[n] = it.t;
        vs[n++] = it.v;
      }
      const err = it.err();
      if (err !== undefined) throw err;
    }
    if (ready.length > 0) yield* ready.splice(0);
    if (slices.due()) await slices.pause();
  }
  flush();
  // Every series with a smaller ref is in the records above (truncation is over, nothing else
  // removes series); tombstones of later ones are in the segments after the checkpoint.
  const refLimit = head.nextRef;

  const metadata: RecordMetadata[] = [];
  for (const [metricName, m] of head.metadataByName) metadata.push({ metricName, ...m });
  if (metadata.length > 0) ready.push(encodeBatch({ metadata, refs: [], ts: [], vs: [] }));
  yield* ready.splice(0);

  let tombstones: RecordTombstone[] = [];
  for (const [ref, intervals] of head.deleted.entries()) {
    if (ref < refLimit)
      for (const iv of intervals) tombstones.push({ ref, minTime: iv.minTime, maxTime: iv.maxTime });
    if (tombstones.length >= TOMBSTONES_PER_RECORD) {
      yield encodeTombstones(tombstones);
      tombstones = [];
    }
    if (slices.due()) await slices.pause();
  }
  if (tombstones.length > 0) yield encodeTombstones(tombstones);
}
