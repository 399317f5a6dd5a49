// The tombstones record: uvarint count, then per tombstone uvarint ref, f64 minTime, f64 maxTime.
// Times are float64 rather than varints so that open-ended deletions (±Infinity) need no sentinel.

import { type ByteReader, ByteWriter } from '../encoding/bytes.js';
import { StorageError } from '../errors.js';
import { checkRef } from './series.js';
import { type RecordTombstone, RecordType, type TombstonesRecord } from './types.js';

/** ref varint (>= 1 byte) + two float64s. */
const MIN_TOMBSTONE_BYTES = 17;

export function encodeTombstones(tombstones: readonly RecordTombstone[]): Uint8Array {
  const w = new ByteWriter(8 + tombstones.length * 20);
  w.u8(RecordType.Tombstones);
  w.uvarint(tombstones.length);
  for (const t of tombstones) {
    checkRef(t.ref);
    if (Number.isNaN(t.minTime) || Number.isNaN(t.maxTime)) {
      throw new StorageError('TM_STORAGE_INVALID_SAMPLE', `tombstone of series ${t.ref} has a NaN bound`);
    }
    w.uvarint(t.ref);
    w.f64(t.minTime);
    w.f64(t.maxTime);
  }
  return w.finish();
}

export function decodeTombstonesBody(r: ByteReader): TombstonesRecord {
  const count = r.uvarint();
  if (count * MIN_TOMBSTONE_BYTES > r.remaining) r.fail(`tombstone count ${count} exceeds the record`);
  const tombstones: RecordTombstone[] = [];
  for (let i = 0; i < count; i++) {
    const ref = r.uvarint();
    const minTime = r.f64();
    const maxTime = r.f64();
    if (Number.isNaN(minTime) || Number.isNaN(maxTime)) r.fail('tombstone bound is NaN');
    tombstones.push({ ref, minTime, maxTime });
  }
  return { type: 'tombstones', tombstones };
}
