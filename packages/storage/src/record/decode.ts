// Dispatch on a record's first byte.

import { ByteReader } from '../encoding/bytes.js';
import { decodeBatchBody } from './batch.js';
import { decodeSeriesBody } from './series.js';
import { decodeTombstonesBody } from './tombstones.js';
import { RecordType, type WalRecord } from './types.js';

/**
 * Decodes one record. Anything malformed — an unknown type, a short or over-long body, bad UTF-8 —
 * throws a CorruptionError naming `file` and the byte offset (`offset` is where the record starts).
 */
export function decodeRecord(bytes: Uint8Array, file = '<record>', offset = 0): WalRecord {
  const r = new ByteReader(bytes, file, offset);
  const type = r.u8();
  let record: WalRecord;
  switch (type) {
    case RecordType.Batch:
      record = decodeBatchBody(r);
      break;
    case RecordType.Series:
      record = decodeSeriesBody(r);
      break;
    case RecordType.Tombstones:
      record = decodeTombstonesBody(r);
      break;
    default:
      r.pos = 0;
      return r.fail(`unknown record type ${type}`);
  }
  if (r.remaining !== 0) r.fail(`${r.remaining} unexpected bytes after the ${record.type} record`);
  return record;
}
