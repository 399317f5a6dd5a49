// The series record, and the series list it shares with the batch record:
//   uvarint count, then per series: uvarint ref, uvarint label count, (string name, string value)...

import { type ByteReader, ByteWriter } from '../encoding/bytes.js';
import { StorageError } from '../errors.js';
import type { Label } from '../types.js';
import { type RecordSeries, RecordType, type SeriesRecord } from './types.js';

export function encodeSeries(series: readonly RecordSeries[]): Uint8Array {
  const w = new ByteWriter(64 + series.length * 64);
  w.u8(RecordType.Series);
  writeSeriesList(w, series);
  return w.finish();
}

export function writeSeriesList(w: ByteWriter, series: readonly RecordSeries[]): void {
  w.uvarint(series.length);
  for (const s of series) {
    checkRef(s.ref);
    w.uvarint(s.ref);
    w.uvarint(s.labels.length);
    for (const l of s.labels) {
      w.string(l.name);
      w.string(l.value);
    }
  }
}

/** Reads a series list; each series takes at least 2 bytes, so a count beyond that is corruption. */
export function readSeriesList(r: ByteReader): RecordSeries[] {
  const count = r.uvarint();
  if (count * 2 > r.remaining) r.fail(`series count ${count} exceeds the record`);
  const out: RecordSeries[] = [];
  for (let i = 0; i < count; i++) {
    const ref = r.uvarint();
    const numLabels = r.uvarint();
    if (numLabels * 2 > r.remaining) r.fail(`label count ${numLabels} exceeds the record`);
    const labels: Label[] = [];
    for (let j = 0; j < numLabels; j++) labels.push({ name: r.string(), value: r.string() });
    out.push({ ref, labels });
  }
  return out;
}

export function decodeSeriesBody(r: ByteReader): SeriesRecord {
  return { type: 'series', series: readSeriesList(r) };
}

/** Refs are non-negative integers that fit the 8-byte varints readers accept. */
export function checkRef(ref: number): void {
  if (!(ref >= 0 && ref <= Number.MAX_SAFE_INTEGER && Math.floor(ref) === ref)) {
    throw new StorageError(
      'TM_STORAGE_INVALID_SAMPLE',
      `series ref must be a non-negative safe integer, got ${ref}`,
    );
  }
}
