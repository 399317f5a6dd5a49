import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STALE_NAN } from '@telemeter/storage';
import { LiveStreamError } from './errors.js';
import { startLiveFixture, T0 } from './testing/live-fixture.js';

const S = 1000;
const cpuA = { __name__: 'cpu', job: 'a' };
const cpuB = { __name__: 'cpu', job: 'b' };

/** cpu{job="a"} = 0, 1, …, 6 at T0-60s … T0. */
const history = Array.from({ length: 7 }, (_, i) => [cpuA, T0 - 60 * S + i * 10 * S, i] as const);

describe('live stream: subscriptions', () => {
  it('greets, sends the whole window, then exactly the points after it', async () => {
    const f = await startLiveFixture();
    try {
      await f.append(history);
      const c = await f.connect();
      assert.deepEqual(await c.expect('hello'), {
        type: 'hello',
        protocol: 1,
        intervalMs: 100,
        serverTime: T0,
        limits: { maxSubscriptions: 10, maxPointsPerSeries: 11_000, maxMessageBytes: 65_536 },
      });
      c.send({ type: 'subscribe', id: 'cpu', query: 'cpu', range: '1m', step: 10 });
      assert.deepEqual(await c.expect('initial_data'), {
        type: 'initial_data',
        id: 'cpu',
        query: 'cpu',
        rangeMs: 60 * S,
        stepMs: 10 * S,
        frame: {
          seriesStart: 0,
          series: [{ labels: cpuA }],
          timestamps: [-60, -50, -40, -30, -20, -10, 0].map((d) => T0 + d * S),
          index: [0],
          values: [[0, 1, 2, 3, 4, 5, 6]],
        },
      });

      // Two new points of job a and a new series b; "now" is just past a grid time.
      await f.append([
        [cpuA, T0 + 10 * S, 7],
        [cpuA, T0 + 20 * S, 8],
        [cpuB, T0 + 20 * S, 100],
      ]);
      f.clock.now = T0 + 20 * S + 7;
      assert.deepEqual(await c.expect('metrics_update'), {
        type: 'metrics_update',
        id: 'cpu',
        frame: {
          seriesStart: 1,
          series: [{ labels: cpuB }],
          timestamps: [T0 + 10 * S, T0 + 20 * S],
          index: [0, 1],
          values: [
            [7, 8],
            [null, 100],
          ],
        },
      });

      // No new samples: the next grid time still carries the last values (5m lookback), no new series.
      f.clock.now = T0 + 30 * S;
      assert.deepEqual(await c.expect('metrics_update'), {
        type: 'metrics_update',
        id: 'cpu',
        frame: { seriesStart: 2, series: [], timestamps: [T0 + 30 * S], index: [0, 1], values: [[8], [100]] },
      });
      assert.deepEqual(c.pending(), []);
    } finally {
      await f.close();
    }
  });

  it('writes NaN and infinities as strings', async () => {
    const f = await startLiveFixture();
    try {
      await f.append([
        [cpuA, T0 - 10 * S, 0],
        [cpuA, T0, 2],
      ]);
      const c = await f.connect();
      await c.expect('hello');
      c.send({ type: 'subscribe', id: 'div', query: 'cpu / 0', range: 10, step: '10s' });
      const init = await c.expect('initial_data');
      assert.deepEqual((init.frame as { values: unknown }).values, [['NaN', '+Inf']]);
      c.send({ type: 'subscribe', id: 'neg', query: '-cpu / 0', range: 10, step: '10s' });
      const neg = await c.expect('initial_data');
      assert.deepEqual((neg.frame as { values: unknown }).values, [['NaN', '-Inf']]);
    } finally {
      await f.close();
    }
  });

  it('defaults to a 15m range at the stream interval', async () => {
    const f = await startLiveFixture();
    try {
      const c = await f.connect();
      await c.expect('hello');
      c.send({ type: 'subscribe', id: 'one', query: '1' });
      const init = await c.expect('initial_data');
      assert.equal(init.rangeMs, 900 * S);
      assert.equal(init.stepMs, 100);
      const frame = init.frame as { timestamps: number[]; values: unknown[][]; series: unknown[] };
      assert.equal(frame.timestamps.length, 9001);
      assert.equal(frame.timestamps[0], T0 - 900 * S);
      assert.equal(frame.timestamps.at(-1), T0);
      assert.deepEqual(frame.series, [{ labels: {} }]);
      assert.ok(frame.values[0]?.every((v) => v === 1));
    } finally {
      await f.close();
    }
  });

  it('refuses bad subscriptions with an error naming what is wrong, and creates nothing', async () => {
    const f = await startLiveFixture({ maxSubscriptionsPerConnection: 2 });
    try {
      await f.append(history);
      const c = await f.connect();
      await c.expect('hello');
      const refused = async (message: unknown) => {
        c.send(message);
        return c.expect('error');
      };
      const parse = await refused({ type: 'subscribe', id: 'x', query: 'rate(cpu' });
      assert.equal(parse.id, 'x');
      assert.equal(parse.errorType, 'bad_data');
      assert.match(parse.error as string, /^1:9: parse error: unclosed left parenthesis/);
      assert.deepEqual(await refused({ type: 'subscribe', id: 'x', query: 'cpu[1m]' }), {
        type: 'error',
        id: 'x',
        errorType: 'bad_data',
        error: 'invalid expression type "range vector" for range query, must be Scalar or instant Vector',
      });
      const step = await refused({ type: 'subscribe', id: 'x', query: 'cpu', step: 'abc' });
      assert.equal(step.errorType, 'bad_data');
      assert.match(step.error as string, /invalid "step": cannot parse "abc"/);
      const zero = await refused({ type: 'subscribe', id: 'x', query: 'cpu', range: 0 });
      assert.match(zero.error as string, /invalid "range": must be a positive duration/);
      const points = await refused({ type: 'subscribe', id: 'x', query: 'cpu', range: '1d', step: 1 });
      assert.match(points.error as string, /exceeded maximum resolution of 11000 points per timeseries/);
      assert.deepEqual(await refused({ type: 'subscribe', id: 'x' }), {
        type: 'error',
        id: 'x',
        errorType: 'bad_request',
        error: 'subscribe: "query" must be a non-empty string of PromQL',
      });
      const notJson = await refused('{"type":');
      assert.equal(notJson.errorType, 'bad_request');
      assert.equal(notJson.id, undefined);
      assert.match(notJson.error as string, /^message is not valid JSON/);
      assert.deepEqual(await refused({ type: 'subcribe', id: 'x' }), {
        type: 'error',
        errorType: 'bad_request',
        error: 'unknown message type "subcribe"; expected subscribe, unsubscribe or ping',
      });

      // None of the refused ones holds a slot or the id.
      c.send({ type: 'subscribe', id: 'x', query: 'cpu', range: 60, step: 10 });
      assert.equal((await c.expect('initial_data')).id, 'x');
      const dup = await refused({ type: 'subscribe', id: 'x', query: 'up' });
      assert.equal(dup.errorType, 'duplicate_id');
      c.send({ type: 'subscribe', id: 'y', query: 'cpu', range: 60, step: 10 });
      assert.equal((await c.expect('initial_data')).id, 'y');
      const limit = await refused({ type: 'subscribe', id: 'z', query: 'cpu' });
      assert.equal(limit.errorType, 'limit');
      assert.match(limit.error as string, /max 2/);

      // The duplicate left "x" running with its own query.
      f.clock.now = T0 + 10 * S;
      const updates = [await c.expect('metrics_update'), await c.expect('metrics_update')];
      assert.deepEqual(updates.map((u) => u.id).sort(), ['x', 'y']);
    } finally {
      await f.close();
    }
  });

  it('stops a subscription on unsubscribe and acknowledges it', async () => {
    const f = await startLiveFixture();
    try {
      await f.append(history);
      const c = await f.connect();
      await c.expect('hello');
      c.send({ type: 'subscribe', id: 'a', query: 'cpu', range: 60, step: 10 });
      c.send({ type: 'subscribe', id: 'b', query: 'cpu', range: 60, step: 10 });
      const ids = [(await c.expect('initial_data')).id, (await c.expect('initial_data')).id];
      assert.deepEqual(ids.sort(), ['a', 'b']);
      c.send({ type: 'unsubscribe', id: 'a' });
      assert.deepEqual(await c.expect('unsubscribed'), { type: 'unsubscribed', id: 'a' });
      c.send({ type: 'unsubscribe', id: 'never' });
      assert.deepEqual(await c.expect('unsubscribed'), { type: 'unsubscribed', id: 'never' });
      for (const t of [10, 20]) {
        f.clock.now = T0 + t * S;
        const update = await c.expect('metrics_update');
        assert.equal(update.id, 'b');
        assert.deepEqual((update.frame as { timestamps: number[] }).timestamps, [T0 + t * S]);
      }
      assert.ok(c.received.every((m) => m.id !== 'a' || m.type !== 'metrics_update'));
      // The id is free again.
      c.send({ type: 'subscribe', id: 'a', query: 'cpu', range: 60, step: 10 });
      assert.equal((await c.expect('initial_data')).id, 'a');
    } finally {
      await f.close();
    }
  });

  it('answers ping with pong', async () => {
    const f = await startLiveFixture();
    try {
      const c = await f.connect();
      await c.expect('hello');
      f.clock.now = T0 + 1234;
      c.send({ type: 'ping' });
      assert.deepEqual(await c.expect('pong'), { type: 'pong', serverTime: T0 + 1234 });
    } finally {
      await f.close();
    }
  });

  it('reports an update that fails once, keeps the subscription, and starts over when the window has passed', async () => {
    const f = await startLiveFixture();
    try {
      await f.append(history);
      const c = await f.connect();
      await c.expect('hello');
      c.send({ type: 'subscribe', id: 'm', query: 'vector(1) + on() cpu', range: 60, step: 10 });
      assert.equal((await c.expect('initial_data')).id, 'm');
      // A second cpu series makes the one-to-one match ambiguous.
      await f.append([
        [cpuA, T0 + 10 * S, 7],
        [cpuB, T0 + 10 * S, 1],
      ]);
      f.clock.now = T0 + 10 * S;
      const failed = await c.expect('update_error');
      assert.equal(failed.id, 'm');
      assert.equal(failed.errorType, 'execution');
      // Series b ends; once the failing window is older than the range, the stream sends a fresh window.
      await f.append([[cpuB, T0 + 20 * S, STALE_NAN]]);
      f.clock.now = T0 + 100 * S;
      const restarted = await c.expect('initial_data');
      const frame = restarted.frame as { timestamps: number[]; values: unknown[][]; seriesStart: number };
      assert.equal(frame.seriesStart, 0);
      assert.deepEqual(
        frame.timestamps,
        [40, 50, 60, 70, 80, 90, 100].map((d) => T0 + d * S),
      );
      assert.deepEqual(frame.values, [[8, 8, 8, 8, 8, 8, 8]]);
    } finally {
      await f.close();
    }
  });
});

describe('live stream: events', () => {
  it('broadcasts published events to every connection', async () => {
    const f = await startLiveFixture();
    try {
      const a = await f.connect();
      const b = await f.connect();
      await a.expect('hello');
      await b.expect('hello');
      const event = { type: 'alert_triggered', alert: 'HighCPU', labels: { severity: 'page' }, value: 0.97 };
      f.stream.publish(event);
      assert.deepEqual(await a.expect('alert_triggered'), event);
      assert.deepEqual(await b.expect('alert_triggered'), event);
    } finally {
      await f.close();
    }
  });

  it('refuses events it cannot send as their own message type', async () => {
    const f = await startLiveFixture();
    try {
      const invalid = (event: unknown) =>
        assert.throws(
          () => f.stream.publish(event as { type: string }),
          (err) => err instanceof LiveStreamError && err.code === 'TM_LIVE_INVALID_EVENT',
        );
      invalid({ type: 'metrics_update', id: 'x' });
      invalid({ type: '' });
      invalid({ kind: 'alert' });
      invalid({ type: 'alert_triggered', value: 1n });
    } finally {
      await f.close();
    }
  });
});
