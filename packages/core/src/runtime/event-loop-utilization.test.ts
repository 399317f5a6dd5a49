import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createEventLoopUtilizationReader } from './event-loop-utilization.js';

describe('createEventLoopUtilizationReader', () => {
  it('is near 1 while the loop is busy and near 0 while it waits, per interval', async () => {
    const read = createEventLoopUtilizationReader();
    await sleep(10);
    read();
    const until = performance.now() + 100;
    while (performance.now() < until);
    await sleep(1);
    const busy = read();
    await sleep(150);
    const idle = read();
    assert.ok(busy > 0.5 && busy <= 1, `busy ${busy}`);
    assert.ok(idle >= 0 && idle < 0.5, `idle ${idle}`);
  });

  it('returns a number in [0, 1] even for back-to-back reads', () => {
    const read = createEventLoopUtilizationReader();
    const a = read();
    const b = read();
    for (const v of [a, b]) assert.ok(v >= 0 && v <= 1, String(v));
  });
});
