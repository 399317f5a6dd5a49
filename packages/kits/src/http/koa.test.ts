import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import Router from '@koa/router';
import { Registry } from '@telemeter/core';
import Koa from 'koa';
import { koaHttpMetrics } from './koa.js';
import { closeServer, countsByKey, portOf, send } from './testing/client.js';

async function listen(app: Koa): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: portOf(server) };
}

test('router prefixes and nested routers give full templates', async () => {
  const registry = new Registry();
  const app = new Koa();
  const api = new Router({ prefix: '/api' });
  api.get('/users/:id', (ctx) => {
    ctx.body = 'u';
  });
  const nested = new Router();
  nested.get('/items/:id', (ctx) => {
    ctx.body = 'i';
  });
  api.use('/v2', nested.routes());
  app.use(koaHttpMetrics({ registry }));
  app.use(api.routes());
  app.use(api.allowedMethods());
  const { server, port } = await listen(app);
  try {
    await send(port, 'GET', '/api/users/1');
    await send(port, 'GET', '/api/v2/items/2');
    await send(port, 'POST', '/api/users/1', 'x');
    await send(port, 'GET', '/elsewhere');
    assert.deepEqual(await countsByKey(registry), {
      'GET /api/users/:id 2xx': 1,
      'GET /api/v2/items/:id 2xx': 1,
      'POST unmatched 4xx': 1,
      'GET unmatched 4xx': 1,
    });
  } finally {
    await closeServer(server);
  }
});

test("thrown errors reach Koa's error handling unchanged", async () => {
  const registry = new Registry();
  const app = new Koa();
  app.silent = true;
  const thrown = Object.assign(new Error('teapot'), { status: 418, expose: true });
  let seen: unknown;
  app.on('error', (error) => {
    seen = error;
  });
  const router = new Router();
  router.get('/brew/:id', () => {
    throw thrown;
  });
  app.use(koaHttpMetrics({ registry }));
  app.use(router.routes());
  const { server, port } = await listen(app);
  try {
    const reply = await send(port, 'GET', '/brew/1');
    assert.equal(reply.status, 418);
    assert.equal(reply.body, 'teapot');
    assert.equal(seen, thrown);
    assert.deepEqual(await countsByKey(registry), { 'GET /brew/:id 4xx': 1 });
  } finally {
    await closeServer(server);
  }
});
