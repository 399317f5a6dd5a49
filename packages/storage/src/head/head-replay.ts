// Rebuilding the head from the WAL at open (Prometheus's tsdb/head_wal.go). Records are the truth:
// a logged sample was accepted once, so replay does not apply the out-of-order window again — a
// sample newer than the series' last goes to the chunks, an older one to the out-of-order buffer,
// a repeated timestamp is skipped. Samples below minValidTime (set before replay to the newest
// block's end) are already in a block and are skipped.

import { decodeRecord } from '../record/decode.js';
import type { BatchRecord, RecordSeries, RecordTombstone, WalRecord } from '../record/types.js';
import type { Head } from './head.js';
import { MemSeries } from './mem-series.js';

export interface ReplayStats {
  readonly records: number;
  readonly seriesCreated: number;
  readonly samples: number;
  /** Samples or tombstones naming a series no earlier record defined (skipped with a warning). */
  readonly unknownRefs: number;
  /** Samples below minValidTime. */
  readonly skippedTooOld: number;
}

export function replayHead(head: Head): ReplayStats {
  const wal = head.wal;
  const replay = new Replay(head);
  if (wal !== undefined) wal.replay((bytes) => replay.visit(decodeRecord(bytes, 'WAL record')));
  return replay.finish();
}

class Replay {
  records = 0;
  seriesCreated = 0;
  samples = 0;
  unknownRefs = 0;
  skippedTooOld = 0;
  /** Refs whose labels an earlier record already gave another ref: both name the same series. */
  private readonly alias = new Map<number, MemSeries>();

  constructor(private readonly head: Head) {}

  visit(record: WalRecord): void {
    this.records++;
    switch (record.type) {
      case 'series':
        for (const s of record.series) this.define(s);
        break;
      case 'batch':
        this.batch(record);
        break;
      case 'tombstones':
        this.tombstones(record.tombstones);
        break;
    }
  }

  private define(rs: RecordSeries): void {
    const head = this.head;
    const existing = head.byLabels.get(rs.labels);
    if (existing !== undefined) {
      if (existing.ref !== rs.ref) this.alias.set(rs.ref, existing);
      return;
    }
    const clash = head.byRef.get(rs.ref);
    if (clash !== undefined) {
      head.logger.warn(
        `WAL replay: series ref ${rs.ref} defined twice with different labels; keeping the first`,
      );
      return;
    }
    const s = new MemSeries(rs.labels, head);
    s.ref = rs.ref;
    head.attach(s, false);
    this.seriesCreated++;
  }

  private series(ref: number): MemSeries | undefined {
    return this.head.byRef.get(ref) ?? this.alias.get(ref);
  }

  private batch(record: BatchRecord): void {
    const head = this.head;
    for (const s of record.series) this.define(s);
    for (const m of record.metadata)
      head.metadataByName.set(m.metricName, { type: m.type, help: m.help, unit: m.unit });
    const { refs, ts, vs } = record;
    const minValid = head.minValidTime;
    let s: MemSeries | undefined;
    let sRef = -1;
    for (let i = 0; i < refs.length; i++) {
      const ref = refs[i] as number;
      if (ref !== sRef) {
        s = this.series(ref);
        sRef = ref;
      }
      if (s === undefined) {
        this.unknownRefs++;
        continue;
      }
      const t = ts[i] as number;
      const v = vs[i] as number;
      if (t < minValid) {
        this.skippedTooOld++;
      } else if (t > s.lastT) {
        if (s.appendInOrder(t, v)) head.chunkCount++;
        s.setLast(t, v);
        this.samples++;
      } else if (t < s.lastT && s.valueAt(t) === undefined) {
        s.insertOoo(t, v);
        this.samples++;
      }
    }
  }

  private tombstones(list: readonly RecordTombstone[]): void {
    for (const t of list) {
      const s = this.series(t.ref);
      if (s === undefined) this.unknownRefs++;
      else this.head.deleted.add(s.ref, { minTime: t.minTime, maxTime: t.maxTime });
    }
  }

  /** Drops series left without samples and recomputes the head's bounds and counts. */
  finish(): ReplayStats {
    const head = this.head;
    let minT = Number.POSITIVE_INFINITY;
    let maxT = Number.NEGATIVE_INFINITY;
    let samples = 0;
    let chunks = 0;
    for (const s of head.byRef.values()) {
      if (s.numChunks === 0) {
        head.detach(s);
        continue;
      }
      chunks += s.numChunks;
      minT = Math.min(minT, s.minTime);
      maxT = Math.max(maxT, s.maxTime);
      samples += s.numSamples;
    }
    head.minTime = minT;
    head.maxTime = maxT;
    head.sampleCount = samples;
    head.chunkCount = chunks;
    head.open.maybeCompact();
    if (this.unknownRefs > 0) {
      head.logger.warn(
        `WAL replay: skipped ${this.unknownRefs} samples or tombstones of unknown series refs`,
      );
    }
    return {
      records: this.records,
      seriesCreated: this.seriesCreated,
      samples: this.samples,
      unknownRefs: this.unknownRefs,
      skippedTooOld: this.skippedTooOld,
    };
  }
}
