import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Subscription } from './subscription.js';

function timestamps(w: { startMs: number; stepMs: number; points: number }): number[] {
  return Array.from({ length: w.points }, (_, i) => w.startMs + i * w.stepMs);
}

describe('Subscription windows', () => {
  it('covers [end - range, end] on the step grid, end the newest grid time at or before now', () => {
    const sub = new Subscription('a', 'up', 'up', 60_000, 15_000);
    assert.deepEqual(sub.fullWindow(1_000_029_999), { startMs: 999_960_000, stepMs: 15_000, points: 5 });
    assert.deepEqual(timestamps(sub.fullWindow(1_000_035_000)).at(-1), 1_000_035_000);
    // A range that is not a multiple of the step keeps whole steps only.
    assert.deepEqual(new Subscription('b', 'up', 'up', 50_000, 15_000).fullWindow(0), {
      startMs: -45_000,
      stepMs: 15_000,
      points: 4,
    });
  });

  it('sends nothing until a new grid time is reached, then only the new points', () => {
    const sub = new Subscription('a', 'up', 'up', 60_000, 10_000);
    const first = sub.next(100_005);
    assert.equal(first?.kind, 'reset');
    sub.sent(first!.window);
    assert.equal(sub.next(109_999), undefined);
    assert.deepEqual(sub.next(130_000), {
      kind: 'update',
      window: { startMs: 110_000, stepMs: 10_000, points: 3 },
    });
    // More than the range behind, or a clock that went back: a whole new window.
    assert.equal(sub.next(170_000)?.kind, 'reset');
    assert.equal(sub.next(90_000)?.kind, 'reset');
  });

  it('joins consecutive frames without gaps or repeats, whatever the clock does between ticks', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60_000 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 40 }),
        (stepMs, rangeSteps, start, advances) => {
          const sub = new Subscription('a', 'q', 'q', stepMs * rangeSteps + (start % stepMs), stepMs);
          let now = start;
          let shown: number[] = [];
          for (const advance of [0, ...advances]) {
            now += advance;
            const next = sub.next(now);
            if (next === undefined) {
              assert.equal(sub.lastMs, sub.alignedEnd(now));
              continue;
            }
            const ts = timestamps(next.window);
            shown = next.kind === 'reset' ? ts : [...shown, ...ts];
            sub.sent(next.window);
            assert.equal(ts.at(-1), sub.alignedEnd(now));
            assert.ok(ts.at(-1)! <= now && now - ts.at(-1)! < stepMs);
            for (let i = 1; i < shown.length; i++) assert.equal(shown[i]! - shown[i - 1]!, stepMs);
            if (next.kind === 'update') assert.ok(next.window.points <= sub.rangeSteps);
          }
        },
      ),
    );
  });
});
