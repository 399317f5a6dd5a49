import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STALE_NAN } from '@telemeter/storage';
import type { WireFrame } from './protocol.js';
import { applyFrame, type FrameView, lastPoints } from './testing/frame-view.js';
import { startLiveFixture, T0 } from './testing/live-fixture.js';

const S = 1000;
const STEP = 10 * S;

describe('live stream: frames add up', () => {
  it('gives a client that applies every update the same window a new subscription sees', async () => {
    const f = await startLiveFixture();
    try {
      // Series a reports every 5 s until it goes stale; b starts later; values wander.
      const value = (t: number, salt: number) => ((t / S) * 7 + salt) % 23;
      let written = T0 - 120 * S;
      const appendUntil = async (untilMs: number) => {
        const batch: [Record<string, string>, number, number][] = [];
        for (let t = written + 5 * S; t <= untilMs; t += 5 * S) {
          if (t < T0 + 90 * S) batch.push([{ __name__: 'c', i: 'a' }, t, value(t, 1) + t / S]);
          else if (t === T0 + 90 * S) batch.push([{ __name__: 'c', i: 'a' }, t, STALE_NAN]);
          if (t >= T0 + 35 * S) batch.push([{ __name__: 'c', i: 'b' }, t, value(t, 5) * 3]);
          written = t;
        }
        if (batch.length > 0) await f.append(batch);
      };
      await appendUntil(T0);

      const c = await f.connect();
      await c.expect('hello');
      const queries: Record<string, string> = { v: 'c', r: 'rate(c[30s])', s: 'sum(c) * 2' };
      const views = new Map<string, FrameView>();
      const take = async (count: number) => {
        for (let i = 0; i < count; i++) {
          const m = await c.next('a frame');
          assert.ok(m.type === 'initial_data' || m.type === 'metrics_update', JSON.stringify(m));
          const id = m.id as string;
          views.set(id, applyFrame(views.get(id), m.type, m.frame as WireFrame));
        }
      };
      for (const [id, query] of Object.entries(queries))
        c.send({ type: 'subscribe', id, query, range: 60, step: 10 });
      await take(3);

      let now = T0;
      for (const advance of [10, 3, 4, 25, 8, 1, 12, 20, 30, 2, 9, 11, 50].map((s) => s * S + 17)) {
        const next = now + advance;
        await appendUntil(next);
        const crossed = Math.floor(next / STEP) > Math.floor(now / STEP);
        now = next;
        f.clock.now = now;
        if (crossed) await take(3);
      }

      // A new subscription reaching back to the first frame's start, on the same grid.
      const first = views.get('v')?.ts[0] as number;
      const span = Math.floor(now / STEP) * STEP - first;
      for (const [id, query] of Object.entries(queries)) {
        c.send({ type: 'subscribe', id: `${id}-fresh`, query, range: span / S, step: 10 });
      }
      await take(3);
      for (const id of Object.keys(queries)) {
        const incremental = views.get(id) as FrameView;
        const fresh = views.get(`${id}-fresh`) as FrameView;
        assert.equal(incremental.ts.at(-1), Math.floor(now / STEP) * STEP);
        for (let i = 1; i < incremental.ts.length; i++) {
          assert.equal(
            (incremental.ts[i] as number) - (incremental.ts[i - 1] as number),
            STEP,
            `${id}: grid`,
          );
        }
        assert.deepEqual(fresh.ts, incremental.ts);
        const all = incremental.ts.length;
        assert.deepEqual(lastPoints(incremental, all), lastPoints(fresh, all), id);
      }
      // Series a went stale and b appeared within the span.
      assert.equal(lastPoints(views.get('v') as FrameView, 1000).size, 2);
      assert.deepEqual(c.pending(), []);
    } finally {
      await f.close();
    }
  });
});
