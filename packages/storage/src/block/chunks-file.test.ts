import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { XorChunk } from '../chunkenc/xor.js';
import { CorruptionError, StorageError } from '../errors.js';
import { encodeFileHeader } from '../index/file-header.js';
import {
  CHUNKS_MAGIC,
  CHUNKS_VERSION,
  chunkRef,
  PAGE_HEADER_BYTES,
  PAGE_TARGET_BYTES,
  splitChunkRef,
} from './chunks-format.js';
import { ChunksFileReader } from './chunks-reader.js';
import { ChunksWriter } from './chunks-writer.js';
import { compressPage, decompressPage, PageCodec } from './page-codec.js';

let dir: string;
let n = 0;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tm-chunks-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));
const nextPath = (): string => join(dir, `chunks-${n++}`);

const samplesArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.double()), {
  minLength: 1,
  maxLength: 150,
});

function chunkOf(samples: readonly [number, number][]): XorChunk {
  const c = new XorChunk();
  let t = 1_700_000_000_000;
  for (const [dt, v] of samples) c.append((t += dt + 1), v);
  return c;
}

describe('chunks file', () => {
  it('round-trips chunks under every compression setting', () => {
    const settings = [
      { deflateLevel: 0, brotliQuality: 0 },
      { deflateLevel: 6, brotliQuality: 0 },
      { deflateLevel: 0, brotliQuality: 5 },
      { deflateLevel: 6, brotliQuality: 5 },
    ];
    fc.assert(
      fc.property(
        fc.array(samplesArb, { minLength: 1, maxLength: 30 }),
        fc.constantFrom(...settings),
        (runs, compression) => {
          const path = nextPath();
          const w = new ChunksWriter(path, compression);
          const chunks = runs.map(chunkOf);
          const refs = chunks.map((c) => w.add(c));
          w.finish();
          const r = new ChunksFileReader(path, 1);
          refs.forEach((ref, i) => {
            const got = r.chunk({ ref, minTime: 0, maxTime: 0, numSamples: 0 });
            assert.deepEqual(new Uint8Array(got.bytes()), new Uint8Array((chunks[i] as XorChunk).bytes()));
          });
          r.close();
          rmSync(path);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('packs consecutive chunks into pages of about 64 KiB, each chunk starting below 2^16', () => {
    const path = nextPath();
    const w = new ChunksWriter(path);
    const refs: number[] = [];
    for (let i = 0; i < 3000; i++)
      refs.push(
        w.add(
          chunkOf(
            Array.from(
              { length: 120 },
              (_, k) => [15_000 + ((i * k) % 50), Math.sin(i + k)] as [number, number],
            ),
          ),
        ),
      );
    w.finish();
    assert.ok(w.stats.pages >= 3, `pages: ${w.stats.pages}`);
    assert.ok(w.stats.rawBytes / w.stats.pages >= PAGE_TARGET_BYTES);
    for (const ref of refs) assert.ok(splitChunkRef(ref).inPage < 0x1_0000);
    assert.deepEqual(splitChunkRef(chunkRef(123_456_789, 65_535)), {
      pageOffset: 123_456_789,
      inPage: 65_535,
    });
    rmSync(path);
  });

  it('refs into garbage pages only ever throw a StorageError', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.array(fc.nat(2 ** 30), { maxLength: 5 }),
        (body, refs) => {
          const path = nextPath();
          writeFileSync(path, Buffer.concat([encodeFileHeader(CHUNKS_MAGIC, CHUNKS_VERSION), body]));
          const r = new ChunksFileReader(path);
          for (const ref of refs) {
            try {
              r.chunk({ ref, minTime: 0, maxTime: 0, numSamples: 0 });
            } catch (e) {
              assert.ok(e instanceof CorruptionError, String(e));
            }
          }
          r.close();
          rmSync(path);
        },
      ),
    );
  });

  it('pages with valid checksums but garbage content only ever throw a CorruptionError', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(0, 1, 2, 7),
        fc.nat(400),
        fc.uint8Array({ maxLength: 200 }),
        fc.nat(300),
        (codec, rawLength, stored, inPage) => {
          const page = new Uint8Array(PAGE_HEADER_BYTES + stored.length + 4);
          const view = new DataView(page.buffer);
          view.setUint8(0, codec);
          view.setUint32(1, codec === 0 ? stored.length : rawLength);
          view.setUint32(5, stored.length);
          page.set(stored, PAGE_HEADER_BYTES);
          view.setUint32(
            PAGE_HEADER_BYTES + stored.length,
            crc32(page.subarray(0, PAGE_HEADER_BYTES + stored.length)),
          );
          const path = nextPath();
          writeFileSync(path, Buffer.concat([encodeFileHeader(CHUNKS_MAGIC, CHUNKS_VERSION), page]));
          const r = new ChunksFileReader(path);
          try {
            const it = r
              .chunk({ ref: chunkRef(9, inPage), minTime: 0, maxTime: 0, numSamples: 0 })
              .iterator();
            while (it.next()) {}
          } catch (e) {
            assert.ok(e instanceof CorruptionError, String(e));
          }
          r.close();
          rmSync(path);
        },
      ),
    );
  });

  it('refuses a file that is not a chunks file, or from a future version', () => {
    const path = nextPath();
    writeFileSync(path, 'hello world');
    assert.throws(() => new ChunksFileReader(path), CorruptionError);
    writeFileSync(path, encodeFileHeader(CHUNKS_MAGIC, CHUNKS_VERSION + 1));
    assert.throws(
      () => new ChunksFileReader(path),
      (e: unknown) => e instanceof StorageError && e.code === 'TM_STORAGE_UNSUPPORTED_VERSION',
    );
  });
});

describe('page codec', () => {
  it('keeps the smallest form and always decodes back', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 2000 }),
          fc.string({ maxLength: 2000 }).map((s) => new TextEncoder().encode(s.repeat(3))),
        ),
        (raw) => {
          const { codec, stored } = compressPage(raw, { deflateLevel: 6, brotliQuality: 5 });
          assert.ok(stored.length <= raw.length);
          if (codec === PageCodec.RAW) assert.equal(stored, raw);
          assert.deepEqual(new Uint8Array(decompressPage(codec, stored, raw.length)), new Uint8Array(raw));
        },
      ),
      { numRuns: 50 },
    );
  });
});
