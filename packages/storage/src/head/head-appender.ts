// Batched appends (Prometheus's headAppender, tsdb/head_append.go). append() only buffers; commit()
// runs synchronously up to the WAL write — validate every sample in batch order, write one batch
// record, apply it to memory — and only then awaits durability. Because nothing awaits before the
// apply, two commits never interleave their validation, and memory always matches what the WAL
// holds at the end of each tick.

import { StorageError } from '../errors.js';
import { encodeBatch, type RecordScratch } from '../record/batch.js';
import { METRIC_TYPE_IDS, type RecordMetadata, type RecordSeries } from '../record/types.js';
import type { Appender, CommitResult, Labels, MetricMetadata } from '../types.js';
import { isStaleNaN } from '../value.js';
import { emptyRejections, isValidTimestamp, sameValue } from './append-policy.js';
import type { Head } from './head.js';
import { MemSeries } from './mem-series.js';
import { SeriesByLabels } from './series-by-labels.js';

const NO_SAMPLES = new Float64Array(0);
const IN_ORDER = 0;
const OUT_OF_ORDER = 1;

// Scratch of the synchronous part of commit, shared by all appenders (commits never interleave it).
let acceptedIdx = new Int32Array(1024);
let acceptedKind = new Uint8Array(1024);

/** The record buffer of the last commit, reused by the next (the WAL copies a record out in log()). */
const recordScratch: RecordScratch = { buf: new Uint8Array(0) };
let refsScratch = new Float64Array(0);

/** Sample buffers of a finished appender, handed to the next one (a scrape loop's batches are alike). */
interface SampleBuffers {
  targets: MemSeries[];
  ts: Float64Array;
  vs: Float64Array;
}
let spareBuffers: SampleBuffers | undefined;

/** Bytes held by the buffers appenders share (reported in the head's memory estimate). */
export function appenderScratchBytes(): number {
  const spare = spareBuffers;
  const samples = spare === undefined ? 0 : spare.targets.length * 8 + spare.ts.byteLength * 2;
  return samples + recordScratch.buf.byteLength + refsScratch.byteLength + acceptedIdx.byteLength * 1.25;
}

function reserveScratch(n: number): void {
  if (acceptedIdx.length >= n) return;
  let cap = acceptedIdx.length;
  while (cap < n) cap *= 2;
  acceptedIdx = new Int32Array(cap);
  acceptedKind = new Uint8Array(cap);
}

function appenderDone(): StorageError {
  return new StorageError(
    'TM_STORAGE_APPENDER_DONE',
    'this appender was already committed or rolled back; take a new one',
  );
}

export class HeadAppender implements Appender {
  private readonly head: Head;
  /** Series of sample i: a committed series, or one this batch would create (ref 0). */
  private targets: MemSeries[];
  private ts: Float64Array;
  private vs: Float64Array;
  private n = 0;
  /** Series new to this batch. */
  private pending: SeriesByLabels<MemSeries> | undefined;
  private meta: Map<string, MetricMetadata> | undefined;
  private done = false;

  constructor(head: Head) {
    this.head = head;
    // Sized like the previous batch: a scrape loop's batches are all about the same size.
    const size = Math.max(16, Math.min(head.batchSizeHint, 1 << 20));
    const spare = spareBuffers;
    if (spare !== undefined && spare.ts.length >= size) {
      spareBuffers = undefined;
      this.targets = spare.targets;
      this.ts = spare.ts;
      this.vs = spare.vs;
    } else {
      this.targets = new Array<MemSeries>(size);
      this.ts = new Float64Array(size);
      this.vs = new Float64Array(size);
    }
  }

  append(labels: Labels, t: number, v: number): void {
    if (this.done) throw appenderDone();
    const s = this.head.lookup(labels) ?? this.pendingSeries(labels);
    this.push(s, t, v);
  }

  /**
   * Appends to the series `ref` (from `head.getRef`), skipping the labels lookup. Returns false and
   * buffers nothing when no series has that ref (any more): fall back to `append(labels, ...)`.
   */
  appendRef(ref: number, t: number, v: number): boolean {
    if (this.done) throw appenderDone();
    const s = this.head.byRef.get(ref);
    if (s === undefined) return false;
    this.push(s, t, v);
    return true;
  }

  setMetadata(metricName: string, metadata: MetricMetadata): void {
    if (this.done) throw appenderDone();
    if (!METRIC_TYPE_IDS.includes(metadata.type)) {
      throw new StorageError(
        'TM_STORAGE_INVALID_SAMPLE',
        `unknown metric type ${JSON.stringify(metadata.type)} for ${metricName}`,
      );
    }
    (this.meta ??= new Map()).set(metricName, {
      type: metadata.type,
      help: metadata.help,
      unit: metadata.unit,
    });
  }

  rollback(): void {
    if (this.done) throw appenderDone();
    this.release();
  }

  async commit(): Promise<CommitResult> {
    if (this.done) throw appenderDone();
    this.done = true;
    let result: Promise<CommitResult> | CommitResult;
    try {
      result = this.commitSync();
    } finally {
      this.release();
    }
    return result;
  }

  private release(): void {
    this.done = true;
    if (this.ts.length > 0 && (spareBuffers === undefined || spareBuffers.ts.length < this.ts.length)) {
      this.targets.fill(undefined as unknown as MemSeries, 0, this.n);
      spareBuffers = { targets: this.targets, ts: this.ts, vs: this.vs };
    }
    this.targets = [];
    this.ts = this.vs = NO_SAMPLES;
    this.pending = undefined;
    this.meta = undefined;
    this.n = 0;
  }

  private push(s: MemSeries, t: number, v: number): void {
    const n = this.n;
    if (n === this.ts.length) this.grow();
    // Non-numbers would be coerced by the typed arrays; a NaN timestamp makes the sample `invalid`.
    this.ts[n] = typeof t === 'number' && typeof v === 'number' ? t : Number.NaN;
    this.vs[n] = v;
    this.targets[n] = s;
    this.n = n + 1;
  }

  private grow(): void {
    const ts = new Float64Array(this.ts.length * 2);
    const vs = new Float64Array(this.vs.length * 2);
    ts.set(this.ts);
    vs.set(this.vs);
    this.ts = ts;
    this.vs = vs;
  }

  private pendingSeries(labels: Labels): MemSeries {
    const pending = (this.pending ??= new SeriesByLabels());
    let s = pending.get(labels);
    if (s === undefined) {
      s = new MemSeries(labels, this.head);
      pending.add(s);
    }
    return s;
  }

  /** Where sample data for `s` goes now: another commit may have created it or truncate removed it. */
  private resolve(s: MemSeries, redirect: Map<MemSeries, MemSeries> | undefined): MemSeries {
    if (s.ref === 0) return redirect?.get(s) ?? s;
    return this.head.byLabels.get(s.labels) ?? this.pendingSeries(s.labels);
  }

  /** Everything up to the WAL write and the apply runs synchronously; only durability is awaited. */
  private commitSync(): Promise<CommitResult> | CommitResult {
    const head = this.head;
    const { targets, ts, vs, n } = this;
    const epoch = ++head.epoch;
    const minValid = head.minValidTime;
    const window = head.oooWindowMs;
    const rejected = emptyRejections();
    head.batchSizeHint = n;
    let redirect: Map<MemSeries, MemSeries> | undefined;
    if (this.pending !== undefined) {
      for (const s of this.pending.values()) {
        const existing = head.byLabels.get(s.labels);
        if (existing !== undefined) (redirect ??= new Map()).set(s, existing);
      }
    }
    reserveScratch(n);
    const idx = acceptedIdx;
    const kind = acceptedKind;
    const created: MemSeries[] = [];
    let k = 0;
    let maxT = head.maxTime;
    let minT = head.minTime;
    // Accepted sample indices per series, built only once a batch has an out-of-order candidate.
    let bySeries: Map<MemSeries, number[]> | undefined;

    for (let i = 0; i < n; i++) {
      let s = targets[i] as MemSeries;
      if (s.ref === 0 ? redirect !== undefined : s.removed) targets[i] = s = this.resolve(s, redirect);
      const t = ts[i] as number;
      if (!isValidTimestamp(t)) {
        rejected.invalid++;
        continue;
      }
      if (t < minValid) {
        rejected.too_old++;
        continue;
      }
      const v = vs[i] as number;
      if (t > s.lastT) {
        if (s.epoch !== epoch) {
          s.epoch = epoch;
          if (s.ref === 0) created.push(s);
        }
        s.lastT = t;
        s.lastV = v;
        s.lastStale = Number.isNaN(v) && isStaleNaN(v);
        idx[k] = i;
        kind[k++] = IN_ORDER;
        if (t > maxT) maxT = t;
        if (t < minT) minT = t;
        if (bySeries !== undefined) addTo(bySeries, s, i);
        continue;
      }
      if (t === s.lastT) {
        if (!s.isLastValue(v)) rejected.duplicate++;
        continue;
      }
      if (window === 0 || t < maxT - window) {
        rejected.out_of_order++;
        continue;
      }
      if (bySeries === undefined) bySeries = indexAccepted(targets, idx, k);
      const earlier = findAt(bySeries.get(s), ts, t);
      const existing = earlier >= 0 ? vs[earlier] : s.valueAt(t);
      if (existing !== undefined) {
        if (!sameValue(existing, v)) rejected.duplicate++;
        continue;
      }
      idx[k] = i;
      kind[k++] = OUT_OF_ORDER;
      if (t < minT) minT = t;
      addTo(bySeries, s, i);
    }

    const metadata = this.changedMetadata();
    if (k === 0 && metadata.length === 0) {
      head.countCommit(0, 0, rejected);
      return { appended: 0, seriesCreated: 0, rejected };
    }

    let nextRef = head.nextRef;
    for (const s of created) s.ref = nextRef++;
    let durable: Promise<void> | undefined;
    if (head.wal !== undefined) {
      try {
        durable = head.wal.log(this.encode(created, metadata, k));
      } catch (err) {
        this.undo(created, k, epoch);
        throw err;
      }
    }

    // Apply: nothing below can fail, so memory ends up exactly as the record says.
    if (this.pending !== undefined)
      for (const s of this.pending.values()) if (s.ref !== 0) head.attach(s, true);
    let cuts = 0;
    for (let j = 0; j < k; j++) {
      const i = idx[j] as number;
      const s = targets[i] as MemSeries;
      if (kind[j] !== IN_ORDER) s.insertOoo(ts[i] as number, vs[i] as number);
      else if (s.appendInOrder(ts[i] as number, vs[i] as number)) cuts++;
    }
    head.open.maybeCompact();
    head.sampleCount += k;
    head.chunkCount += cuts;
    if (k > 0) {
      head.minTime = minT;
      head.maxTime = maxT;
    }
    for (const m of metadata)
      head.metadataByName.set(m.metricName, { type: m.type, help: m.help, unit: m.unit });
    head.countCommit(k, created.length, rejected);
    const result: CommitResult = { appended: k, seriesCreated: created.length, rejected };
    return durable === undefined ? result : durable.then(() => result);
  }

  private encode(created: readonly MemSeries[], metadata: readonly RecordMetadata[], k: number): Uint8Array {
    const { targets, ts, vs, n } = this;
    if (refsScratch.length < k) refsScratch = new Float64Array(Math.max(k, refsScratch.length * 2));
    const refs = refsScratch.subarray(0, k);
    let sts: Float64Array;
    let svs: Float64Array;
    if (k === n) {
      for (let i = 0; i < n; i++) refs[i] = (targets[i] as MemSeries).ref;
      sts = ts.subarray(0, n);
      svs = vs.subarray(0, n);
    } else {
      sts = new Float64Array(k);
      svs = new Float64Array(k);
      for (let j = 0; j < k; j++) {
        const i = acceptedIdx[j] as number;
        refs[j] = (targets[i] as MemSeries).ref;
        sts[j] = ts[i] as number;
        svs[j] = vs[i] as number;
      }
    }
    const series: RecordSeries[] = created.map((s) => ({ ref: s.ref, labels: s.labels }));
    // A batch that creates series carries their labels: a one-off size not worth keeping a buffer for.
    const scratch = series.length === 0 ? recordScratch : undefined;
    return encodeBatch({ series, refs, ts: sts, vs: svs, metadata }, scratch);
  }

  /** A failed WAL write: put back the policy state validation moved forward; memory is untouched. */
  private undo(created: readonly MemSeries[], k: number, epoch: number): void {
    for (const s of created) s.ref = 0;
    for (let j = 0; j < k; j++) {
      const s = this.targets[acceptedIdx[j] as number] as MemSeries;
      if (s.epoch !== epoch || s.ref === 0) continue;
      s.epoch = 0;
      s.restoreLast();
    }
  }

  private changedMetadata(): RecordMetadata[] {
    const out: RecordMetadata[] = [];
    if (this.meta === undefined) return out;
    for (const [metricName, m] of this.meta) {
      const old = this.head.metadataByName.get(metricName);
      if (old !== undefined && old.type === m.type && old.help === m.help && old.unit === m.unit) continue;
      out.push({ metricName, type: m.type, help: m.help, unit: m.unit });
    }
    return out;
  }
}

function indexAccepted(targets: readonly MemSeries[], idx: Int32Array, k: number): Map<MemSeries, number[]> {
  const m = new Map<MemSeries, number[]>();
  for (let j = 0; j < k; j++) addTo(m, targets[idx[j] as number] as MemSeries, idx[j] as number);
  return m;
}

function addTo(m: Map<MemSeries, number[]>, s: MemSeries, i: number): void {
  const list = m.get(s);
  if (list === undefined) m.set(s, [i]);
  else list.push(i);
}

function findAt(list: readonly number[] | undefined, ts: Float64Array, t: number): number {
  if (list !== undefined) for (const i of list) if (ts[i] === t) return i;
  return -1;
}
