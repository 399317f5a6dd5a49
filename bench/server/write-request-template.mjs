// A prometheus.WriteRequest with one sample per TimeSeries (the shape Prometheus's queue sends),
// encoded once with the byte offset of every sample's value and timestamp, so later batches of the
// same series are made by patching numbers in place instead of encoding again. The load
// generator then pays only for snappy, as Prometheus's own sender does after its first batch.
//
// Wire layout (prompb): WriteRequest.timeseries = 1 (LEN); TimeSeries.labels = 1 (LEN),
// .samples = 2 (LEN); Label.name = 1, .value = 2 (LEN); Sample.value = 1 (fixed64 double),
// .timestamp = 2 (varint int64). Timestamps are always written as 6-byte varints, which is what
// every millisecond timestamp between 1971 and 2109 (2^35 .. 2^42) takes anyway, so the patched
// request is byte-identical to what encodeWriteRequest makes (checked in remote-write-load.mjs).

const TIMESTAMP_BYTES = 6;
const MIN_TIMESTAMP = 2 ** 35;
const MAX_TIMESTAMP = 2 ** 42;
const encoder = new TextEncoder();

function varintSize(v) {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

function writeVarint(buf, pos, v) {
  while (v >= 0x80) {
    buf[pos++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  buf[pos++] = v;
  return pos;
}

/** Writes `t` (ms, 2^35 <= t < 2^42) as a 6-byte varint at `pos`. */
export function writeTimestamp(buf, pos, t) {
  if (!(t >= MIN_TIMESTAMP && t < MAX_TIMESTAMP) || !Number.isInteger(t)) {
    throw new RangeError(`timestamp ${t} ms is outside what a 6-byte varint holds (2^35 .. 2^42)`);
  }
  for (let i = 0; i < TIMESTAMP_BYTES - 1; i++) {
    buf[pos + i] = (t % 128) | 0x80;
    t = Math.floor(t / 128);
  }
  buf[pos + TIMESTAMP_BYTES - 1] = t;
}

/** The label fields of one TimeSeries, `[[name, value], ...]` in wire order (sorted by name). */
export function encodeLabels(pairs) {
  const parts = [];
  let size = 0;
  for (const [name, value] of pairs) {
    const n = encoder.encode(name);
    const v = encoder.encode(value);
    const labelLen = 1 + varintSize(n.length) + n.length + 1 + varintSize(v.length) + v.length;
    parts.push({ n, v, labelLen });
    size += 1 + varintSize(labelLen) + labelLen;
  }
  const out = new Uint8Array(size);
  let p = 0;
  for (const { n, v, labelLen } of parts) {
    out[p++] = 0x0a;
    p = writeVarint(out, p, labelLen);
    out[p++] = 0x0a;
    p = writeVarint(out, p, n.length);
    out.set(n, p);
    p += n.length;
    out[p++] = 0x12;
    p = writeVarint(out, p, v.length);
    out.set(v, p);
    p += v.length;
  }
  return out;
}

const SAMPLE_BYTES = 1 + 8 + 1 + TIMESTAMP_BYTES;

/**
 * Encodes a WriteRequest of `series.length` TimeSeries, series i with the label fields
 * `series[i]` (from encodeLabels) and one sample (values[i], timestamps[i]). Returns the bytes, a
 * DataView on them and the offsets of each value (float64, little-endian) and timestamp.
 */
export function encodeOneSampleEach(series, values, timestamps) {
  let size = 0;
  const seriesLen = new Array(series.length);
  for (let i = 0; i < series.length; i++) {
    const len = series[i].length + 1 + 1 + SAMPLE_BYTES;
    seriesLen[i] = len;
    size += 1 + varintSize(len) + len;
  }
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  const valueAt = new Int32Array(series.length);
  const timestampAt = new Int32Array(series.length);
  let p = 0;
  for (let i = 0; i < series.length; i++) {
    bytes[p++] = 0x0a;
    p = writeVarint(bytes, p, seriesLen[i]);
    bytes.set(series[i], p);
    p += series[i].length;
    bytes[p++] = 0x12;
    bytes[p++] = SAMPLE_BYTES;
    bytes[p++] = 0x09;
    valueAt[i] = p;
    p += 8;
    bytes[p++] = 0x10;
    timestampAt[i] = p;
    p += TIMESTAMP_BYTES;
  }
  const template = { bytes, view, valueAt, timestampAt };
  if (values !== undefined) patch(template, values, timestamps);
  return template;
}

/** Overwrites every sample of `template` with values[i] / timestamps[i]. */
export function patch(template, values, timestamps) {
  const { bytes, view, valueAt, timestampAt } = template;
  for (let i = 0; i < valueAt.length; i++) {
    view.setFloat64(valueAt[i], values[i], true);
    writeTimestamp(bytes, timestampAt[i], timestamps[i]);
  }
}
