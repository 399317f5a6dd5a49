import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import { Registry } from '@telemeter/core';
import express from 'express';
import { expressHttpMetrics } from './express.js';
import { closeServer, countsByKey, portOf, send } from './testing/client.js';

async function listen(app: express.Express): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: portOf(server) };
}

test('mounted routers: baseUrl + route path; regexps and arrays stay bounded', async () => {
  const registry = new Registry();
  const app = express();
  app.use(expressHttpMetrics({ registry }));
  const api = express.Router();
  api.get('/users/:id', (_req, res) => {
    res.send('u');
  });
  const v2 = express.Router();
  v2.get('/items/:id', (_req, res) => {
    res.send('i');
  });
  api.use('/v2', v2);
  app.use('/api', api);
  app.get(/^\/re\/\d+$/, (_req, res) => {
    res.send('re');
  });
  app.get(['/a/:x', '/b/:x'], (_req, res) => {
    res.send('ab');
  });
  const { server, port } = await listen(app);
  try {
    await send(port, 'GET', '/api/users/1');
    await send(port, 'GET', '/api/users/2');
    await send(port, 'GET', '/api/v2/items/3');
    await send(port, 'GET', '/re/123');
    await send(port, 'GET', '/b/9');
    assert.deepEqual(await countsByKey(registry), {
      'GET /api/users/:id 2xx': 2,
      'GET /api/v2/items/:id 2xx': 1,
      'GET /^\\/re\\/\\d+$/ 2xx': 1,
      'GET /a/:x,/b/:x 2xx': 1,
    });
  } finally {
    await closeServer(server);
  }
});

test("errors reach the application's error handler unchanged", async () => {
  const registry = new Registry();
  const app = express();
  app.use(expressHttpMetrics({ registry }));
  const thrown = new Error('kaput');
  let seen: unknown;
  app.get('/fail/:id', () => {
    throw thrown;
  });
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    seen = error;
    res.status(503).send('sorry');
  });
  const { server, port } = await listen(app);
  try {
    const reply = await send(port, 'GET', '/fail/1');
    assert.equal(reply.status, 503);
    assert.equal(seen, thrown);
    assert.deepEqual(await countsByKey(registry), { 'GET /fail/:id 5xx': 1 });
  } finally {
    await closeServer(server);
  }
});

test('route option overrides, and the middleware mounted twice counts once', async () => {
  const registry = new Registry();
  const app = express();
  const metrics = expressHttpMetrics({
    registry,
    route: (req) => (req.url === '/health' ? null : undefined),
  });
  app.use(metrics);
  app.use(metrics);
  app.get('/health', (_req, res) => {
    res.send('ok');
  });
  app.get('/x/:id', (_req, res) => {
    res.send('x');
  });
  const { server, port } = await listen(app);
  try {
    await send(port, 'GET', '/health');
    await send(port, 'GET', '/x/1');
    assert.deepEqual(await countsByKey(registry), { 'GET /x/:id 2xx': 1 });
    assert.equal(metrics.metrics.activeRequests.labels({ http_request_method: 'GET' }).get(), 0);
  } finally {
    await closeServer(server);
  }
});
