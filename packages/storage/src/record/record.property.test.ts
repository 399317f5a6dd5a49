import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CorruptionError } from '../errors.js';
import { encodeBatch } from './batch.js';
import { decodeRecord } from './decode.js';
import { encodeSeries } from './series.js';
import { encodeTombstones } from './tombstones.js';
import { METRIC_TYPE_IDS, type RecordMetadata, type RecordSeries } from './types.js';

const ref = fc.oneof(fc.nat(1000), fc.maxSafeNat());
// fc.record builds null-prototype objects; decoded ones are plain, and deepEqual compares prototypes.
const plain = <T extends object>(o: T): T => ({ ...o });
const labels = fc.array(
  fc.record({ name: fc.string({ unit: 'grapheme' }), value: fc.string({ unit: 'grapheme' }) }).map(plain),
  { maxLength: 4 },
);
const series: fc.Arbitrary<RecordSeries[]> = fc.array(fc.record({ ref, labels }).map(plain), {
  maxLength: 4,
});
const metadata: fc.Arbitrary<RecordMetadata[]> = fc.array(
  fc
    .record({
      metricName: fc.string(),
      type: fc.constantFrom(...METRIC_TYPE_IDS),
      help: fc.string({ unit: 'grapheme' }),
      unit: fc.string(),
    })
    .map(plain),
  { maxLength: 3 },
);
const base = fc.integer({ min: -(2 ** 50), max: 2 ** 50 });
const samples = fc
  .tuple(
    base,
    fc.array(fc.tuple(ref, fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.double()), { maxLength: 50 }),
  )
  .map(([t0, rows]) => ({
    refs: rows.map((r) => r[0]),
    ts: rows.map((r, i) => (i === 0 ? t0 : t0 + r[1])),
    vs: rows.map((r) => r[2]),
  }));
const batch = fc
  .record({ series, metadata, samples })
  .map(({ series, metadata, samples }) => ({ series, metadata, ...samples }));
const tombstones = fc.array(
  fc.record({ ref, minTime: fc.double({ noNaN: true }), maxTime: fc.double({ noNaN: true }) }).map(plain),
  { maxLength: 5 },
);
const anyRecord = fc.oneof(
  batch.map(encodeBatch),
  series.map(encodeSeries),
  tombstones.map(encodeTombstones),
);

function onlyCorruption(bytes: Uint8Array): void {
  try {
    decodeRecord(bytes);
  } catch (e) {
    if (!(e instanceof CorruptionError)) throw e;
  }
}

describe('record codecs (property)', () => {
  it('batches round-trip (values bit-exact except non-stale NaN payloads)', () => {
    fc.assert(
      fc.property(batch, (input) => {
        const rec = decodeRecord(encodeBatch(input));
        assert.equal(rec.type, 'batch');
        if (rec.type !== 'batch') return;
        assert.deepEqual(rec.series, input.series);
        assert.deepEqual(rec.metadata, input.metadata);
        assert.deepEqual(Array.from(rec.refs), input.refs);
        assert.deepEqual(Array.from(rec.ts), input.ts);
        for (const [i, v] of input.vs.entries()) {
          assert.ok(Object.is(rec.vs[i], v), `value ${i}: ${v} vs ${rec.vs[i]}`);
        }
      }),
    );
  });

  it('series and tombstones round-trip', () => {
    fc.assert(
      fc.property(series, tombstones, (s, t) => {
        assert.deepEqual(decodeRecord(encodeSeries(s)), { type: 'series', series: s });
        assert.deepEqual(decodeRecord(encodeTombstones(t)), { type: 'tombstones', tombstones: t });
      }),
    );
  });

  it('every proper prefix of a record throws CorruptionError', () => {
    fc.assert(
      fc.property(anyRecord, (bytes) => {
        for (let cut = 0; cut < bytes.length; cut++) {
          assert.throws(() => decodeRecord(bytes.subarray(0, cut)), CorruptionError);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('bit-flipped records decode or throw CorruptionError, nothing else', () => {
    fc.assert(
      fc.property(anyRecord, fc.nat(), fc.integer({ min: 0, max: 7 }), (bytes, at, bit) => {
        if (bytes.length === 0) return;
        const copy = bytes.slice();
        const i = at % copy.length;
        copy[i] = (copy[i] as number) ^ (1 << bit);
        onlyCorruption(copy);
      }),
    );
  });

  it('random bytes only ever throw CorruptionError', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 1, 2, 3, 4), fc.uint8Array({ maxLength: 200 }), (type, rest) => {
        onlyCorruption(Uint8Array.of(type, ...rest));
        onlyCorruption(rest);
      }),
    );
  });
});
