import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ByteArena, blockBytes, classFor, PAGE_BYTES } from './byte-arena.js';

interface Held {
  page: number;
  off: number;
  cls: number;
  fill: number;
}

function write(arena: ByteArena, b: Held): void {
  (arena.pages[b.page] as Uint8Array).fill(b.fill, b.off, b.off + blockBytes(b.cls));
}

function check(arena: ByteArena, b: Held): void {
  const bytes = (arena.pages[b.page] as Uint8Array).subarray(b.off, b.off + blockBytes(b.cls));
  assert.ok(
    bytes.every((x) => x === b.fill),
    `block ${b.page}:${b.off} (${blockBytes(b.cls)} B) was overwritten`,
  );
}

describe('ByteArena', () => {
  it('sizes classes in steps of 1.5x and 1.33x from 16 bytes', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map(blockBytes), [16, 24, 32, 48, 64, 96, 128]);
    assert.equal(classFor(1), 0);
    assert.equal(classFor(17), 1);
    assert.equal(classFor(1000), classFor(1024));
    assert.equal(blockBytes(classFor(1000)), 1024);
  });

  it('hands out zero-filled, disjoint blocks and reuses released ones', () => {
    const arena = new ByteArena();
    const a = arena.alloc(2);
    const pa = arena.page;
    (arena.pages[pa] as Uint8Array).fill(7, a, a + 32);
    arena.release(pa, a, 2);
    const b = arena.alloc(2);
    assert.equal(b, a, 'the released block is reused');
    assert.ok((arena.pages[arena.page] as Uint8Array).subarray(b, b + 32).every((x) => x === 0));
    assert.equal(arena.liveBytes, 32);
  });

  it('keeps every live block intact through allocation, release, growth and compaction', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            { weight: 5, arbitrary: fc.record({ op: fc.constant('alloc' as const), cls: fc.nat(12) }) },
            { weight: 3, arbitrary: fc.record({ op: fc.constant('free' as const), pick: fc.nat() }) },
            { weight: 1, arbitrary: fc.record({ op: fc.constant('compact' as const) }) },
          ),
          { maxLength: 200 },
        ),
        (ops) => {
          const arena = new ByteArena();
          let held: Held[] = [];
          let fill = 1;
          for (const o of ops) {
            if (o.op === 'alloc') {
              const off = arena.alloc(o.cls);
              const b = { page: arena.page, off, cls: o.cls, fill: (fill++ % 255) + 1 };
              assert.ok(
                (arena.pages[b.page] as Uint8Array)
                  .subarray(off, off + blockBytes(o.cls))
                  .every((x) => x === 0),
              );
              write(arena, b);
              held.push(b);
            } else if (o.op === 'free' && held.length > 0) {
              const i = o.pick % held.length;
              const b = held[i] as Held;
              arena.release(b.page, b.off, b.cls);
              held.splice(i, 1);
            } else if (o.op === 'compact') {
              const moved: Held[] = [];
              arena.compact((move) => {
                for (const b of held) {
                  const off = move(b.page, b.off, b.cls, blockBytes(b.cls));
                  moved.push({ ...b, page: arena.page, off });
                }
              });
              held = moved;
            }
            for (const b of held) check(arena, b);
            assert.equal(
              arena.liveBytes,
              held.reduce((n, b) => n + blockBytes(b.cls), 0),
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives memory back by compaction once most blocks are released', () => {
    const arena = new ByteArena();
    const blocks: [number, number][] = [];
    for (let i = 0; i < 20_000; i++) blocks.push([arena.alloc(6), arena.page]);
    assert.ok(arena.capacity > PAGE_BYTES / 2);
    for (const [off, page] of blocks.slice(100)) arena.release(page, off, 6);
    assert.equal(arena.wantsCompaction(), true);
    arena.compact((move) => {
      for (const [off, page] of blocks.slice(0, 100)) move(page, off, 6, 128);
    });
    assert.equal(arena.liveBytes, 100 * 128);
    assert.ok(arena.capacity <= 4 * 100 * 128, `capacity ${arena.capacity}`);
    assert.equal(arena.wantsCompaction(), false);
  });
});
