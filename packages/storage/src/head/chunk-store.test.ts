import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { CorruptionError } from '../errors.js';
import { FileChunkStore, MemoryChunkStore } from './chunk-store.js';
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
