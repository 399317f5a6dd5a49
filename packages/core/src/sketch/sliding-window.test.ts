import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { InvalidConfigError } from '../errors.js';
import { CoarseClock } from './coarse-clock.js';
import { DDSketch } from './ddsketch.js';
import { SlidingWindowSketch } from './sliding-window.js';

/** A clock driven by hand: `set(ms)` moves the source; `tick()` is what the timer would do. */
function manualClock(start = 0) {
  let ms = start;
  let reads = 0;
  const clock = new CoarseClock({
    source: () => {
      reads++;
      return ms;
    },
    autoTick: false,
  });
  return {
    clock,
    set(to: number) {
      ms = to;
    },
    advanceAndTick(to: number) {
      ms = to;
      clock.tick();
    },
    get reads() {
      return reads;
    },
  };
}

describe('SlidingWindowSketch', () => {
  it('validates its options with typed errors naming the option', () => {
    const { clock } = manualClock();
    for (const maxAgeSeconds of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(
        () => new SlidingWindowSketch({ maxAgeSeconds, clock }),
        (e: unknown) => e instanceof InvalidConfigError && e.key === 'maxAgeSeconds',
      );
    }
    for (const ageBuckets of [0, 2.5, -3]) {
      assert.throws(
        () => new SlidingWindowSketch({ ageBuckets, clock }),
        (e: unknown) => e instanceof InvalidConfigError && e.key === 'ageBuckets',
      );
    }
    assert.throws(
      () => new SlidingWindowSketch({ relativeAccuracy: 0, clock }),
      (e: unknown) => e instanceof InvalidConfigError && e.key === 'relativeAccuracy',
    );
  });

  it('keeps an observation for maxAgeSeconds and drops it after', () => {
    const t = manualClock();
    const window = new SlidingWindowSketch({ maxAgeSeconds: 10, ageBuckets: 5, clock: t.clock });
    window.add(1);
    t.advanceAndTick(3000);
    window.add(2);
    t.set(9999);
    assert.equal(window.merged().count, 2);
    t.set(10_000); // the slot [0 s, 2 s) leaves the window: it held between 8 and 10 s of data
    const merged = window.merged();
    assert.equal(merged.count, 1);
    assert.equal(merged.max, 2);
    t.set(14_000);
    assert.equal(window.merged().count, 0);
  });

  it('never reads the clock source when recording', () => {
    const t = manualClock();
    const window = new SlidingWindowSketch({ clock: t.clock });
    const before = t.reads;
    for (let i = 0; i < 1000; i++) window.add(i);
    assert.equal(t.reads, before);
    window.merged();
    assert.equal(t.reads, before + 1);
  });

  it('rotates at read time when the clock timer was delayed', () => {
    const t = manualClock();
    const window = new SlidingWindowSketch({ maxAgeSeconds: 60, ageBuckets: 6, clock: t.clock });
    window.add(5);
    t.set(61_000); // no tick: the timer did not fire
    assert.equal(window.merged().count, 0);
    // The read refreshed the clock, so the next observation lands in the fresh slot.
    window.add(7);
    t.set(61_000 + 50_000);
    assert.equal(window.merged().quantile(0.5), 7);
  });

  it('attributes observations made while the timer is late to the slot that was current', () => {
    const t = manualClock();
    const window = new SlidingWindowSketch({ maxAgeSeconds: 10, ageBuckets: 5, clock: t.clock });
    t.set(5000); // late timer: `now` still says 0
    window.add(1);
    t.set(10_000);
    assert.equal(window.merged().count, 0, 'recorded in the [0, 2 s) slot, which has expired');
  });

  it('clears everything after a jump longer than the window', () => {
    const t = manualClock();
    const window = new SlidingWindowSketch({ maxAgeSeconds: 1, ageBuckets: 4, clock: t.clock });
    for (let i = 0; i < 4; i++) {
      t.advanceAndTick(i * 250);
      window.add(i + 1);
    }
    assert.equal(window.merged().count, 4);
    t.advanceAndTick(1e9);
    assert.equal(window.merged().count, 0);
    window.add(42);
    assert.deepEqual([window.merged().count, window.merged().max], [1, 42]);
  });

  it('holds exactly the observations of the last slots (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.double({ min: -1e3, max: 1e3, noNaN: true })),
          {
            maxLength: 60,
          },
        ),
        fc.constantFrom(1, 2, 4, 5, 8), // slots of whole milliseconds, so slot boundaries are exact
        (steps, ageBuckets) => {
          const t = manualClock();
          const window = new SlidingWindowSketch({ maxAgeSeconds: 4, ageBuckets, clock: t.clock });
          const slotMs = 4000 / ageBuckets;
          const seen: { slot: number; value: number }[] = [];
          let now = 0;
          for (const [dt, value] of steps) {
            now += dt;
            t.advanceAndTick(now);
            window.add(value);
            seen.push({ slot: Math.floor(now / slotMs), value });
          }
          const current = Math.floor(now / slotMs);
          const expected = new DDSketch();
          for (const { slot, value } of seen) if (slot > current - ageBuckets) expected.add(value);
          const { sum: a, ...actual } = window.merged().toSnapshot();
          const { sum: b, ...wanted } = expected.toSnapshot();
          assert.deepEqual(actual, wanted);
          assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));
          // Lifetime totals include what left the window.
          assert.equal(window.lifetimeCount, steps.length);
          const total = steps.reduce((acc, [, value]) => acc + value, 0);
          assert.ok(Math.abs(window.lifetimeSum - total) <= 1e-9 * Math.max(1, Math.abs(total)));
        },
      ),
    );
  });

  it('clear() empties the window and the lifetime totals', () => {
    const t = manualClock();
    const window = new SlidingWindowSketch({ maxAgeSeconds: 1, clock: t.clock });
    window.add(1);
    t.advanceAndTick(5000);
    window.add(2);
    assert.deepEqual([window.lifetimeCount, window.lifetimeSum], [2, 3]);
    window.clear();
    assert.equal(window.merged().count, 0);
    assert.deepEqual([window.lifetimeCount, window.lifetimeSum], [0, 0]);
  });

  it('refuses NaN and infinities', () => {
    const window = new SlidingWindowSketch({ clock: manualClock().clock });
    assert.equal(window.add(Number.NaN), false);
    assert.equal(window.add(Number.POSITIVE_INFINITY), false);
    assert.equal(window.add(1), true);
    assert.equal(window.merged().count, 1);
  });

  it('stops the clock timer once every window using it is garbage-collected', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const clock = new CoarseClock({ source: () => 0 });
    (() => {
      new SlidingWindowSketch({ clock }).add(1);
      new SlidingWindowSketch({ clock, maxAgeSeconds: 1 }).add(1);
    })();
    assert.equal(clock.ticking, true);
    for (let i = 0; i < 50 && clock.ticking; i++) {
      gc();
      await nextTurn();
    }
    assert.equal(clock.ticking, false);
  });
});
