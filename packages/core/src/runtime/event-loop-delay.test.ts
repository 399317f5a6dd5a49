import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createEventLoopDelayReader,
  type EventLoopDelayReader,
  type EventLoopDelayStats,
  measureEventLoopLag,
} from './event-loop-delay.js';

function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/**
 * The next interval's statistics. Waits by polling, not for a fixed time: on a loaded machine a
 * descheduled process can miss the two ticks a first sample needs.
 */
async function nextStats(
  reader: EventLoopDelayReader,
  previous?: EventLoopDelayStats,
): Promise<EventLoopDelayStats> {
  for (let i = 0; i < 200; i++) {
    await sleep(10);
    const stats = reader.read();
    if (stats !== undefined && stats !== previous) return stats;
  }
  throw new Error('no event-loop delay sample within 2 s');
}

describe('createEventLoopDelayReader', () => {
  it('has nothing before the first sample, then ordered statistics in seconds', async () => {
    const reader = createEventLoopDelayReader(5);
    try {
      assert.equal(reader.read(), undefined);
      const stats = await nextStats(reader);
      assert.ok(stats.min > 0 && stats.min <= stats.p50 && stats.p50 <= stats.p90);
      assert.ok(stats.p90 <= stats.p99 && stats.p99 <= stats.max);
      assert.ok(stats.min <= stats.mean && stats.mean <= stats.max && stats.stddev >= 0);
      // Reads with no new sample in between keep the last interval instead of sentinels.
      assert.equal(reader.read(), stats);
    } finally {
      reader.stop();
    }
  });

  it('sees a blocked loop in max, and starts a new interval on each read', async () => {
    const reader = createEventLoopDelayReader(5);
    try {
      const first = await nextStats(reader);
      // Node's reset() also forgets the previous tick, so the first tick after a read records
      // nothing: let one pass before blocking.
      await sleep(20);
      block(200);
      const blocked = await nextStats(reader, first);
      assert.ok(blocked.max >= 0.2, `max ${blocked.max}`);
      const after = await nextStats(reader, blocked);
      assert.ok(after.max < blocked.max, `${after.max} < ${blocked.max}`);
    } finally {
      reader.stop();
    }
  });
});

describe('createEventLoopDelayReader stop()', () => {
  it('stops sampling', async () => {
    const reader = createEventLoopDelayReader(5);
    const last = await nextStats(reader);
    reader.stop();
    await sleep(30);
    assert.equal(reader.read(), last, 'no sample was taken after stop()');
  });
});

describe('measureEventLoopLag', () => {
  it('includes synchronous work queued ahead of it', async () => {
    const lag = measureEventLoopLag();
    block(30);
    assert.ok((await lag) >= 0.03);
  });
});
