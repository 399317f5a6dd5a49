import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { PageCache } from '../block/lru-cache.js';
import { CorruptionError } from '../errors.js';
import { FileChunkStore, HEAD_PAGE_BYTES, MemoryChunkStore } from './chunk-store.js';
import { removeDir, tempDir } from './testing/head-fixtures.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) removeDir(d);
});

function newDir(): string {
  const d = tempDir();
  dirs.push(d);
  return path.join(d, 'chunks_head');
}

const payload = fc.uint8Array({ minLength: 1, maxLength: 3000 });

describe('FileChunkStore', () => {
  it('reads back every chunk, buffered or written, across file rotations', () => {
    fc.assert(
      fc.property(
        fc.array(payload, { maxLength: 80 }),
        fc.constantFrom(2000, 10_000, 1 << 20),
        (chunks, fileBytes) => {
          const dir = newDir();
          const store = FileChunkStore.open(dir, fileBytes);
          try {
            const pos = chunks.map((c) => store.put(c));
            for (const [i, c] of chunks.entries()) assert.deepEqual(store.get(pos[i] as number, c.length), c);
          } finally {
            store.close();
          }
          assert.equal(fs.existsSync(dir), false, 'close() removes the files');
        },
      ),
      { numRuns: 60 },
    );
  });

  it('empties its directory at open: the WAL, not the files, is the truth', () => {
    const dir = newDir();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, '000000'), 'stale bytes from the last run');
    fs.writeFileSync(path.join(dir, '000007'), 'more');
    const store = FileChunkStore.open(dir);
    assert.deepEqual(fs.readdirSync(dir), ['000000']);
    assert.equal(fs.statSync(path.join(dir, '000000')).size, 0);
    store.close();
  });

  it('deletes an emptied file at the second sweep after, so readers of the first can finish', () => {
    const dir = newDir();
    const store = FileChunkStore.open(dir, 1000);
    const chunk = new Uint8Array(600).fill(3);
    const a = store.put(chunk);
    const b = store.put(chunk); // starts file 1
    store.put(chunk); // starts file 2
    assert.deepEqual(fs.readdirSync(dir).sort(), ['000000', '000001', '000002']);
    store.release(a);
    store.sweep();
    assert.deepEqual(store.get(a, 600), chunk, 'still readable after the sweep in which it was released');
    store.sweep();
    assert.deepEqual(fs.readdirSync(dir).sort(), ['000001', '000002']);
    assert.throws(() => store.get(a, 600), CorruptionError);
    assert.deepEqual(store.get(b, 600), chunk);
    store.close();
  });

  it('never deletes the file being written, even when all its chunks are released', () => {
    const dir = newDir();
    const store = FileChunkStore.open(dir);
    const pos = store.put(new Uint8Array([1, 2, 3]));
    store.release(pos);
    store.sweep();
    store.sweep();
    assert.deepEqual(fs.readdirSync(dir), ['000000']);
    const again = store.put(new Uint8Array([4, 5]));
    assert.deepEqual(store.get(again, 2), new Uint8Array([4, 5]));
    store.close();
  });
});

/** One step of a store's life: keep a chunk, release one, sweep, or read one. */
type Op =
  | { readonly kind: 'put'; readonly bytes: Uint8Array }
  | { readonly kind: 'release' | 'get'; readonly pick: number }
  | { readonly kind: 'sweep' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: payload.map((bytes) => ({ kind: 'put' as const, bytes })) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ kind: 'release' as const, pick })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'sweep' as const }) },
  { weight: 4, arbitrary: fc.nat().map((pick) => ({ kind: 'get' as const, pick })) },
);

describe('FileChunkStore page cache', () => {
  it('reads what the uncached store reads, over random puts, releases, sweeps and rotations', () => {
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 150 }),
        fc.constantFrom(5000, 100_000, 1 << 20),
        fc.constantFrom(0, HEAD_PAGE_BYTES, 4 * HEAD_PAGE_BYTES, 64 << 20),
        (ops, fileBytes, budget) => {
          const cache = new PageCache(budget);
          const cached = FileChunkStore.open(newDir(), fileBytes, cache);
          const plain = FileChunkStore.open(newDir(), fileBytes, null);
          const live: { a: number; b: number; bytes: Uint8Array }[] = [];
          const check = (c: (typeof live)[number]) => {
            assert.deepEqual(cached.get(c.a, c.bytes.length), c.bytes);
            assert.deepEqual(plain.get(c.b, c.bytes.length), c.bytes);
          };
          try {
            for (const o of ops) {
              if (o.kind === 'put')
                live.push({ a: cached.put(o.bytes), b: plain.put(o.bytes), bytes: o.bytes });
              else if (o.kind === 'sweep') {
                cached.sweep();
                plain.sweep();
              } else if (live.length > 0) {
                const i = o.pick % live.length;
                const c = live[i]!;
                if (o.kind === 'get') {
                  // Twice: the second read of a page may come from the cache.
                  check(c);
                  check(c);
                } else {
                  cached.release(c.a);
                  plain.release(c.b);
                  live.splice(i, 1);
                }
              }
              assert.ok(cache.sizeBytes <= budget, 'the cache keeps to its budget');
            }
            for (const c of live) check(c);
          } finally {
            cached.close();
            plain.close();
          }
          assert.equal(cache.size, 0, 'close() drops every cached page');
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reads a page whole at the second miss in it, and again once the file has grown past it', () => {
    const cache = new PageCache(64 << 20);
    const store = FileChunkStore.open(newDir(), 1 << 20, cache);
    // 50-byte chunks at offsets 50k: the write buffer is flushed at 65,500 and 131,000, so page 1
    // ([65,536, 131,072)) is flushed up to 131,000 and the chunk at 131,000 is still buffered.
    const chunk = (k: number) => new Uint8Array(50).fill(k & 255);
    const pos = Array.from({ length: 2621 }, (_, k) => store.put(chunk(k)));
    assert.equal(pos[2620], 131_000);
    const inPage1 = 1320; // offset 66,000
    assert.deepEqual(store.get(pos[inPage1]!, 50), chunk(inPage1));
    assert.equal(cache.size, 0, 'a first miss reads the chunk alone');
    assert.deepEqual(store.get(pos[inPage1 + 1]!, 50), chunk(inPage1 + 1));
    assert.equal(cache.size, 1, 'the second miss in the page caches it');
    assert.equal(cache.sizeBytes, 131_000 - HEAD_PAGE_BYTES, 'only the flushed part of the page');
    for (let k = 0; k < 1400; k++) store.put(chunk(2621 + k)); // flushes the chunk at 131,000
    assert.deepEqual(store.get(pos[2620]!, 50), chunk(2620), 'a chunk flushed after the page was cached');
    assert.equal(cache.sizeBytes, HEAD_PAGE_BYTES, 'the page was read again, whole');
    for (const [k, p] of pos.entries()) assert.deepEqual(store.get(p, 50), chunk(k));
    store.close();
  });

  it('drops the pages of a deleted file, and starts empty when reopened', () => {
    const cache = new PageCache(64 << 20);
    const dir = newDir();
    const store = FileChunkStore.open(dir, 100_000, cache);
    const pos = Array.from({ length: 300 }, (_, k) => store.put(new Uint8Array(1000).fill(k)));
    // Files 0 and 1 are full (100 chunks each) and flushed; read file 0 twice to cache it.
    for (let k = 0; k < 100; k++) store.get(pos[k]!, 1000);
    for (let k = 0; k < 100; k++) store.get(pos[k]!, 1000);
    assert.ok(cache.size >= 1);
    const held = cache.size;
    for (let k = 0; k < 100; k++) store.release(pos[k]!);
    store.sweep();
    store.sweep();
    assert.equal(fs.existsSync(path.join(dir, '000000')), false);
    assert.ok(cache.size < held, 'the pages of the deleted file left the cache');
    assert.throws(() => store.get(pos[0]!, 1000), CorruptionError);
    store.close();
    assert.equal(cache.size, 0);

    // Reopened (as after a restart or crash), the same positions name new bytes.
    const again = FileChunkStore.open(dir, 100_000, cache);
    const fresh = Array.from({ length: 150 }, (_, k) => again.put(new Uint8Array(1000).fill(200 - k)));
    assert.equal(fresh[0], pos[0]);
    for (let round = 0; round < 2; round++) {
      for (const [k, p] of fresh.entries())
        assert.deepEqual(again.get(p, 1000), new Uint8Array(1000).fill(200 - k));
    }
    again.close();
  });
});

describe('MemoryChunkStore', () => {
  it('keeps chunks by position and reuses released positions', () => {
    const store = new MemoryChunkStore();
    const a = store.put(new Uint8Array([1]));
    const b = store.put(new Uint8Array([2, 2]));
    assert.deepEqual(store.get(b), new Uint8Array([2, 2]));
    const held = store.memoryBytes();
    store.release(a);
    assert.ok(store.memoryBytes() < held);
    assert.equal(store.put(new Uint8Array([9])), a);
  });
});
