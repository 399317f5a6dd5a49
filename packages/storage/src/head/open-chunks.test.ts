import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { XorChunk } from '../chunkenc/xor.js';
import { isStaleNaN, STALE_NAN } from '../value.js';
import { OpenChunks } from './open-chunks.js';

const value = fc.oneof(
  fc.double(),
  fc.integer({ min: -1000, max: 1000 }),
  fc.constantFrom(STALE_NAN, -0, Number.POSITIVE_INFINITY, 0.1, 1e300),
);
/** Gaps from regular scrapes to wild jumps, so every delta-of-delta bucket is used. */
const gap = fc.oneof(
  { weight: 4, arbitrary: fc.constant(15_000) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 20_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 ** 40 }) },
);
const op = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({ op: fc.constant('append' as const), slot: fc.nat(5), gap, v: value }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reset' as const), slot: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('release' as const), slot: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('compact' as const) }) },
);

function samplesOf(c: XorChunk): [number, number | 'stale'][] {
  const out: [number, number | 'stale'][] = [];
  const it = c.iterator();
  while (it.next()) out.push([it.t, isStaleNaN(it.v) ? 'stale' : it.v]);
  assert.equal(it.err(), undefined);
  return out;
}

describe('OpenChunks', () => {
  it('encodes each slot exactly as an XorChunk fed the same samples, through growth, reuse and compaction', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const open = new OpenChunks(1000);
        const slots = new Map<number, { slot: number; ref: XorChunk; t: number }>();
        const slotFor = (i: number) => {
          let s = slots.get(i);
          if (s === undefined) {
            s = { slot: open.alloc(), ref: new XorChunk(), t: -(2 ** 40) };
            slots.set(i, s);
          }
          return s;
        };
        for (const o of ops) {
          if (o.op === 'append') {
            const s = slotFor(o.slot);
            s.t += o.gap;
            open.append(s.slot, s.t, o.v);
            s.ref.append(s.t, o.v);
          } else if (o.op === 'reset') {
            const s = slotFor(o.slot);
            open.reset(s.slot);
            s.ref = new XorChunk();
          } else if (o.op === 'release') {
            const s = slots.get(o.slot);
            if (s !== undefined) open.release(s.slot);
            slots.delete(o.slot);
          } else {
            open.compact();
          }
          for (const s of slots.values()) {
            assert.deepEqual(open.bytes(s.slot), s.ref.bytes());
            assert.equal(open.count(s.slot), s.ref.numSamples);
            if (s.ref.numSamples > 0) {
              assert.equal(open.firstT(s.slot), s.ref.minTime);
              assert.equal(open.lastT(s.slot), s.ref.maxTime);
            }
          }
        }
        for (const s of slots.values()) assert.deepEqual(samplesOf(open.chunk(s.slot)), samplesOf(s.ref));
      }),
      { numRuns: 300 },
    );
  });

  it('hands readers a copy: appends after chunk() do not show in it', () => {
    const open = new OpenChunks();
    const slot = open.alloc();
    open.append(slot, 1000, 1);
    const before = open.chunk(slot);
    for (let t = 2000; t < 200_000; t += 1000) open.append(slot, t, t / 7);
    assert.deepEqual(samplesOf(before), [[1000, 1]]);
    assert.equal(before.maxTime, 1000);
  });

  it('returns the arena to a small size once the chunks are emptied', () => {
    const open = new OpenChunks();
    const slots = Array.from({ length: 5000 }, () => open.alloc());
    for (let t = 0; t < 30; t++) for (const s of slots) open.append(s, t * 15_000, Math.sin(t + s));
    const full = open.arena.capacity;
    assert.ok(full > 5000 * 200, `arena of ${full} bytes`);
    for (const s of slots) open.reset(s);
    open.maybeCompact();
    assert.ok(open.arena.capacity < full / 50, `arena of ${open.arena.capacity} bytes after compaction`);
  });
});
