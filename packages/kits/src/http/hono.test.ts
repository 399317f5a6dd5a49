import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from '@telemeter/core';
import { Hono } from 'hono';
import { honoHttpMetrics } from './hono.js';
import { activeRequests, countsByKey, histogramRows } from './testing/client.js';

// Without @hono/node-server (app.request() builds a Request directly, as Bun, Deno or workers
// would), the middleware times `await next()` from the Fetch API objects.
test('fetch-style: sub-app routes, 404s and errors, sizes from headers', async () => {
  const registry = new Registry();
  const app = new Hono();
  app.use(honoHttpMetrics({ registry }));
  const api = new Hono();
  api.get('/users/:id', (c) => c.text(`user:${c.req.param('id')}`));
  api.post('/orders/:id', async (c) => c.json({ received: (await c.req.text()).length }, 201));
  api.get('/boom', () => {
    throw new Error('boom');
  });
  app.route('/api', api);
  app.onError((_error, c) => c.text('failed', 500));

  assert.equal((await app.request('/api/users/7')).status, 200);
  assert.equal((await app.request('/api/users/8')).status, 200);
  const post = await app.request('/api/orders/1', {
    method: 'POST',
    body: 'x'.repeat(50),
    headers: { 'content-length': '50' },
  });
  assert.equal(post.status, 201);
  assert.equal((await app.request('/api/boom')).status, 500);
  assert.equal((await app.request('/nowhere')).status, 404);

  assert.deepEqual(await countsByKey(registry), {
    'GET /api/users/:id 2xx': 2,
    'POST /api/orders/:id 2xx': 1,
    'GET /api/boom 5xx': 1,
    'GET unmatched 4xx': 1,
  });
  assert.equal(await activeRequests(registry), 0);
  const requestSizes = await histogramRows(registry, 'http_server_request_body_size_bytes');
  const post50 = requestSizes.find((r) => r.labels.http_request_method === 'POST');
  assert.deepEqual([post50?.count, post50?.sum], [1, 50]);
});

test('a later middleware that answers is the route (its path pattern)', async () => {
  const registry = new Registry();
  const app = new Hono();
  app.use(honoHttpMetrics({ registry }));
  app.use('/admin/*', async (c, next) => {
    if (c.req.header('authorization') === undefined) return c.text('no', 401);
    await next();
  });
  app.get('/admin/users/:id', (c) => c.text('ok'));
  await app.request('/admin/users/1');
  await app.request('/admin/users/1', { headers: { authorization: 'x' } });
  assert.deepEqual(await countsByKey(registry), {
    'GET /admin/* 4xx': 1,
    'GET /admin/users/:id 2xx': 1,
  });
});
