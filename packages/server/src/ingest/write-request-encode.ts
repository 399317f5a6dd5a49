// Encodes prometheus.WriteRequest. Two passes: sizes first (every nested message is
// length-prefixed), then one exactly-sized buffer. Fields holding their proto3 default (0, '')
// are left out as Go's generated marshalers do, except -0, whose sign bit would otherwise be lost.

import { isStaleNaN, type Label } from '@telemeter/storage';
import { WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './proto-reader.js';
import {
  EXEMPLAR_LABELS,
  EXEMPLAR_TIMESTAMP,
  EXEMPLAR_VALUE,
  LABEL_NAME,
  LABEL_VALUE,
  METADATA_FAMILY_NAME,
  METADATA_HELP,
  METADATA_TYPE,
  METADATA_TYPES,
  METADATA_UNIT,
  SAMPLE_TIMESTAMP,
  SAMPLE_VALUE,
  TIMESERIES_EXEMPLARS,
  TIMESERIES_LABELS,
  TIMESERIES_SAMPLES,
  WRITE_REQUEST_METADATA,
  WRITE_REQUEST_TIMESERIES,
  type WriteMetadata,
  type WriteRequest,
} from './write-request.js';

const TWO_32 = 4294967296;

function varintSize(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

function checkTimestamp(t: number, what: string): void {
  if (!Number.isSafeInteger(t)) throw new RangeError(`${what}: timestamp ${t} is not a safe integer (ms)`);
}

/** Size of an int64 varint; negatives take the full 10 bytes (two's complement). */
function int64Size(t: number): number {
  return t < 0 ? 10 : varintSize(t);
}

function isPositiveZero(v: number): boolean {
  return v === 0 && 1 / v > 0;
}

class Sizes {
  readonly list: number[] = [];
  private read = 0;
  push(n: number): number {
    this.list.push(n);
    return n;
  }
  next(): number {
    return this.list[this.read++] as number;
  }
}

function stringField(s: string): number {
  if (s === '') return 0;
  const n = Buffer.byteLength(s, 'utf8');
  return 1 + varintSize(n) + n;
}

function labelSize(l: Label): number {
  return stringField(l.name) + stringField(l.value);
}

function sampleSize(value: number, timestamp: number): number {
  return (isPositiveZero(value) ? 0 : 9) + (timestamp === 0 ? 0 : 1 + int64Size(timestamp));
}

function labelsSize(labels: readonly Label[], sizes: Sizes): number {
  let n = 0;
  for (const l of labels) {
    const size = sizes.push(labelSize(l));
    n += 1 + varintSize(size) + size;
  }
  return n;
}

function metadataSize(m: WriteMetadata): number {
  const type = METADATA_TYPES.indexOf(m.type);
  if (type < 0)
    throw new RangeError(`metadata ${m.metricFamilyName}: unknown type ${JSON.stringify(m.type)}`);
  return (type === 0 ? 0 : 2) + stringField(m.metricFamilyName) + stringField(m.help) + stringField(m.unit);
}

class Writer {
  readonly buf: Buffer;
  private readonly view: DataView;
  pos = 0;
  constructor(size: number) {
    this.buf = Buffer.alloc(size);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, size);
  }
  varint(v: number): void {
    const buf = this.buf;
    while (v >= 0x80) {
      buf[this.pos++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    buf[this.pos++] = v;
  }
  key(field: number, wireType: number): void {
    this.varint((field << 3) | wireType);
  }
  int64(t: number): void {
    let hi = Math.floor(t / TWO_32);
    let lo = (t - hi * TWO_32) >>> 0;
    hi >>>= 0;
    const buf = this.buf;
    while (hi !== 0 || lo > 0x7f) {
      buf[this.pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    buf[this.pos++] = lo;
  }
  double(v: number): void {
    if (Number.isNaN(v) && isStaleNaN(v)) {
      // Prometheus's exact stale bits 0x7ff0000000000002, little-endian.
      this.view.setUint32(this.pos, 2, true);
      this.view.setUint32(this.pos + 4, 0x7ff00000, true);
    } else {
      this.view.setFloat64(this.pos, v, true);
    }
    this.pos += 8;
  }
  string(field: number, s: string): void {
    if (s === '') return;
    this.key(field, WIRE_LEN);
    this.varint(Buffer.byteLength(s, 'utf8'));
    this.pos += this.buf.write(s, this.pos, 'utf8');
  }
  sample(valueField: number, timestampField: number, value: number, timestamp: number): void {
    if (!isPositiveZero(value)) {
      this.key(valueField, WIRE_FIXED64);
      this.double(value);
    }
    if (timestamp !== 0) {
      this.key(timestampField, WIRE_VARINT);
      this.int64(timestamp);
    }
  }
  labels(field: number, labels: readonly Label[], sizes: Sizes): void {
    for (const l of labels) {
      this.key(field, WIRE_LEN);
      this.varint(sizes.next());
      this.string(LABEL_NAME, l.name);
      this.string(LABEL_VALUE, l.value);
    }
  }
}

/**
 * Encodes a prometheus.WriteRequest (uncompressed: pass the result to `snappyCompress` for a
 * remote-write body). Throws RangeError for a timestamp that is not a safe integer or an unknown
 * metadata type.
 */
export function encodeWriteRequest(req: WriteRequest): Uint8Array {
  const sizes = new Sizes();
  let total = 0;
  req.timeseries.forEach((ts, i) => {
    const slot = sizes.list.length;
    sizes.push(0);
    let n = labelsSize(ts.labels, sizes);
    for (const s of ts.samples) {
      checkTimestamp(s.timestamp, `timeseries[${i}]`);
      const size = sampleSize(s.value, s.timestamp);
      n += 1 + varintSize(size) + size;
    }
    for (const e of ts.exemplars ?? []) {
      checkTimestamp(e.timestamp, `timeseries[${i}] exemplar`);
      const exemplarSlot = sizes.list.length;
      sizes.push(0);
      const size = labelsSize(e.labels, sizes) + sampleSize(e.value, e.timestamp);
      sizes.list[exemplarSlot] = size;
      n += 1 + varintSize(size) + size;
    }
    sizes.list[slot] = n;
    total += 1 + varintSize(n) + n;
  });
  for (const m of req.metadata ?? []) {
    const n = sizes.push(metadataSize(m));
    total += 1 + varintSize(n) + n;
  }

  const w = new Writer(total);
  for (const ts of req.timeseries) {
    w.key(WRITE_REQUEST_TIMESERIES, WIRE_LEN);
    w.varint(sizes.next());
    w.labels(TIMESERIES_LABELS, ts.labels, sizes);
    for (const s of ts.samples) {
      w.key(TIMESERIES_SAMPLES, WIRE_LEN);
      w.varint(sampleSize(s.value, s.timestamp));
      w.sample(SAMPLE_VALUE, SAMPLE_TIMESTAMP, s.value, s.timestamp);
    }
    for (const e of ts.exemplars ?? []) {
      w.key(TIMESERIES_EXEMPLARS, WIRE_LEN);
      w.varint(sizes.next());
      w.labels(EXEMPLAR_LABELS, e.labels, sizes);
      w.sample(EXEMPLAR_VALUE, EXEMPLAR_TIMESTAMP, e.value, e.timestamp);
    }
  }
  for (const m of req.metadata ?? []) {
    w.key(WRITE_REQUEST_METADATA, WIRE_LEN);
    w.varint(sizes.next());
    const type = METADATA_TYPES.indexOf(m.type);
    if (type !== 0) {
      w.key(METADATA_TYPE, WIRE_VARINT);
      w.varint(type);
    }
    w.string(METADATA_FAMILY_NAME, m.metricFamilyName);
    w.string(METADATA_HELP, m.help);
    w.string(METADATA_UNIT, m.unit);
  }
  if (w.pos !== total) throw new Error(`encodeWriteRequest: wrote ${w.pos} bytes, sized ${total}`);
  return w.buf;
}
