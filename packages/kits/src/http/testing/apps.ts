/**
 * The same small application on each framework, for the shared adapter suite: routes with ids,
 * a body-reading route, one that throws, one that waits for the test, one that never answers.
 */
import http from 'node:http';
import { serve } from '@hono/node-server';
import Router from '@koa/router';
import type { Registry } from '@telemeter/core';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import { expressHttpMetrics } from '../express.js';
import { fastifyHttpMetrics } from '../fastify.js';
import { honoHttpMetrics } from '../hono.js';
import { koaHttpMetrics } from '../koa.js';
import { instrumentHttpServer } from '../node-http.js';
import type { HttpServerMetricsOptions } from '../options.js';
import { closeServer, type Gate, gate, portOf } from './client.js';

export interface Hooks {
  slowArrived: Gate;
  slowRelease: Gate;
  hangArrived: Gate;
}

export function hooks(): Hooks {
  return { slowArrived: gate(), slowRelease: gate(), hangArrived: gate() };
}

export interface RunningApp {
  port: number;
  close(): Promise<void>;
}

export type StartApp = (
  registry: Registry,
  hooks: Hooks,
  options?: HttpServerMetricsOptions,
) => Promise<RunningApp>;

const never = new Promise<never>(() => {});

function listen(server: http.Server): Promise<RunningApp> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ port: portOf(server), close: () => closeServer(server) }));
  });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

export const startNodeHttp: StartApp = async (registry, h, options) => {
  const server = http.createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const user = /^\/users\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && user) return res.end(`user:${user[1]}`);
    if (req.method === 'POST' && /^\/orders\/[^/]+$/.test(path)) {
      const body = await readBody(req);
      res.statusCode = 201;
      return res.end(JSON.stringify({ received: body.length }));
    }
    if (path === '/boom') {
      // node:http has no error handling of its own: the application answers 500.
      res.statusCode = 500;
      return res.end('boom');
    }
    if (path === '/slow') {
      h.slowArrived.open();
      await h.slowRelease.promise;
      return res.end('done');
    }
    if (path === '/hang') {
      h.hangArrived.open();
      return;
    }
    res.statusCode = 404;
    res.end('not found');
  });
  instrumentHttpServer(server, {
    ...options,
    registry,
    routes: ['/users/:id', '/orders/:id', '/boom', '/slow', '/hang'],
  });
  return listen(server);
};

export const startExpress: StartApp = async (registry, h, options) => {
  const app = express();
  app.set('env', 'test'); // the final handler logs errors' stacks otherwise
  app.use(expressHttpMetrics({ ...options, registry }));
  app.get('/users/:id', (req, res) => {
    res.send(`user:${req.params.id}`);
  });
  app.post('/orders/:id', async (req, res) => {
    const body = await readBody(req);
    res.status(201).json({ received: body.length });
  });
  app.get('/boom', () => {
    throw new Error('boom');
  });
  app.get('/slow', async (_req, res) => {
    h.slowArrived.open();
    await h.slowRelease.promise;
    res.send('done');
  });
  app.get('/hang', async () => {
    h.hangArrived.open();
    await never;
  });
  return listen(http.createServer(app));
};

export const startFastify: StartApp = async (registry, h, options) => {
  const app = Fastify();
  await app.register(fastifyHttpMetrics({ ...options, registry }));
  app.get<{ Params: { id: string } }>('/users/:id', async (request, reply) => {
    reply.type('text/plain');
    return `user:${request.params.id}`;
  });
  app.post('/orders/:id', async (request, reply) => {
    reply.code(201);
    return { received: String(request.body).length };
  });
  app.get('/boom', async () => {
    throw new Error('boom');
  });
  app.get('/slow', async (_request, reply) => {
    h.slowArrived.open();
    await h.slowRelease.promise;
    reply.type('text/plain');
    return 'done';
  });
  app.get('/hang', async () => {
    h.hangArrived.open();
    await never;
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { port: portOf(app.server), close: () => app.close() };
};

export const startKoa: StartApp = async (registry, h, options) => {
  const app = new Koa();
  app.silent = true;
  const router = new Router();
  router.get('/users/:id', (ctx) => {
    ctx.body = `user:${ctx.params.id}`;
  });
  router.post('/orders/:id', async (ctx) => {
    const body = await readBody(ctx.req);
    ctx.status = 201;
    ctx.body = { received: body.length };
  });
  router.get('/boom', () => {
    throw new Error('boom');
  });
  router.get('/slow', async (ctx) => {
    h.slowArrived.open();
    await h.slowRelease.promise;
    ctx.body = 'done';
  });
  router.get('/hang', async () => {
    h.hangArrived.open();
    await never;
  });
  app.use(koaHttpMetrics({ ...options, registry }));
  app.use(router.routes());
  return listen(http.createServer(app.callback()));
};

export const startHono: StartApp = async (registry, h, options) => {
  const app = new Hono();
  app.use(honoHttpMetrics({ ...options, registry }));
  app.get('/users/:id', (c) => c.text(`user:${c.req.param('id')}`));
  app.post('/orders/:id', async (c) => c.json({ received: (await c.req.text()).length }, 201));
  app.get('/boom', () => {
    throw new Error('boom');
  });
  app.get('/slow', async (c) => {
    h.slowArrived.open();
    await h.slowRelease.promise;
    return c.text('done');
  });
  app.get('/hang', async () => {
    h.hangArrived.open();
    return never;
  });
  app.onError((_error, c) => c.text('boom', 500));
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      resolve({ port: info.port, close: () => closeServer(server as http.Server) });
    });
  });
};

export const APPS: Record<string, StartApp> = {
  'node:http': startNodeHttp,
  express: startExpress,
  fastify: startFastify,
  koa: startKoa,
  hono: startHono,
};
