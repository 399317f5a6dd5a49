import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from '@telemeter/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { fastifyHttpMetrics } from './fastify.js';
import { countsByKey, portOf, send } from './testing/client.js';

test('its hook reaches routes outside its own register() context (skip-override)', async () => {
  const registry = new Registry();
  const app = Fastify();
  // Without the skip-override mark register() would encapsulate the plugin, and its onRequest
  // hook would apply to nothing registered outside it.
  await app.register(fastifyHttpMetrics({ registry }));
  await app.register(
    async (api: FastifyInstance) => {
      api.get('/users/:id', async () => 'u');
    },
    { prefix: '/api' },
  );
  app.get('/', async () => 'root');
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const port = portOf(app.server);
    await send(port, 'GET', '/api/users/1');
    await send(port, 'GET', '/api/users/2');
    await send(port, 'GET', '/');
    await send(port, 'GET', '/api/nothing');
    assert.deepEqual(await countsByKey(registry), {
      'GET /api/users/:id 2xx': 2,
      'GET / 2xx': 1,
      'GET unmatched 4xx': 1,
    });
  } finally {
    await app.close();
  }
});

test('errors reach the error handler unchanged; route option overrides', async () => {
  const registry = new Registry();
  const app = Fastify();
  await app.register(
    fastifyHttpMetrics({ registry, route: (request) => (request.raw.url === '/ping' ? null : undefined) }),
  );
  const thrown = Object.assign(new Error('kaput'), { statusCode: 502 });
  let seen: unknown;
  app.setErrorHandler((error, _request, reply) => {
    seen = error;
    reply.code(502).send('bad gateway');
  });
  app.get('/fail/:id', async () => {
    throw thrown;
  });
  app.get('/ping', async () => 'pong');
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const port = portOf(app.server);
    assert.equal((await send(port, 'GET', '/fail/3')).status, 502);
    assert.equal(seen, thrown);
    await send(port, 'GET', '/ping');
    assert.deepEqual(await countsByKey(registry), { 'GET /fail/:id 5xx': 1 });
  } finally {
    await app.close();
  }
});

test('the plugin carries the fastify-plugin marks', () => {
  const plugin = fastifyHttpMetrics({ registry: new Registry() }) as unknown as Record<symbol, unknown>;
  assert.equal(plugin[Symbol.for('skip-override')], true);
  assert.equal(plugin[Symbol.for('fastify.display-name')], '@telemeter/kits/http');
});
