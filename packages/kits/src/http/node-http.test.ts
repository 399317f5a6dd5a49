import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import { test } from 'node:test';
import { InvalidConfigError, Registry, setEnabled } from '@telemeter/core';
import { waitFor } from '@telemeter/testkit';
import { instrumentHttpServer } from './node-http.js';
import { activeRequests, closeServer, countsByKey, histogramRows, portOf, send } from './testing/client.js';

async function serve(handler: http.RequestListener): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: portOf(server) };
}

const ok: http.RequestListener = (_req, res) => res.end('ok');

test('route() wins over routes; null leaves a request out; undefined falls back', async () => {
  const registry = new Registry();
  const { server, port } = await serve(ok);
  instrumentHttpServer(server, {
    registry,
    routes: ['/users/:id'],
    route: (req) => {
      if (req.url === '/metrics') return null;
      if (req.url?.startsWith('/special/')) return '/special/:thing';
      return undefined;
    },
  });
  try {
    await send(port, 'GET', '/special/1');
    await send(port, 'GET', '/users/1');
    await send(port, 'GET', '/metrics');
    await send(port, 'GET', '/other');
    assert.deepEqual(await countsByKey(registry), {
      'GET /special/:thing 2xx': 1,
      'GET /users/:id 2xx': 1,
      'GET unmatched 2xx': 1,
    });
    assert.equal(await activeRequests(registry), 0, 'an ignored request still leaves the in-flight gauge');
  } finally {
    await closeServer(server);
  }
});

test('without route information every request is "unmatched" (or unmatchedRoute)', async () => {
  const registry = new Registry();
  const { server, port } = await serve(ok);
  instrumentHttpServer(server, { registry, unmatchedRoute: 'all' });
  try {
    await send(port, 'GET', '/a');
    await send(port, 'PUT', '/b', 'x');
    assert.deepEqual(await countsByKey(registry), { 'GET all 2xx': 1, 'PUT all 2xx': 1 });
  } finally {
    await closeServer(server);
  }
});

test('keep-alive requests on one connection are each counted', async () => {
  const registry = new Registry();
  const { server, port } = await serve(ok);
  instrumentHttpServer(server, { registry, routes: ['/n/:i'] });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path: `/n/${i}`, agent }, (res) => {
            res.resume();
            res.on('end', resolve);
          })
          .on('error', reject);
      });
    }
    assert.deepEqual(await countsByKey(registry), { 'GET /n/:i 2xx': 20 });
  } finally {
    agent.destroy();
    await closeServer(server);
  }
});

test('body sizes: HEAD and 204 send empty bodies; chunked bodies and bodiless requests are not observed', async () => {
  const registry = new Registry();
  const { server, port } = await serve((req, res) => {
    if (req.url === '/empty') {
      res.statusCode = 204;
      return res.end();
    }
    if (req.url === '/chunked') {
      req.resume();
      res.write('part one, ');
      return res.end('part two');
    }
    res.end('twelve bytes');
  });
  instrumentHttpServer(server, { registry, routes: ['/empty', '/chunked', '/fixed'] });
  try {
    await send(port, 'HEAD', '/fixed');
    await send(port, 'GET', '/fixed');
    await send(port, 'GET', '/empty');
    await send(port, 'GET', '/chunked');
    await send(port, 'PUT', '/fixed', 'seventeen bytes!!');
    // A chunked request body: no Content-Length to read.
    await new Promise<void>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port, method: 'POST', path: '/chunked', agent: false },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.write('a');
      req.end('b');
    });
    const rows = (name: string) =>
      histogramRows(registry, name).then((all) =>
        Object.fromEntries(
          all.map((r) => [`${r.labels.http_request_method} ${r.labels.http_route}`, [r.count, r.sum]]),
        ),
      );
    assert.deepEqual(await rows('http_server_response_body_size_bytes'), {
      'HEAD /fixed': [1, 0],
      'GET /fixed': [1, 12],
      'GET /empty': [1, 0],
      'GET /chunked': [0, 0],
      'PUT /fixed': [1, 12],
      'POST /chunked': [0, 0],
    });
    // Only requests with a Content-Length are observed: not the bodiless ones, not chunked uploads.
    assert.deepEqual(await rows('http_server_request_body_size_bytes'), {
      'HEAD /fixed': [0, 0],
      'GET /fixed': [0, 0],
      'GET /empty': [0, 0],
      'GET /chunked': [0, 0],
      'PUT /fixed': [1, 17],
      'POST /chunked': [0, 0],
    });
    assert.deepEqual((await countsByKey(registry))['POST /chunked 2xx'], 1);
  } finally {
    await closeServer(server);
  }
});

test('a throwing route() never reaches the application: warned once, counted as unmatched', async () => {
  const registry = new Registry();
  const { server, port } = await serve(ok);
  instrumentHttpServer(server, {
    registry,
    route: () => {
      throw new Error('router bug');
    },
  });
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  process.on('warning', onWarning);
  try {
    assert.equal((await send(port, 'GET', '/a')).body, 'ok');
    assert.equal((await send(port, 'GET', '/b')).body, 'ok');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(await countsByKey(registry), { 'GET unmatched 2xx': 2 });
    const ours = warnings.filter((w) => (w as { code?: string }).code === 'TELEMETER_W_HTTP_METRICS');
    assert.equal(ours.length, 1);
    assert.match(ours[0]!.message, /router bug/);
  } finally {
    process.off('warning', onWarning);
    await closeServer(server);
  }
});

test('stop() stops recording new requests; in-flight ones still complete their records', async () => {
  const registry = new Registry();
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let arrived!: () => void;
  const arrival = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  const { server, port } = await serve(async (req, res) => {
    if (req.url === '/slow') {
      arrived();
      await released;
    }
    res.end('ok');
  });
  const instrumentation = instrumentHttpServer(server, { registry, routes: ['/slow', '/fast'] });
  try {
    const slow = send(port, 'GET', '/slow');
    await arrival;
    instrumentation.stop();
    instrumentation.stop();
    await send(port, 'GET', '/fast');
    release();
    await slow;
    await waitFor('the slow request', async () =>
      (await activeRequests(registry)) === 0 ? true : undefined,
    );
    assert.deepEqual(await countsByKey(registry), { 'GET /slow 2xx': 1 });
  } finally {
    await closeServer(server);
  }
});

test('setEnabled(false) records nothing', async () => {
  const registry = new Registry();
  const { server, port } = await serve(ok);
  instrumentHttpServer(server, { registry, routes: ['/a'] });
  setEnabled(false);
  try {
    await send(port, 'GET', '/a');
  } finally {
    setEnabled(true);
  }
  try {
    await send(port, 'GET', '/a');
    assert.deepEqual(await countsByKey(registry), { 'GET /a 2xx': 1 });
  } finally {
    await closeServer(server);
  }
});

test('two instrumentations of one server (two registries) record independently', async () => {
  const a = new Registry();
  const b = new Registry();
  const { server, port } = await serve(ok);
  instrumentHttpServer(server, { registry: a, routes: ['/x'] });
  instrumentHttpServer(server, { registry: b });
  try {
    await send(port, 'GET', '/x');
    assert.deepEqual(await countsByKey(a), { 'GET /x 2xx': 1 });
    assert.deepEqual(await countsByKey(b), { 'GET unmatched 2xx': 1 });
  } finally {
    await closeServer(server);
  }
});

test('bad arguments are refused at creation', () => {
  assert.throws(() => instrumentHttpServer({} as http.Server), InvalidConfigError);
  const server = http.createServer();
  assert.throws(() => instrumentHttpServer(server, { route: '/x' as never }), InvalidConfigError);
  assert.throws(() => instrumentHttpServer(server, { routes: ['x'] }), InvalidConfigError);
  assert.equal(server.listenerCount('request'), 0, 'nothing attached when the options are bad');
});
