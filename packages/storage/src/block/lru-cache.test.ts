import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { PageCache } from './lru-cache.js';

const page = (bytes: number, tag = 0): Uint8Array => new Uint8Array(bytes).fill(tag);

describe('shared page cache', () => {
  it('keeps the most recently used pages within its byte budget', () => {
    const cache = new PageCache(300);
    const a = cache.register(100)!;
    const b = cache.register(100)!;
    cache.set(a, 0, page(100, 1));
    cache.set(b, 0, page(100, 2));
    cache.set(a, 100, page(100, 3));
    assert.equal(cache.get(a, 0)?.[0], 1); // a:0 is now the most recent
    cache.set(b, 100, page(100, 4)); // evicts b:0, the least recent
    assert.equal(cache.get(b, 0), undefined);
    assert.deepEqual([cache.get(a, 0)?.[0], cache.get(a, 100)?.[0], cache.get(b, 100)?.[0]], [1, 3, 4]);
    assert.equal(cache.sizeBytes, 300);
    cache.setMaxBytes(100);
    assert.equal(cache.size, 1);
    assert.equal(cache.get(b, 100)?.[0], 4);
  });

  it('holds each owner to its own page limit and tells owners apart', () => {
    const cache = new PageCache(1 << 20);
    const small = cache.register(2)!;
    const big = cache.register(100)!;
    for (let i = 0; i < 5; i++) {
      cache.set(small, i, page(10, i));
      cache.set(big, i, page(10, 100 + i));
    }
    assert.equal(small.count, 2);
    assert.deepEqual([cache.get(small, 3)?.[0], cache.get(small, 4)?.[0]], [3, 4]);
    assert.equal(cache.get(small, 2), undefined);
    for (let i = 0; i < 5; i++) assert.equal(cache.get(big, i)?.[0], 100 + i);
  });

  it('drops an owner’s pages when it is released and reuses its slot', () => {
    const cache = new PageCache(1 << 20);
    const a = cache.register(10)!;
    const b = cache.register(10)!;
    cache.set(a, 7, page(10, 1));
    cache.set(b, 7, page(10, 2));
    cache.release(a);
    assert.equal(cache.size, 1);
    const c = cache.register(10)!;
    assert.equal(c.slot, a.slot);
    assert.equal(cache.get(c, 7), undefined);
    assert.equal(cache.get(b, 7)?.[0], 2);
  });

  it('agrees with a model under any sequence of operations', () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('set' as const),
        owner: fc.nat(2),
        offset: fc.nat(5),
        bytes: fc.integer({ min: 1, max: 60 }),
      }),
      fc.record({ kind: fc.constant('get' as const), owner: fc.nat(2), offset: fc.nat(5) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), fc.integer({ min: 1, max: 4 }), (ops, maxPages) => {
        const cache = new PageCache(150);
        const owners = [cache.register(maxPages)!, cache.register(maxPages)!, cache.register(maxPages)!];
        // Model: least recent first.
        let model: { owner: number; offset: number; bytes: number; tag: number }[] = [];
        let tag = 0;
        for (const o of ops) {
          const i = model.findIndex((e) => e.owner === o.owner && e.offset === o.offset);
          if (o.kind === 'get') {
            const got = cache.get(owners[o.owner]!, o.offset);
            assert.equal(got?.[0], i < 0 ? undefined : model[i]!.tag);
            if (i >= 0) model.push(...model.splice(i, 1));
            continue;
          }
          tag = (tag + 1) % 256;
          cache.set(owners[o.owner]!, o.offset, page(o.bytes, tag));
          if (i >= 0) model.splice(i, 1);
          const mine = model.filter((e) => e.owner === o.owner);
          if (mine.length >= maxPages) model.splice(model.indexOf(mine[0]!), 1);
          model.push({ owner: o.owner, offset: o.offset, bytes: o.bytes, tag });
          while (model.reduce((s, e) => s + e.bytes, 0) > 150) model = model.slice(1);
          assert.equal(cache.size, model.length);
        }
      }),
    );
  });
});
