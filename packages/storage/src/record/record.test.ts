import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CorruptionError, StorageError } from '../errors.js';
import { isStaleNaN, STALE_NAN } from '../value.js';
import { encodeBatch } from './batch.js';
import { decodeRecord } from './decode.js';
import { encodeSeries } from './series.js';
import { encodeTombstones } from './tombstones.js';
import { type BatchRecord, RecordType } from './types.js';

function bitsOf(vs: Float64Array, i: number): string {
  const view = new DataView(vs.buffer, vs.byteOffset + i * 8, 8);
  return view.getBigUint64(0, true).toString(16);
}

function decodeBatch(bytes: Uint8Array): BatchRecord {
  const rec = decodeRecord(bytes);
  assert.equal(rec.type, 'batch');
  return rec as BatchRecord;
}

describe('batch record', () => {
  it('round-trips series, metadata and samples, including -0, ±Inf and the stale marker bits', () => {
    const series = [
      {
        ref: 1,
        labels: [
          { name: '__name__', value: 'up' },
          { name: 'job', value: 'api' },
        ],
      },
      {
        ref: 2 ** 40,
        labels: [
          { name: '__name__', value: 'température_°C' },
          { name: 'emoji', value: '🚀 ok' },
        ],
      },
    ];
    const metadata = [
      { metricName: 'up', type: 'gauge' as const, help: 'Is it up?', unit: '' },
      { metricName: 'température_°C', type: 'stateset' as const, help: 'ünïcode\nhelp', unit: 'celsius' },
    ];
    const refs = [1, 2 ** 40, 1, 7];
    const ts = [1_700_000_000_000, 1_699_999_999_000, 1_700_000_015_000, -5];
    const vs = [-0, STALE_NAN, Number.POSITIVE_INFINITY, -1.5e-300];
    const rec = decodeBatch(encodeBatch({ series, refs, ts, vs, metadata }));
    assert.deepEqual(rec.series, series);
    assert.deepEqual(rec.metadata, metadata);
    assert.deepEqual(Array.from(rec.refs), refs);
    assert.deepEqual(Array.from(rec.ts), ts);
    assert.ok(Object.is(rec.vs[0], -0));
    assert.ok(isStaleNaN(rec.vs[1] as number));
    assert.equal(bitsOf(rec.vs, 1), '7ff0000000000002');
    assert.equal(rec.vs[2], Number.POSITIVE_INFINITY);
    assert.equal(rec.vs[3], -1.5e-300);
  });

  it('writes the stale marker with Prometheus bits even when a plain array quieted it', () => {
    const quieted = new DataView(new ArrayBuffer(8));
    quieted.setBigUint64(0, 0x7ff8000000000002n);
    const rec = decodeBatch(encodeBatch({ refs: [3], ts: [0], vs: [quieted.getFloat64(0)] }));
    assert.equal(bitsOf(rec.vs, 0), '7ff0000000000002');
  });

  it('encodes an empty batch and one with only series', () => {
    const empty = decodeBatch(encodeBatch({ refs: [], ts: [], vs: [] }));
    assert.deepEqual([empty.series, empty.metadata, empty.refs.length], [[], [], 0]);
    const onlySeries = decodeBatch(
      encodeBatch({ series: [{ ref: 0, labels: [] }], refs: [], ts: [], vs: [] }),
    );
    assert.deepEqual(onlySeries.series, [{ ref: 0, labels: [] }]);
  });

  it('starts with the batch type id and spends about 12 bytes on a typical sample', () => {
    const n = 1000;
    const bytes = encodeBatch({
      refs: Array.from({ length: n }, (_, i) => 1000 + i),
      ts: Array.from({ length: n }, () => 1_700_000_000_000),
      vs: Array.from({ length: n }, (_, i) => i),
    });
    assert.equal(bytes[0], RecordType.Batch);
    assert.ok(bytes.length < n * 12 + 32, `${bytes.length} bytes`);
  });

  it('rejects columns of different lengths, bad refs, non-integer timestamps and unknown metric types', () => {
    const bad = [
      { refs: [1, 2], ts: [0], vs: [0] },
      { refs: [-1], ts: [0], vs: [0] },
      { refs: [1.5], ts: [0], vs: [0] },
      { refs: [1], ts: [0.5], vs: [0] },
      { refs: [1, 1], ts: [0, Number.NaN], vs: [0, 0] },
      { refs: [1, 1], ts: [0, 2 ** 53], vs: [0, 0] },
      {
        refs: [],
        ts: [],
        vs: [],
        metadata: [{ metricName: 'x', type: 'bogus' as never, help: '', unit: '' }],
      },
    ];
    for (const input of bad) {
      assert.throws(
        () => encodeBatch(input),
        (e: unknown) => e instanceof StorageError && e.code === 'TM_STORAGE_INVALID_SAMPLE',
      );
    }
  });
});

describe('series and tombstones records', () => {
  it('round-trip', () => {
    const series = [
      { ref: 5, labels: [{ name: '__name__', value: 'a' }] },
      {
        ref: 6,
        labels: [
          { name: '__name__', value: 'b' },
          { name: 'zh', value: '中文' },
        ],
      },
    ];
    assert.deepEqual(decodeRecord(encodeSeries(series)), { type: 'series', series });
    const tombstones = [
      { ref: 5, minTime: Number.NEGATIVE_INFINITY, maxTime: 1000 },
      { ref: 2 ** 50, minTime: -(2 ** 53), maxTime: Number.POSITIVE_INFINITY },
    ];
    assert.deepEqual(decodeRecord(encodeTombstones(tombstones)), { type: 'tombstones', tombstones });
  });

  it('rejects NaN tombstone bounds', () => {
    assert.throws(() => encodeTombstones([{ ref: 1, minTime: Number.NaN, maxTime: 0 }]), StorageError);
  });
});

describe('decodeRecord', () => {
  it('names the file and absolute offset of damage', () => {
    const bytes = encodeSeries([{ ref: 1, labels: [{ name: 'a', value: 'b' }] }]);
    const err = (() => {
      try {
        decodeRecord(bytes.subarray(0, bytes.length - 1), 'wal/00000003', 4096);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(err instanceof CorruptionError);
    assert.equal(err.file, 'wal/00000003');
    assert.ok(err.offset >= 4096 && err.offset <= 4096 + bytes.length, String(err.offset));
  });

  it('rejects an unknown type, type 0 and trailing bytes', () => {
    for (const bytes of [Uint8Array.of(99), Uint8Array.of(0, 0, 0), new Uint8Array(0)]) {
      assert.throws(() => decodeRecord(bytes), CorruptionError);
    }
    const ok = encodeTombstones([]);
    assert.throws(() => decodeRecord(Uint8Array.of(...ok, 0)), /unexpected bytes/);
  });
});
