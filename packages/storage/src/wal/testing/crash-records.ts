// Records for the kill -9 test: batch record number `seq` is fully determined by `seq` (its first
// timestamp), so the test can check every replayed byte. A checkpoint stands in for the records
// it replaced with one series record whose ref says how many there were.

import { encodeBatch } from '../../record/batch.js';
import { decodeRecord } from '../../record/decode.js';
import { encodeSeries } from '../../record/series.js';
import { STALE_NAN } from '../../value.js';

const CHECKPOINT_LABEL = 'crash_test_checkpoint_upto';

export function crashRecord(seq: number): Uint8Array {
  const n = 1 + (seq % 23);
  const ts = Array.from({ length: n }, (_, i) => seq + i * 15_000);
  return encodeBatch({
    series:
      seq % 7 === 0
        ? [
            {
              ref: seq,
              labels: [
                { name: '__name__', value: 'crash_test' },
                { name: 'seq', value: String(seq) },
              ],
            },
          ]
        : [],
    refs: Array.from({ length: n }, (_, i) => (seq + i) % 97),
    ts,
    vs: ts.map((t, i) => (i === n - 1 && seq % 5 === 0 ? STALE_NAN : t / 3)),
  });
}

export function checkpointMarker(upto: number): Uint8Array {
  return encodeSeries([{ ref: upto, labels: [{ name: CHECKPOINT_LABEL, value: 'x' }] }]);
}

/**
 * Checks the replayed records: an optional checkpoint marker covering 0..upto-1, then whole,
 * exact crash records numbered upto, upto+1, ... Returns the number of records covered.
 */
export function verifyCrashLog(records: readonly Uint8Array[]): number {
  let next = 0;
  for (const [i, bytes] of records.entries()) {
    const rec = decodeRecord(bytes);
    if (rec.type === 'series') {
      if (i !== 0 || rec.series[0]?.labels[0]?.name !== CHECKPOINT_LABEL)
        throw new Error(`unexpected series record at ${i}`);
      next = rec.series[0].ref;
      continue;
    }
    if (rec.type !== 'batch') throw new Error(`unexpected ${rec.type} record at ${i}`);
    const seq = rec.ts[0] as number;
    if (seq !== next) throw new Error(`record ${i} is number ${seq}, expected ${next}`);
    const expected = crashRecord(seq);
    if (bytes.length !== expected.length || !expected.every((b, k) => bytes[k] === b)) {
      throw new Error(`record ${seq} differs from what was logged`);
    }
    next++;
  }
  return next;
}
