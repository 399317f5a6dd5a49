// The batch record: one appender commit (new series, metadata, samples), all-or-nothing on replay.
//
//   u8 type=2 | series list (series.ts) | uvarint metadata count, per entry: string metricName,
//   u8 metric type id, string help, string unit | uvarint sample count n | when n > 0:
//   f64 ts[0] | n × uvarint ref | n × zigzag varint (ts[i] - ts[0]) | n × f64 value (big-endian)
//
// The sample columns are written and read with hand-inlined loops: a 10k-sample scrape should cost
// a few tens of nanoseconds per sample, not the record layer's share of the whole 1 µs budget.

import { type ByteReader, ByteWriter } from '../encoding/bytes.js';
import { CorruptionError, StorageError } from '../errors.js';
import { isStaleNaN, STALE_NAN_HI, STALE_NAN_LO } from '../value.js';
import { checkRef, readSeriesList, writeSeriesList } from './series.js';
import {
  type BatchInput,
  type BatchRecord,
  METRIC_TYPE_IDS,
  type RecordMetadata,
  RecordType,
} from './types.js';
import { getUvarint, putUvarint, putVarint, unzigzag, varintValue } from './varint.js';

/** Largest timestamp distance from ts[0] whose zigzag form (< 2^53) is exact in a double. */
const MAX_DELTA = 2 ** 52 - 1;
/** Worst case per sample: 8-byte ref varint + 8-byte delta varint + 8-byte value. */
const MAX_SAMPLE_BYTES = 24;
/** Smallest per sample: 1-byte ref + 1-byte delta + 8-byte value. */
const MIN_SAMPLE_BYTES = 10;

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A buffer encodeBatch may write into and keep growing, for a caller that logs one record at a time. */
export interface RecordScratch {
  buf: Uint8Array;
}

/**
 * Encodes a batch record. With `scratch` the record is written into (and returned as a view of)
 * the scratch buffer, valid until the next call with the same scratch: for the appender, whose
 * WAL write copies the record out before returning.
 */
export function encodeBatch(batch: BatchInput, scratch?: RecordScratch): Uint8Array {
  const { refs, ts, vs } = batch;
  const n = refs.length;
  if (ts.length !== n || vs.length !== n) {
    throw new StorageError(
      'TM_STORAGE_INVALID_SAMPLE',
      `batch columns differ in length: ${n} refs, ${ts.length} timestamps, ${vs.length} values`,
    );
  }
  const head = new ByteWriter(64);
  head.u8(RecordType.Batch);
  writeSeriesList(head, batch.series ?? []);
  writeMetadataList(head, batch.metadata ?? []);
  head.uvarint(n);
  if (n === 0) return head.finish();

  const prefix = head.finish();
  const size = prefix.length + 8 + n * MAX_SAMPLE_BYTES;
  let out: Uint8Array;
  if (scratch === undefined) out = new Uint8Array(size);
  else {
    if (scratch.buf.length < size) scratch.buf = new Uint8Array(Math.max(size, scratch.buf.length * 2));
    out = scratch.buf;
  }
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  out.set(prefix);
  let pos = prefix.length;

  const base = ts[0] as number;
  if (!Number.isSafeInteger(base)) throw invalidTimestamp(0, base);
  view.setFloat64(pos, base);
  pos += 8;

  for (let i = 0; i < n; i++) {
    const ref = refs[i] as number;
    if ((ref & 0x7fff_ffff) !== ref) checkRef(ref);
    pos = putUvarint(out, pos, ref);
  }
  for (let i = 0; i < n; i++) {
    const d = (ts[i] as number) - base;
    if (!(d >= -MAX_DELTA && d <= MAX_DELTA && Math.floor(d) === d))
      throw invalidTimestamp(i, ts[i] as number);
    pos = putVarint(out, pos, d);
  }
  for (let i = 0; i < n; i++, pos += 8) {
    const v = vs[i] as number;
    if (isStaleNaN(v)) {
      view.setUint32(pos, STALE_NAN_HI);
      view.setUint32(pos + 4, STALE_NAN_LO);
    } else {
      view.setFloat64(pos, v);
    }
  }
  return out.subarray(0, pos);
}

function invalidTimestamp(i: number, t: number): StorageError {
  return new StorageError(
    'TM_STORAGE_INVALID_SAMPLE',
    `batch timestamp ${i} (${t}) must be an integer within 2^52 of the batch's first timestamp`,
  );
}

function writeMetadataList(w: ByteWriter, metadata: readonly RecordMetadata[]): void {
  w.uvarint(metadata.length);
  for (const m of metadata) {
    const typeId = METRIC_TYPE_IDS.indexOf(m.type);
    if (typeId < 0)
      throw new StorageError('TM_STORAGE_INVALID_SAMPLE', `unknown metric type ${JSON.stringify(m.type)}`);
    w.string(m.metricName);
    w.u8(typeId);
    w.string(m.help);
    w.string(m.unit);
  }
}

function readMetadataList(r: ByteReader): RecordMetadata[] {
  const count = r.uvarint();
  // name, type, help and unit take at least 4 bytes
  if (count * 4 > r.remaining) r.fail(`metadata count ${count} exceeds the record`);
  const out: RecordMetadata[] = [];
  for (let i = 0; i < count; i++) {
    const metricName = r.string();
    const typeId = r.u8();
    const type = METRIC_TYPE_IDS[typeId];
    if (type === undefined) {
      r.pos--;
      r.fail(`unknown metric type id ${typeId}`);
    }
    out.push({ metricName, type, help: r.string(), unit: r.string() });
  }
  return out;
}

export function decodeBatchBody(r: ByteReader): BatchRecord {
  const series = readSeriesList(r);
  const metadata = readMetadataList(r);
  const n = r.uvarint();
  if (n === 0)
    return {
      type: 'batch',
      series,
      metadata,
      refs: new Float64Array(0),
      ts: new Float64Array(0),
      vs: new Float64Array(0),
    };
  if (8 + n * MIN_SAMPLE_BYTES > r.remaining) r.fail(`sample count ${n} exceeds the record`);

  const base = r.f64();
  if (!Number.isSafeInteger(base)) {
    r.pos -= 8;
    r.fail(`first timestamp ${base} is not an integer`);
  }
  const buf = r.buf;
  const end = r.pos + r.remaining;
  let pos = r.pos;
  const fail = (what: string): never => {
    throw new CorruptionError(r.file, r.base + pos, what);
  };

  const refs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const next = getUvarint(buf, pos, end);
    if (next < 0) fail(`malformed ref of sample ${i}`);
    refs[i] = varintValue;
    pos = next;
  }
  const ts = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const next = getUvarint(buf, pos, end);
    if (next < 0) fail(`malformed timestamp of sample ${i}`);
    ts[i] = base + unzigzag(varintValue);
    pos = next;
  }
  if (end - pos !== n * 8) fail(`expected ${n * 8} bytes of values, found ${end - pos}`);
  const vs = new Float64Array(n);
  const dst = new Uint8Array(vs.buffer);
  // Copy bytes rather than going through numbers, so that every NaN payload arrives untouched.
  if (LITTLE_ENDIAN_HOST) {
    for (let o = 0; o < n * 8; o += 8, pos += 8) {
      dst[o] = buf[pos + 7] as number;
      dst[o + 1] = buf[pos + 6] as number;
      dst[o + 2] = buf[pos + 5] as number;
      dst[o + 3] = buf[pos + 4] as number;
      dst[o + 4] = buf[pos + 3] as number;
      dst[o + 5] = buf[pos + 2] as number;
      dst[o + 6] = buf[pos + 1] as number;
      dst[o + 7] = buf[pos] as number;
    }
  } else {
    dst.set(buf.subarray(pos, pos + n * 8));
    pos += n * 8;
  }
  r.pos = pos;
  return { type: 'batch', series, metadata, refs, ts, vs };
}
