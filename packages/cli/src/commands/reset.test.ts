import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Registry } from '@telemeter/core';
import { runCli } from '../testing/run-cli.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ url: string; server: Server; calls: string[] }> {
  const calls: string[] = [];
  const server = createServer((req, res) => {
    calls.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'}`);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, calls };
}

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('telemeter reset (the built bin)', { timeout: 30_000 }, () => {
  // A telemeter server's admin endpoint (bearer token), and an app whose handler resets its registry.
  let telemeter: Awaited<ReturnType<typeof serve>>;
  let app: Awaited<ReturnType<typeof serve>>;
  let nothing: Awaited<ReturnType<typeof serve>>;
  const registry = new Registry();
  const jobs = registry.counter({ name: 'jobs_total', help: 'Jobs.' });

  before(async () => {
    telemeter = await serve((req, res) => {
      if (req.url !== '/api/v1/admin/reset')
        return json(res, 404, { status: 'error', errorType: 'not_found', error: 'no route' });
      if (req.method !== 'POST') return json(res, 405, { status: 'error', error: 'use POST' });
      if (!req.headers.authorization)
        return json(res, 401, { status: 'error', error: 'missing bearer token' });
      if (req.headers.authorization !== 'Bearer s3cret')
        return json(res, 403, { status: 'error', error: 'token not allowed' });
      json(res, 200, { status: 'success', data: { reset: 12 } });
    });
    app = await serve((req, res) => {
      if (req.method === 'POST' && req.url === '/metrics/reset') {
        const count = registry.getAll().length;
        registry.resetAll();
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`reset ${count} metrics\n`);
        return;
      }
      res.writeHead(404).end('not found\n');
    });
    nothing = await serve((_req, res) => void res.writeHead(404).end());
  });
  after(() => {
    for (const s of [telemeter, app, nothing]) s.server.close();
  });

  it('resets a telemeter server through POST /api/v1/admin/reset with the token, and says what it reset', async () => {
    const result = await runCli(['reset', telemeter.url, '--token', 's3cret']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `reset ${telemeter.url}/api/v1/admin/reset (200 OK):\n  reset: 12\n`);
    assert.equal(telemeter.calls.at(-1), 'POST /api/v1/admin/reset Bearer s3cret');
  });

  it('takes the token from TELEMETER_TOKEN, and prints the answer with --json', async () => {
    const result = await runCli(['reset', telemeter.url, '--json'], { env: { TELEMETER_TOKEN: 's3cret' } });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      url: `${telemeter.url}/api/v1/admin/reset`,
      status: 200,
      body: { status: 'success', data: { reset: 12 } },
    });
  });

  it('explains 401 and 403 (exit 1)', async () => {
    const missing = await runCli(['reset', telemeter.url]);
    assert.equal(missing.code, 1);
    assert.match(
      missing.stderr,
      /needs a bearer token \(401 Unauthorized\) \(the server said: .*missing bearer token.*\): pass --token T or set TELEMETER_TOKEN/,
    );
    const wrong = await runCli(['reset', telemeter.url, '--token', 'guess']);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /forbids the reset \(403 Forbidden\).*the token lacks admin rights/);
  });

  it('resets an app through /metrics/reset: from its /metrics URL, or from its base URL after the server route 404s', async () => {
    jobs.inc(5);
    const fromMetrics = await runCli(['reset', `${app.url}/metrics`]);
    assert.equal(fromMetrics.code, 0, fromMetrics.stderr);
    assert.match(
      fromMetrics.stdout,
      /^reset http:\/\/127\.0\.0\.1:\d+\/metrics\/reset \(200 OK\):\n {2}reset \d+ metrics\n$/,
    );
    assert.match(await registry.metrics(), /^jobs_total 0$/m);
    const fromBase = await runCli(['reset', app.url]);
    assert.equal(fromBase.code, 0, fromBase.stderr);
    assert.deepEqual(
      app.calls.slice(-2).map((c) => c.split(' ').slice(0, 2).join(' ')),
      ['POST /api/v1/admin/reset', 'POST /metrics/reset'],
    );
  });

  it('uses a URL ending in /reset as it is', async () => {
    const result = await runCli(['reset', `${app.url}/metrics/reset`]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(app.calls.at(-1)?.split(' ')[1], '/metrics/reset');
  });

  it('explains a target without a reset endpoint (404, exit 1)', async () => {
    const base = await runCli(['reset', nothing.url]);
    assert.equal(base.code, 1);
    assert.match(
      base.stderr,
      /no reset endpoint at .*tried POST .*\/api\/v1\/admin\/reset and POST .*\/metrics\/reset, both 404/,
    );
    const metrics = await runCli(['reset', `${nothing.url}/metrics`]);
    assert.equal(metrics.code, 1);
    assert.match(
      metrics.stderr,
      /no reset endpoint at .*\/metrics\/reset \(404 Not Found\): give a telemeter server's base URL/,
    );
  });
});
