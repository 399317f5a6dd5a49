import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Engine } from '@telemeter/promql';
import { waitFor } from '@telemeter/testkit';
import { LiveStreamError } from './errors.js';
import { attachLiveStream } from './live-stream.js';
import { LiveClient, refusedUpgrade } from './testing/live-client.js';
import { startLiveFixture } from './testing/live-fixture.js';

describe('live stream: who may connect', () => {
  it('answers 401 when authorize() says no', async () => {
    const f = await startLiveFixture({ authorize: (req) => req.headers.authorization === 'Bearer s3cret' });
    try {
      const refused = await refusedUpgrade(f.url);
      assert.equal(refused.status, 401);
      assert.deepEqual(refused.body, {
        status: 'error',
        errorType: 'unauthorized',
        error: 'unauthorized: send "Authorization: Bearer <token>"',
      });
      assert.equal((await refusedUpgrade(f.url, { authorization: 'Bearer wrong' })).status, 401);
      const c = await f.connect({ authorization: 'Bearer s3cret' });
      assert.equal((await c.expect('hello')).type, 'hello');
    } finally {
      await f.close();
    }
  });

  it('answers 404 on other paths and accepts a query string on its own', async () => {
    const f = await startLiveFixture();
    try {
      const other = f.url.replace('/api/v1/stream', '/api/v1/other');
      const refused = await refusedUpgrade(other);
      assert.equal(refused.status, 404);
      assert.match(refused.body.error as string, /the live stream is at \/api\/v1\/stream/);
      assert.equal((await refusedUpgrade(`${f.url}/x`)).status, 404);
      const c = await f.connect();
      await c.expect('hello');
      const withQuery = await LiveClient.connect(`${f.url}?client=dashboard`);
      await withQuery.expect('hello');
      await withQuery.close();
    } finally {
      await f.close();
    }
  });

  it('answers 503 beyond maxConnections and lets a new client in once one leaves', async () => {
    const f = await startLiveFixture({ maxConnections: 2 });
    try {
      const a = await f.connect();
      await f.connect();
      assert.equal(f.stream.connections(), 2);
      const refused = await refusedUpgrade(f.url);
      assert.equal(refused.status, 503);
      assert.match(refused.body.error as string, /too many live connections \(max 2\)/);
      await a.close();
      await waitFor('the closed connection to be forgotten', () =>
        f.stream.connections() === 1 ? true : undefined,
      );
      const c = await f.connect();
      await c.expect('hello');
      assert.equal(f.stream.connections(), 2);
    } finally {
      await f.close();
    }
  });

  it('lets in clients without Origin and same-origin pages, other origins only when allowed', async () => {
    const f = await startLiveFixture({ allowedOrigins: ['https://dash.example.com'] });
    try {
      const host = new URL(f.url).host;
      await (await f.connect()).expect('hello');
      await (await f.connect({ origin: `http://${host}` })).expect('hello');
      await (await f.connect({ origin: 'https://DASH.example.com' })).expect('hello');
      for (const origin of ['https://evil.example.com', 'http://dash.example.com', 'null', 'file://']) {
        const refused = await refusedUpgrade(f.url, { origin });
        assert.equal(refused.status, 403, origin);
        assert.match(refused.body.error as string, /is not allowed/);
      }
    } finally {
      await f.close();
    }
    const open = await startLiveFixture({ allowedOrigins: ['*'] });
    try {
      await (await open.connect({ origin: 'https://anywhere.example' })).expect('hello');
    } finally {
      await open.close();
    }
    const strict = await startLiveFixture({ allowedOrigins: [] });
    try {
      assert.equal((await refusedUpgrade(strict.url, { origin: 'https://anywhere.example' })).status, 403);
      await (await strict.connect({ origin: `http://${new URL(strict.url).host}` })).expect('hello');
    } finally {
      await strict.close();
    }
  });

  it('close() says goodbye to every client, stops accepting and lets the process exit', async () => {
    const f = await startLiveFixture();
    try {
      const a = await f.connect();
      const b = await f.connect();
      await a.expect('hello');
      a.send({ type: 'subscribe', id: 'one', query: '1', range: 60, step: 10 });
      await a.expect('initial_data');
      await f.stream.close();
      assert.deepEqual(await a.closed, { code: 1001, reason: 'server shutting down' });
      assert.equal((await b.closed).code, 1001);
      assert.equal(f.stream.connections(), 0);
      await assert.rejects(LiveClient.connect(f.url));
      f.stream.publish({ type: 'alert_triggered' }); // nobody left: a no-op
      await f.stream.close(); // twice is fine
    } finally {
      await f.close();
    }
  });

  it('rejects options it cannot run with', async () => {
    const f = await startLiveFixture();
    try {
      const base = {
        path: '/live',
        db: f.db,
        engine: new Engine(),
        intervalMs: 100,
        maxConnections: 1,
        maxSubscriptionsPerConnection: 1,
        authorize: () => true,
        allowedOrigins: [],
        logger: { info() {}, warn() {}, error() {} },
      };
      for (const [change, message] of [
        [{ path: 'live' }, /path must start with "\/"/],
        [{ intervalMs: 0 }, /intervalMs must be a positive integer, got 0/],
        [{ maxConnections: 1.5 }, /maxConnections must be a positive integer/],
        [{ keepaliveMs: -1 }, /keepaliveMs must be a positive integer/],
        [{ allowedOrigins: 'x' }, /allowedOrigins must be an array of strings/],
      ] as const) {
        assert.throws(
          () => attachLiveStream(f.server, { ...base, ...(change as object) }),
          (err) =>
            err instanceof LiveStreamError &&
            err.code === 'TM_LIVE_INVALID_OPTION' &&
            message.test(err.message),
        );
      }
    } finally {
      await f.close();
    }
  });
});
