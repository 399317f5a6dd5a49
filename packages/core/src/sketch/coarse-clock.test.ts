import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import { CoarseClock } from './coarse-clock.js';

describe('CoarseClock', () => {
  it('reads its source only on tick()', () => {
    let ms = 5;
    let reads = 0;
    const clock = new CoarseClock({
      source: () => {
        reads++;
        return ms;
      },
      autoTick: false,
    });
    assert.equal(clock.now, 5);
    ms = 9;
    assert.equal(clock.now, 5);
    assert.equal(clock.tick(), 9);
    assert.equal(clock.now, 9);
    assert.equal(reads, 2);
  });

  it('ticks while retained, at the finest resolution asked for (clamped), and stops when released', () => {
    mock.timers.enable({ apis: ['setInterval'] });
    try {
      let ms = 0;
      const clock = new CoarseClock({ source: () => ms });
      assert.equal(clock.ticking, false);
      clock.retain(7500);
      assert.equal(clock.ticking, true);
      assert.equal(clock.tickPeriodMs, 1000);
      ms = 1234;
      mock.timers.tick(1000);
      assert.equal(clock.now, 1234);
      clock.retain(50);
      assert.equal(clock.tickPeriodMs, 50);
      clock.retain(1);
      assert.equal(clock.tickPeriodMs, 10);
      clock.release(1);
      clock.release(50);
      assert.equal(clock.tickPeriodMs, 1000);
      clock.release(7500);
      assert.equal(clock.ticking, false);
      ms = 99;
      mock.timers.tick(5000);
      assert.equal(clock.now, 1234, 'no tick after the last release');
      clock.release(7500); // releasing more than retained is harmless
      assert.equal(clock.ticking, false);
    } finally {
      mock.timers.reset();
    }
  });

  it('never starts a timer when autoTick is false', () => {
    const clock = new CoarseClock({ source: () => 0, autoTick: false });
    clock.retain(100);
    assert.equal(clock.ticking, false);
  });
});
