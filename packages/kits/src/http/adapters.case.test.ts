/**
 * One contract, five adapters: node:http, express, fastify, koa and hono each serve the same
 * application (testing/apps.ts) on 127.0.0.1 and must record exactly the same series.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Registry } from '@telemeter/core';
import { waitFor } from '@telemeter/testkit';
import { APPS, hooks } from './testing/apps.js';
import { activeRequests, countsByKey, histogramRows, send, sendAndAbort } from './testing/client.js';

for (const [name, start] of Object.entries(APPS)) {
  describe(`http server kit on ${name}`, () => {
    test('counts requests exactly by method, route template and status class', async () => {
      const registry = new Registry();
      const app = await start(registry, hooks());
      try {
        for (const id of ['1', '22', '333']) {
          const reply = await send(app.port, 'GET', `/users/${id}?q=${id}`);
          assert.equal(reply.status, 200);
          assert.equal(reply.body, `user:${id}`);
        }
        for (let i = 0; i < 2; i++)
          assert.equal((await send(app.port, 'POST', '/orders/7', 'x'.repeat(100))).status, 201);
        assert.equal((await send(app.port, 'GET', '/no/such/page')).status, 404);
        assert.equal((await send(app.port, 'GET', '/boom')).status, 500);
        assert.equal((await send(app.port, 'DELETE', '/users/9')).status, 404);

        // Route patterns given to instrumentHttpServer are path templates whatever the method;
        // the frameworks match the method too, so their DELETE found no route.
        const deleteRoute = name === 'node:http' ? '/users/:id' : 'unmatched';
        assert.deepEqual(await countsByKey(registry), {
          'GET /users/:id 2xx': 3,
          'POST /orders/:id 2xx': 2,
          'GET unmatched 4xx': 1,
          'GET /boom 5xx': 1,
          [`DELETE ${deleteRoute} 4xx`]: 1,
        });
        assert.equal(await activeRequests(registry), 0);

        const text = await registry.metrics();
        for (const raw of ['/users/1"', '/users/22', '/users/333', '/orders/7', '/no/such/page', 'q=']) {
          assert.ok(!text.includes(raw), `exposition must not contain the raw path ${raw}`);
        }
      } finally {
        await app.close();
      }
    });

    test('observes durations and body sizes', async () => {
      const registry = new Registry();
      const app = await start(registry, hooks());
      try {
        await send(app.port, 'GET', '/users/1');
        await send(app.port, 'GET', '/users/22');
        await send(app.port, 'POST', '/orders/7', 'x'.repeat(100));
        await send(app.port, 'POST', '/orders/7', 'y'.repeat(1000));

        const durations = await histogramRows(registry, 'http_server_request_duration_seconds');
        for (const row of durations) {
          assert.ok(row.sum > 0 && row.sum < 5 * row.count, `sane duration sum ${row.sum} for ${row.count}`);
        }
        const key = (r: { labels: Record<string, string> }) =>
          `${r.labels.http_request_method} ${r.labels.http_route}`;
        const requests = await histogramRows(registry, 'http_server_request_body_size_bytes');
        const responses = await histogramRows(registry, 'http_server_response_body_size_bytes');
        const reqSize = Object.fromEntries(requests.map((r) => [key(r), [r.count, r.sum]]));
        const resSize = Object.fromEntries(responses.map((r) => [key(r), [r.count, r.sum]]));
        // Only requests with a Content-Length are observed (the GETs have none).
        assert.deepEqual(reqSize, { 'GET /users/:id': [0, 0], 'POST /orders/:id': [2, 1100] });
        // "user:1" + "user:22"; {"received":100} + {"received":1000}.
        assert.deepEqual(resSize, { 'GET /users/:id': [2, 13], 'POST /orders/:id': [2, 33] });
      } finally {
        await app.close();
      }
    });

    test('in-flight gauge is up during a slow request and back to 0 after', async () => {
      const registry = new Registry();
      const h = hooks();
      const app = await start(registry, h);
      try {
        const reply = send(app.port, 'GET', '/slow');
        await h.slowArrived.promise;
        assert.equal(await activeRequests(registry), 1);
        const rows = await histogramRows(registry, 'http_server_request_duration_seconds');
        assert.equal(
          rows.reduce((n, r) => n + r.count, 0),
          0,
          'nothing recorded before the end',
        );
        h.slowRelease.open();
        assert.equal((await reply).body, 'done');
        await waitFor('the slow request to be recorded', async () =>
          (await countsByKey(registry))['GET /slow 2xx'] === 1 ? true : undefined,
        );
        assert.equal(await activeRequests(registry), 0);
      } finally {
        await app.close();
      }
    });

    test('a request the client aborts is counted as aborted and leaves no request in flight', async () => {
      const registry = new Registry();
      const h = hooks();
      const app = await start(registry, h);
      try {
        const abort = sendAndAbort(app.port, 'GET', '/hang');
        await h.hangArrived.promise;
        assert.equal(await activeRequests(registry), 1);
        abort();
        await waitFor('the aborted request to be recorded', async () =>
          (await activeRequests(registry)) === 0 ? true : undefined,
        );
        assert.deepEqual(await countsByKey(registry), { 'GET /hang aborted': 1 });
        const sizes = await histogramRows(registry, 'http_server_response_body_size_bytes');
        assert.equal(
          sizes.reduce((n, r) => n + r.count, 0),
          0,
          'no response size for an aborted request',
        );
      } finally {
        await app.close();
      }
    });

    test('statusLabel "code" labels exact status codes', async () => {
      const registry = new Registry();
      const app = await start(registry, hooks(), { statusLabel: 'code' });
      try {
        await send(app.port, 'GET', '/users/1');
        await send(app.port, 'POST', '/orders/1', 'abc');
        await send(app.port, 'GET', '/nope');
        await send(app.port, 'GET', '/boom');
        assert.deepEqual(await countsByKey(registry, undefined, 'http_response_status_code'), {
          'GET /users/:id 200': 1,
          'POST /orders/:id 201': 1,
          'GET unmatched 404': 1,
          'GET /boom 500': 1,
        });
      } finally {
        await app.close();
      }
    });
  });
}
