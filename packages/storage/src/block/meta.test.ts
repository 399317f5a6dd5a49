import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CorruptionError, StorageError } from '../errors.js';
import { BLOCK_VERSION, decodeMeta, encodeMeta, type StoredBlockMeta } from './meta.js';

const metaArb: fc.Arbitrary<StoredBlockMeta> = fc
  .record({
    ulid: fc.string(),
    minTime: fc.integer({ min: -1e13, max: 1e13 }),
    maxTime: fc.integer({ min: 1e13, max: 2e13 }),
    stats: fc.record({ numSeries: fc.nat(), numSamples: fc.nat(), numChunks: fc.nat() }),
    compaction: fc.record({ level: fc.nat(10), sources: fc.array(fc.string(), { maxLength: 4 }) }),
    resolutionMs: fc.nat(),
    version: fc.constant(BLOCK_VERSION),
    files: fc.array(fc.record({ name: fc.string(), sizeBytes: fc.nat() }), { maxLength: 3 }),
  })
  .map((m) => JSON.parse(JSON.stringify(m)) as StoredBlockMeta);

describe('meta.json', () => {
  it('round-trips', () => {
    fc.assert(
      fc.property(metaArb, (meta) => assert.deepEqual(decodeMeta(encodeMeta(meta), 'meta.json'), meta)),
    );
  });

  it('a flipped bit is a CorruptionError or changes nothing', () => {
    fc.assert(
      fc.property(metaArb, fc.nat(), fc.nat(7), (meta, at, bit) => {
        const bytes = encodeMeta(meta);
        const i = at % bytes.length;
        bytes[i] = (bytes[i] as number) ^ (1 << bit);
        try {
          assert.deepEqual(decodeMeta(bytes, 'meta.json'), meta);
        } catch (e) {
          assert.ok(e instanceof CorruptionError && e.file === 'meta.json', String(e));
        }
      }),
    );
  });

  it('garbage only ever throws a StorageError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array(),
          fc.json().map((j) => new TextEncoder().encode(j)),
        ),
        (bytes) => {
          try {
            decodeMeta(bytes, 'meta.json');
          } catch (e) {
            assert.ok(e instanceof StorageError, String(e));
          }
        },
      ),
    );
  });
});
