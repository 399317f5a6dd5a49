import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LiveClient, Message } from './testing/live-client.js';
import { type LiveFixture, startLiveFixture, T0 } from './testing/live-fixture.js';

const S = 1000;
const LIMIT = 64 * 1024;
// More than loopback's kernel buffers on both ends (a few MB), so most of it stays queued in the server.
const EVENTS = 32;
const EVENT_BYTES = 1024 * 1024;

/** Stops reading, floods the connection with events, moves the clock, and lets a few ticks pass. */
async function stall(f: LiveFixture, c: LiveClient, nowMs: number): Promise<void> {
  c.ws.pause();
  const payload = 'x'.repeat(EVENT_BYTES);
  for (let i = 0; i < EVENTS; i++) f.stream.publish({ type: 'bulk', i, payload });
  f.clock.now = nowMs;
  // Ticks run every 100 ms; nothing on the client side can observe a skipped tick while it does not read.
  await sleep(500);
  c.ws.resume();
}

async function afterEvents(c: LiveClient): Promise<Message[]> {
  for (let i = 0; i < EVENTS; i++) assert.equal((await c.expect('bulk', 20_000)).i, i);
  const skipping = await c.expect('backpressure');
  assert.equal(skipping.state, 'skipping');
  assert.equal(skipping.limitBytes, LIMIT);
  assert.ok((skipping.bufferedBytes as number) > LIMIT);
  const resumed = await c.expect('backpressure');
  assert.equal(resumed.state, 'resumed');
  assert.ok((resumed.skippedTicks as number) >= 1);
  return [skipping, resumed];
}

describe('live stream: backpressure', () => {
  it('skips updates while a client is not reading, then sends everything it missed in one frame', async () => {
    const f = await startLiveFixture({ maxBufferedBytes: LIMIT });
    try {
      await f.append(
        Array.from({ length: 7 }, (_, i) => [{ __name__: 'n' }, T0 - 60 * S + i * 10 * S, i] as const),
      );
      const c = await f.connect();
      await c.expect('hello');
      c.send({ type: 'subscribe', id: 'n', query: 'n', range: 60, step: 10 });
      await c.expect('initial_data');
      await f.append([
        [{ __name__: 'n' }, T0 + 10 * S, 7],
        [{ __name__: 'n' }, T0 + 20 * S, 8],
      ]);

      await stall(f, c, T0 + 20 * S);
      await afterEvents(c);
      const update = await c.expect('metrics_update');
      assert.deepEqual(update.frame, {
        seriesStart: 1,
        series: [],
        timestamps: [T0 + 10 * S, T0 + 20 * S],
        index: [0],
        values: [[7, 8]],
      });

      // Missing more than the whole range: the client gets a fresh window instead.
      await stall(f, c, T0 + 200 * S);
      await afterEvents(c);
      const fresh = await c.expect('initial_data');
      const frame = fresh.frame as { timestamps: number[]; seriesStart: number };
      assert.equal(frame.seriesStart, 0);
      assert.deepEqual(
        frame.timestamps,
        [140, 150, 160, 170, 180, 190, 200].map((d) => T0 + d * S),
      );
    } finally {
      await f.close();
    }
  });
});
