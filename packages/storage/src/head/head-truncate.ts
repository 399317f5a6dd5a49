// Truncation after a block cut, and the WAL checkpoint that goes with it (Prometheus's
// Head.Truncate + wlog.Checkpoint).
//
// The checkpoint replaces every segment written so far, and those segments also hold samples at or
// above mint that no block has yet. Prometheus re-reads the old segments and keeps those samples;
// here the head's memory is exactly what those segments hold (commits write and apply in one tick),
// so the checkpoint is written from memory: every surviving series with its samples, the metadata
// and the tombstones. Samples go out in time order per series, so replay appends them in order.

import { encodeBatch } from '../record/batch.js';
import { encodeTombstones } from '../record/tombstones.js';
import type { RecordMetadata, RecordSeries, RecordTombstone } from '../record/types.js';
import type { Head } from './head.js';
import { mergedChunk } from './head-chunks.js';

/** Keeps each checkpoint record around a megabyte or two. */
const SAMPLES_PER_RECORD = 65_536;
const SERIES_PER_RECORD = 8_192;
const TOMBSTONES_PER_RECORD = 65_536;

export async function truncateHead(head: Head, mint: number): Promise<void> {
  head.setMinValidTime(mint);
  let minT = Number.POSITIVE_INFINITY;
  let maxT = Number.NEGATIVE_INFINITY;
  let samples = 0;
  let chunks = 0;
  for (const s of head.byRef.values()) {
    if (!s.truncateBefore(mint)) {
      head.detach(s);
      continue;
    }
    chunks += s.numChunks;
    minT = Math.min(minT, s.minTime);
    maxT = Math.max(maxT, s.maxTime);
    // What lies below the bound in a chunk kept whole is counted in the block it went to.
    samples += s.numSamples - s.countBefore(head.minValidTime);
  }
  // Samples below the bound in a chunk kept whole are in a block now: the head no longer claims them,
  // or the next block cut would start below it and write them again.
  head.minTime = Math.max(minT, head.minValidTime);
  head.maxTime = maxT;
  head.sampleCount = samples;
  head.chunkCount = chunks;
  head.deleted.truncateBefore(mint);
  head.closed.sweep();
  head.open.maybeCompact();

  const wal = head.wal;
  if (wal === undefined) return;
  // Cut, then dump, with no await between: the dump is exactly the content of segments <= last.
  const { last } = wal.segmentRange();
  wal.cutSegment();
  await wal.checkpoint(last, checkpointRecords(head));
}

/** The whole head as WAL records: batches of series and their samples, metadata, tombstones. */
export function checkpointRecords(head: Head): Uint8Array[] {
  const records: Uint8Array[] = [];
  let series: RecordSeries[] = [];
  // Reused for every record: encodeBatch copies the columns into the bytes it returns.
  const refs = new Float64Array(SAMPLES_PER_RECORD);
  const ts = new Float64Array(SAMPLES_PER_RECORD);
  const vs = new Float64Array(SAMPLES_PER_RECORD);
  let n = 0;
  const flush = (): void => {
    if (n === 0 && series.length === 0) return;
    records.push(
      encodeBatch({ series, refs: refs.subarray(0, n), ts: ts.subarray(0, n), vs: vs.subarray(0, n) }),
    );
    series = [];
    n = 0;
  };
  const minValid = head.minValidTime;
  for (const s of head.byRef.values()) {
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
  }
  flush();

  const metadata: RecordMetadata[] = [];
  for (const [metricName, m] of head.metadataByName) metadata.push({ metricName, ...m });
  if (metadata.length > 0) records.push(encodeBatch({ metadata, refs: [], ts: [], vs: [] }));

  let tombstones: RecordTombstone[] = [];
  for (const t of head.deleted.entries()) {
    tombstones.push(t);
    if (tombstones.length === TOMBSTONES_PER_RECORD) {
      records.push(encodeTombstones(tombstones));
      tombstones = [];
    }
  }
  if (tombstones.length > 0) records.push(encodeTombstones(tombstones));
  return records;
}
