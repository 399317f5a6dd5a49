import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STALE_NAN } from '../value.js';
import { chunkFromBytes, Encoding } from './encoding.js';
import { sampleCases } from './testing/cases.js';
import { assertSamples } from './testing/compare.js';
import { XorChunk } from './xor.js';

describe('XorChunk', () => {
  it('is empty when new, and its bytes decode to an empty chunk', () => {
    const c = new XorChunk();
    assert.equal(c.numSamples, 0);
    assert.equal(c.encoding, Encoding.XOR);
    assert.equal(c.iterator().next(), false);
    const stored = chunkFromBytes(Encoding.XOR, c.bytes());
    assert.equal(stored.numSamples, 0);
    const it = stored.iterator();
    assert.equal(it.next(), false);
    assert.equal(it.seek(0), false);
    assert.equal(it.err(), undefined);
  });

  it('an iterator sees exactly the samples present when it was created', () => {
    for (const tc of sampleCases()) {
      const c = new XorChunk();
      const iterators: { it: ReturnType<XorChunk['iterator']>; n: number; bytes: Uint8Array }[] = [];
      for (let i = 0; i < tc.ts.length; i++) {
        c.append(tc.ts[i]!, tc.vs[i]!);
        if (i % 7 === 0 || i === tc.ts.length - 1)
          iterators.push({ it: c.iterator(), n: i + 1, bytes: c.bytes() });
      }
      for (const { it, n, bytes } of iterators) {
        assertSamples(it, tc.ts, tc.vs, 0, n, `${tc.name} after ${n}`);
        // bytes() taken mid-append is a complete chunk of its own.
        assertSamples(
          XorChunk.fromBytes(bytes).iterator(),
          tc.ts,
          tc.vs,
          0,
          n,
          `${tc.name} bytes after ${n}`,
        );
      }
    }
  });

  it('keeps minTime and maxTime', () => {
    const c = new XorChunk();
    c.append(-5, 1);
    c.append(10, 2);
    c.append(1_000_000, 3);
    assert.equal(c.minTime, -5);
    assert.equal(c.maxTime, 1_000_000);
    const stored = XorChunk.fromBytes(c.bytes());
    assert.equal(stored.minTime, -5);
    assert.equal(stored.maxTime, 1_000_000);
  });

  it('a chunk loaded from bytes can be appended to', () => {
    for (const tc of sampleCases()) {
      if (tc.ts.length < 3) continue;
      const cut = Math.floor(tc.ts.length / 2);
      const first = new XorChunk();
      for (let i = 0; i < cut; i++) first.append(tc.ts[i]!, tc.vs[i]!);
      const loaded = XorChunk.fromBytes(first.bytes().slice());
      const before = loaded.iterator();
      for (let i = cut; i < tc.ts.length; i++) loaded.append(tc.ts[i]!, tc.vs[i]!);
      assertSamples(before, tc.ts, tc.vs, 0, cut, `${tc.name} iterator before appending`);
      assertSamples(loaded.iterator(), tc.ts, tc.vs, 0, tc.ts.length, tc.name);
      assert.equal(loaded.maxTime, tc.ts[tc.ts.length - 1]);
    }
  });

  it('writes the stale marker with Prometheus bits even after V8 quieted it', () => {
    const quieted = [STALE_NAN][0]!;
    const c = new XorChunk();
    c.append(1, quieted);
    const b = c.bytes();
    // count, zigzag varint t=1, then the 64 value bits 0x7ff0000000000002.
    assert.deepEqual([...b.subarray(2, 10)], [0x7f, 0xf0, 0, 0, 0, 0, 0, 2]);
  });

  it('grows its buffer modestly: a 120-sample scrape chunk stays small', () => {
    const c = new XorChunk();
    assert.ok(c.sizeBytes() < 512, `empty chunk ${c.sizeBytes()} B`);
    let v = 0;
    for (let i = 0; i < 120; i++) c.append(1_700_000_000_000 + i * 15_000, (v += i % 3));
    assert.ok(c.bytes().length < 200, `encoded ${c.bytes().length} B`);
    assert.ok(c.sizeBytes() < c.bytes().length * 2 + 450, `held ${c.sizeBytes()} B`);
    const exact = XorChunk.fromBytes(c.bytes());
    assert.ok(exact.sizeBytes() < c.bytes().length + 400, `exact copy ${exact.sizeBytes()} B`);
  });

  it('does not throw when samples arrive out of order (the head prevents it; the chunk stays readable)', () => {
    const c = new XorChunk();
    const ts = [100, 50, 50, 200, -7];
    const vs = [1, 2, 3, 4, 5];
    for (let i = 0; i < ts.length; i++) c.append(ts[i]!, vs[i]!);
    assertSamples(XorChunk.fromBytes(c.bytes()).iterator(), ts, vs);
  });
});
