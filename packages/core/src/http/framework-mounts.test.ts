// The mounts documented in docs/http.md, each run in the real framework on 127.0.0.1.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { serve } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import { Counter } from '../counter.js';
import { Registry } from '../registry.js';
import { createFetchHandler } from './fetch-handler.js';
import { createMetricsHandler } from './metrics-handler.js';
import type { ReadinessChecks } from './readiness.js';
import { createMetricsRenderer } from './renderer.js';
import { request } from './testing/request.js';

const OPENMETRICS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

function appRegistry(framework: string): Registry {
  const registry = new Registry({ selfMetrics: false });
  new Counter({ name: 'mounted_total', help: 'Requests.', labelNames: ['framework'] as const, registry })
    .labels({ framework })
    .inc(3);
  return registry;
}
const readiness: ReadinessChecks = { db: () => Promise.reject(new Error('db is down')) };

/** The same checks for every framework: metrics in all formats, gzip, HEAD, 405, health, readiness, app routes. */
function describeMount(framework: string, start: () => Promise<{ base: string; stop: () => Promise<void> }>) {
  describe(`mounted in ${framework}`, () => {
    let base = '';
    let stop: () => Promise<void> = async () => {};
    before(async () => {
      ({ base, stop } = await start());
    });
    after(() => stop());

    it('serves Prometheus text by default', async () => {
      const res = await request(`${base}/metrics`);
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.match(res.body.toString(), new RegExp(`^mounted_total\\{framework="${framework}"\\} 3$`, 'm'));
    });

    it('serves OpenMetrics to Prometheus and JSON on request', async () => {
      const om = await request(`${base}/metrics`, { headers: { accept: OPENMETRICS_ACCEPT } });
      assert.match(om.headers['content-type'] ?? '', /^application\/openmetrics-text; version=1\.0\.0/);
      assert.ok(om.body.toString().endsWith('# EOF\n'));
      const json = await request(`${base}/metrics?format=json`);
      assert.match(json.headers['content-type'] ?? '', /^application\/json/);
      assert.equal(JSON.parse(json.body.toString()).families[0].name, 'mounted_total');
    });

    it('gzips for clients that accept it', async () => {
      const res = await request(`${base}/metrics`, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(res.headers['content-encoding'], 'gzip');
      assert.match(gunzipSync(res.body).toString(), /^mounted_total\{/m);
    });

    it('answers HEAD without a body', async () => {
      const res = await request(`${base}/metrics`, { method: 'HEAD' });
      assert.equal(res.status, 200);
      assert.match(res.headers['content-type'] ?? '', /^text\/plain; version=0\.0\.4/);
      assert.equal(res.body.length, 0);
    });

    it('answers 405 to POST /metrics', async () => {
      const res = await request(`${base}/metrics`, { method: 'POST' });
      assert.equal(res.status, 405);
    });

    it('serves /health and a 503 /ready naming the failing check', async () => {
      const health = await request(`${base}/health`);
      assert.equal(health.status, 200);
      assert.deepEqual(JSON.parse(health.body.toString()), { status: 'ok' });
      const ready = await request(`${base}/ready`);
      assert.equal(ready.status, 503);
      const report = JSON.parse(ready.body.toString());
      assert.deepEqual(report.failed, ['db']);
      assert.equal(report.checks.db.error, 'db is down');
    });

    it("leaves the app's own routes alone", async () => {
      const res = await request(`${base}/hello`);
      assert.equal(res.status, 200);
      assert.equal(res.body.toString(), `hello from ${framework}`);
    });
  });
}

describeMount('express', async () => {
  const app = express();
  app.use(createMetricsHandler(appRegistry('express'), { readiness }));
  app.get('/hello', (_req, res) => {
    res.send('hello from express');
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
});

describeMount('fastify', async () => {
  const app = Fastify();
  const render = createMetricsRenderer(appRegistry('fastify'), { readiness });
  // `all`, so other methods get the handler's 405 rather than fastify's 404.
  app.all('/metrics', async (request, reply) => {
    const r = (await render(request.raw))!;
    return reply.code(r.status).headers(r.headers).send(r.body);
  });
  for (const url of ['/health', '/ready']) {
    app.get(url, async (request, reply) => {
      const r = (await render(request.raw))!;
      return reply.code(r.status).headers(r.headers).send(r.body);
    });
  }
  app.get('/hello', async () => 'hello from fastify');
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, stop: () => app.close() };
});

describeMount('koa', async () => {
  const app = new Koa();
  const render = createMetricsRenderer(appRegistry('koa'), { readiness });
  app.use(async (ctx, next) => {
    const r = await render(ctx.req);
    if (!r) return next();
    ctx.status = r.status;
    ctx.set(r.headers);
    ctx.body = r.body;
  });
  app.use((ctx) => {
    if (ctx.path === '/hello') ctx.body = 'hello from koa';
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
});

describeMount('hono', async () => {
  const app = new Hono();
  const metrics = createFetchHandler(appRegistry('hono'), { readiness });
  app.all('/metrics', (c) => metrics(c.req.raw));
  app.get('/health', (c) => metrics(c.req.raw));
  app.get('/ready', (c) => metrics(c.req.raw));
  app.get('/hello', (c) => c.text('hello from hono'));
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
        resolve({ server: s, port: info.port }),
      );
    },
  );
  return {
    base: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
});
