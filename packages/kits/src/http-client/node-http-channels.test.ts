import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Registry } from '@telemeter/core';
import { WebSocket, WebSocketServer } from 'ws';
import { sleep, until } from '../shared/testing/async.js';
import { histogramOf, seriesOf, sumOf } from '../shared/testing/metric-values.js';
import {
  ACTIVE,
  CONNECT,
  CONNECTIONS,
  DURATION,
  ERRORS,
  instrumentPerTest,
  REQUESTS,
  TTFB,
} from './testing/instrumented.js';
import { refusedPort, startServer } from './testing/servers.js';

const instrument = instrumentPerTest({ undici: false });

/** http.request as a promise of `{ status, body }`. */
function request(
  url: string,
  options: https.RequestOptions & { body?: string; client?: typeof http | typeof https } = {},
): Promise<{ status: number; body: string }> {
  const { body, client = http, ...rest } = options;
  return new Promise((resolve, reject) => {
    const req = client.request(url, rest, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('instrumentHttpClient with node:http', () => {
  it('records duration, time to first byte, connect once and reuse with a keep-alive agent', async () => {
    const registry = new Registry();
    instrument(registry);
    const server = await startServer((req, res) => {
      req.resume();
      res.writeHead(201);
      res.write('a');
      setTimeout(() => res.end('b'), 30);
    });
    const agent = new http.Agent({ keepAlive: true });
    try {
      assert.deepEqual(await request(`${server.origin}/x`, { agent }), { status: 201, body: 'ab' });
      assert.deepEqual(await request(`${server.origin}/y`, { agent, method: 'POST', body: 'payload' }), {
        status: 201,
        body: 'ab',
      });
      await until(async () => (await sumOf(registry, REQUESTS)) === 2);
      const address = `127.0.0.1:${server.port}`;
      assert.equal(await sumOf(registry, CONNECTIONS, { server_address: address, reused: 'false' }), 1);
      assert.equal(await sumOf(registry, CONNECTIONS, { server_address: address, reused: 'true' }), 1);
      const connect = await histogramOf(registry, CONNECT, { server_address: address });
      assert.equal(connect.count, 1);
      assert.ok(connect.sum > 0 && connect.sum < 1);
      for (const method of ['GET', 'POST']) {
        const labels = { http_request_method: method, server_address: address };
        assert.equal(
          await sumOf(registry, REQUESTS, {
            ...labels,
            http_response_status_class: '2xx',
            outcome: 'success',
          }),
          1,
        );
        const duration = await histogramOf(registry, DURATION, labels);
        const ttfb = await histogramOf(registry, TTFB, labels);
        assert.equal(duration.count, 1);
        assert.ok(duration.sum >= 0.025, `${method} took ${duration.sum}s`);
        assert.ok(ttfb.sum < duration.sum, `${method}: ttfb ${ttfb.sum}s, duration ${duration.sum}s`);
      }
      assert.equal(await sumOf(registry, ACTIVE), 0);
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  it('counts a refused connect with its code and leaves the error to the application', async () => {
    const registry = new Registry();
    instrument(registry);
    const port = await refusedPort();
    await assert.rejects(request(`http://127.0.0.1:${port}/`), { code: 'ECONNREFUSED' });
    const address = `127.0.0.1:${port}`;
    assert.equal(
      await sumOf(registry, ERRORS, {
        server_address: address,
        error_type: 'ECONNREFUSED',
        phase: 'connect',
      }),
      1,
    );
    assert.equal(await sumOf(registry, REQUESTS, { outcome: 'error', http_response_status_class: '' }), 1);
    assert.equal((await histogramOf(registry, CONNECT)).count, 0);
    assert.equal(await sumOf(registry, ACTIVE), 0);
  });

  it('ends a request the caller destroys before and after the response started', async () => {
    const registry = new Registry();
    instrument(registry);
    let arrived!: () => void;
    const hanging = new Promise<void>((resolve) => (arrived = resolve));
    const server = await startServer((req, res) => {
      if (req.url === '/hang') {
        arrived();
        return;
      }
      res.writeHead(200);
      res.write('partial');
    });
    try {
      // After the headers: the response closes incomplete.
      await new Promise<void>((resolve) => {
        const req = http.get(`${server.origin}/after`, (res) => {
          res.once('close', () => resolve());
          req.destroy();
        });
        req.on('error', () => {});
      });
      // Sent, no response yet: node:http emits 'socket hang up' (ECONNRESET) on the request.
      await new Promise<void>((resolve) => {
        const req = http.get(`${server.origin}/hang`);
        req.on('error', () => {});
        req.on('close', () => resolve());
        void hanging.then(() => req.destroy());
      });
      await until(async () => (await sumOf(registry, REQUESTS)) === 2);
      const ended = await seriesOf(registry, REQUESTS);
      const statuses = ended
        .map((s) => `${s.http_response_status_class}/${s.error_type}/${s.outcome}`)
        .sort();
      assert.deepEqual(statuses, ['/ECONNRESET/error', '2xx/ECONNRESET/error']);
      assert.equal(await sumOf(registry, ERRORS, { phase: 'response' }), 1);
      assert.equal(await sumOf(registry, ERRORS, { phase: 'request' }), 1);
      assert.equal(await sumOf(registry, ACTIVE), 0);
    } finally {
      await server.close();
    }
  });

  it('leaves WebSocket upgrades out: they are not request/response traffic', async () => {
    const registry = new Registry();
    instrument(registry);
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const { port } = wss.address() as { port: number };
    try {
      const ws = new WebSocket(`ws://127.0.0.1:${port}`);
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      ws.close();
      await new Promise<void>((resolve) => ws.once('close', () => resolve()));
      await sleep(10);
      assert.equal(await sumOf(registry, REQUESTS), 0);
      assert.equal(await sumOf(registry, ACTIVE), 0);
    } finally {
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    }
  });

  it('measures the TLS handshake into the connect duration for node:https', async (t) => {
    let dir: string;
    let key: Buffer;
    let cert: Buffer;
    try {
      dir = mkdtempSync(join(tmpdir(), 'telemeter-tls-'));
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost'].concat([
          '-keyout',
          join(dir, 'key.pem'),
          '-out',
          join(dir, 'cert.pem'),
        ]),
        { stdio: 'ignore' },
      );
      key = readFileSync(join(dir, 'key.pem'));
      cert = readFileSync(join(dir, 'cert.pem'));
      rmSync(dir, { recursive: true, force: true });
    } catch {
      t.skip('openssl is not available to make a certificate');
      return;
    }
    const registry = new Registry();
    instrument(registry);
    const server = https.createServer({ key, cert }, (_req, res) => res.end('secure'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const agent = new https.Agent({ keepAlive: true, ca: cert, servername: 'localhost' });
    try {
      const url = `https://127.0.0.1:${port}/`;
      for (let i = 0; i < 2; i++) {
        assert.deepEqual(await request(url, { agent, client: https, servername: 'localhost' }), {
          status: 200,
          body: 'secure',
        });
      }
      await until(async () => (await sumOf(registry, REQUESTS)) === 2);
      const address = `127.0.0.1:${port}`;
      const connect = await histogramOf(registry, CONNECT, { server_address: address });
      assert.equal(connect.count, 1);
      assert.ok(connect.sum > 0);
      assert.equal(await sumOf(registry, CONNECTIONS, { reused: 'true' }), 1);
    } finally {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
