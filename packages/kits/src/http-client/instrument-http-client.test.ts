import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuplicateMetricError, InvalidConfigError, Registry } from '@telemeter/core';
import { sleep, tick, until } from '../shared/testing/async.js';
import { histogramOf, seriesOf, sumOf } from '../shared/testing/metric-values.js';
import { instrumentHttpClient } from './instrument-http-client.js';
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

const instrument = instrumentPerTest({ nodeHttp: false });

describe('instrumentHttpClient with fetch (undici)', () => {
  it('records duration, time to first byte, one connect and keep-alive reuse', async () => {
    const registry = new Registry();
    instrument(registry);
    // Headers first, body 40 ms later: time to first byte must be well below the total duration.
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first');
      setTimeout(() => res.end(' last'), 40);
    });
    try {
      const address = `127.0.0.1:${server.port}`;
      for (let i = 0; i < 2; i++) {
        const response = await fetch(`${server.origin}/items/${i}?q=${i}`);
        assert.equal(await response.text(), 'first last');
        // undici marks the connection idle just after the body completes; a fetch in the same tick opens another.
        await tick();
      }
      const labels = { server_address: address };
      assert.equal(await sumOf(registry, CONNECTIONS, { ...labels, reused: 'false' }), 1);
      assert.equal(await sumOf(registry, CONNECTIONS, { ...labels, reused: 'true' }), 1);
      const connect = await histogramOf(registry, CONNECT, labels);
      assert.equal(connect.count, 1, 'the connect is recorded once');
      assert.ok(connect.sum > 0 && connect.sum < 1, `connect took ${connect.sum}s`);

      const ok = { http_request_method: 'GET', server_address: address, http_response_status_class: '2xx' };
      assert.equal(await sumOf(registry, REQUESTS, { ...ok, error_type: '', outcome: 'success' }), 2);
      const duration = await histogramOf(registry, DURATION, { ...ok, error_type: '' });
      const ttfb = await histogramOf(registry, TTFB, { http_request_method: 'GET', server_address: address });
      assert.equal(duration.count, 2);
      assert.equal(ttfb.count, 2);
      assert.ok(duration.sum >= 0.07, `two bodies of >= 40 ms took ${duration.sum}s`);
      // The body ends 40 ms after the headers were sent; a busy event loop can see the headers late, so
      // only the order is asserted, not the size of the gap.
      assert.ok(ttfb.sum < duration.sum, `ttfb ${ttfb.sum}s vs duration ${duration.sum}s`);
      assert.equal(await sumOf(registry, ACTIVE), 0);
      assert.equal(await sumOf(registry, ERRORS), 0);
      // Raw paths and query strings never become labels.
      const text = await registry.metrics();
      assert.ok(!text.includes('/items'));
    } finally {
      await server.close();
    }
  });

  it('counts a refused connect as an error of phase connect with its code', async () => {
    const registry = new Registry();
    instrument(registry);
    const port = await refusedPort();
    await assert.rejects(
      fetch(`http://127.0.0.1:${port}/`),
      (error: Error & { cause?: { code?: string } }) => {
        assert.equal(error.cause?.code, 'ECONNREFUSED');
        return true;
      },
    );
    const address = `127.0.0.1:${port}`;
    assert.equal(
      await sumOf(registry, ERRORS, {
        server_address: address,
        error_type: 'ECONNREFUSED',
        phase: 'connect',
      }),
      1,
    );
    assert.equal(
      await sumOf(registry, REQUESTS, {
        server_address: address,
        http_response_status_class: '',
        error_type: 'ECONNREFUSED',
        outcome: 'error',
      }),
      1,
    );
    assert.equal((await histogramOf(registry, DURATION, { error_type: 'ECONNREFUSED' })).count, 1);
    assert.equal((await histogramOf(registry, CONNECT)).count, 0, 'a failed connect has no connect duration');
    assert.equal((await histogramOf(registry, TTFB)).count, 0);
    assert.equal(await sumOf(registry, CONNECTIONS), 0);
    assert.equal(await sumOf(registry, ACTIVE), 0);
  });

  it('labels 4xx/5xx responses as http_error without counting them as errors', async () => {
    const registry = new Registry();
    instrument(registry);
    const server = await startServer((req, res) => {
      res.statusCode = req.url === '/missing' ? 404 : 503;
      res.end('no');
    });
    try {
      await (await fetch(`${server.origin}/missing`)).text();
      await (await fetch(`${server.origin}/down`, { method: 'POST', body: 'x' })).text();
      assert.equal(
        await sumOf(registry, REQUESTS, { http_response_status_class: '4xx', outcome: 'http_error' }),
        1,
      );
      assert.equal(
        await sumOf(registry, REQUESTS, {
          http_request_method: 'POST',
          http_response_status_class: '5xx',
          outcome: 'http_error',
        }),
        1,
      );
      assert.equal(await sumOf(registry, ERRORS), 0);
    } finally {
      await server.close();
    }
  });

  it('records a caller abort in the middle of the body as aborted, not as an error', async () => {
    const registry = new Registry();
    instrument(registry);
    const server = await startServer((_req, res) => {
      res.writeHead(200);
      res.write('start');
    });
    try {
      const controller = new AbortController();
      const response = await fetch(`${server.origin}/stream`, { signal: controller.signal });
      controller.abort();
      await assert.rejects(response.text(), { name: 'AbortError' });
      await until(async () => (await sumOf(registry, REQUESTS)) === 1);
      assert.equal(
        await sumOf(registry, REQUESTS, {
          http_response_status_class: '2xx',
          error_type: 'AbortError',
          outcome: 'aborted',
        }),
        1,
      );
      assert.equal(await sumOf(registry, ERRORS), 0);
      assert.equal(await sumOf(registry, ACTIVE), 0);
    } finally {
      await server.close();
    }
  });

  it('counts a connection dropped mid-body as an error of phase response', async () => {
    const registry = new Registry();
    instrument(registry);
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    try {
      const response = await fetch(`${server.origin}/`);
      await assert.rejects(response.text());
      await until(async () => (await sumOf(registry, ERRORS)) === 1);
      const [series] = await seriesOf(registry, ERRORS);
      assert.equal(series?.phase, 'response');
      assert.equal(series?.error_type, 'UND_ERR_SOCKET');
      assert.equal(
        await sumOf(registry, REQUESTS, { outcome: 'error', http_response_status_class: '2xx' }),
        1,
      );
    } finally {
      await server.close();
    }
  });

  it('shows requests in flight in the active gauge', async () => {
    const registry = new Registry();
    instrument(registry);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const server = await startServer((_req, res) => {
      void released.then(() => res.end('done'));
    });
    try {
      const pending = [fetch(`${server.origin}/a`), fetch(`${server.origin}/b`), fetch(`${server.origin}/c`)];
      await until(async () => (await sumOf(registry, ACTIVE, { http_request_method: 'GET' })) === 3);
      release();
      for (const response of await Promise.all(pending)) await response.text();
      await until(async () => (await sumOf(registry, ACTIVE)) === 0);
      // Three concurrent requests on a fresh origin: three new connections, none reused.
      assert.equal(await sumOf(registry, CONNECTIONS, { reused: 'false' }), 3);
      assert.equal((await histogramOf(registry, CONNECT)).count, 3);
    } finally {
      await server.close();
    }
  });

  it('normalises unknown methods to _OTHER and supports exact status codes, prefix and constant labels', async () => {
    const registry = new Registry();
    instrument(registry, { statusLabel: 'code', prefix: 'app_', labels: { service: 'checkout' } });
    const server = await startServer((_req, res) => {
      res.statusCode = 207;
      res.end();
    });
    try {
      await (await fetch(`${server.origin}/`, { method: 'PROPFIND' })).arrayBuffer();
      const series = await seriesOf(registry, `app_${REQUESTS}`);
      assert.deepEqual(series, [
        {
          http_request_method: '_OTHER',
          server_address: `127.0.0.1:${server.port}`,
          http_response_status_code: '207',
          error_type: '',
          outcome: 'success',
          service: 'checkout',
        },
      ]);
    } finally {
      await server.close();
    }
  });

  it('maps origins through hostLabel (once per origin) and leaves filtered requests out', async () => {
    const registry = new Registry();
    const seen: string[] = [];
    instrument(registry, {
      hostLabel: (origin) => {
        seen.push(origin);
        return 'backend';
      },
      filter: (request) => !request.path.startsWith('/metrics'),
    });
    const server = await startServer((_req, res) => res.end('ok'));
    try {
      for (const path of ['/a', '/b', '/metrics']) await (await fetch(server.origin + path)).text();
      assert.deepEqual(seen, [server.origin]);
      assert.equal(await sumOf(registry, REQUESTS, { server_address: 'backend' }), 2);
      assert.equal(await sumOf(registry, REQUESTS), 2);
    } finally {
      await server.close();
    }
  });

  it('falls back to host:port when hostLabel throws, and never breaks the request', async () => {
    const registry = new Registry();
    instrument(registry, {
      hostLabel: () => {
        throw new Error('bug in the mapping');
      },
      filter: () => {
        throw new Error('bug in the filter');
      },
    });
    const server = await startServer((_req, res) => res.end('ok'));
    try {
      assert.equal(await (await fetch(server.origin)).text(), 'ok');
      assert.equal(await sumOf(registry, REQUESTS, { server_address: `127.0.0.1:${server.port}` }), 1);
    } finally {
      await server.close();
    }
  });

  it('stop() unsubscribes and takes in-flight requests out of the active gauge', async () => {
    const registry = new Registry();
    const handle = instrument(registry);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const server = await startServer((_req, res) => void released.then(() => res.end('late')));
    try {
      const pending = fetch(`${server.origin}/slow`);
      await until(async () => (await sumOf(registry, ACTIVE)) === 1);
      handle.stop();
      handle.stop();
      assert.equal(await sumOf(registry, ACTIVE), 0);
      release();
      assert.equal(await (await pending).text(), 'late');
      await (await fetch(`${server.origin}/after`)).text();
      await sleep(10);
      assert.equal(await sumOf(registry, REQUESTS), 0);
      assert.equal(await sumOf(registry, ACTIVE), 0);
    } finally {
      await server.close();
    }
  });

  it('shares metrics between instrumentations of the same options and validates options', () => {
    const registry = new Registry();
    const a = instrumentHttpClient({ registry, undici: false, nodeHttp: false });
    const b = instrumentHttpClient({ registry, undici: false, nodeHttp: false });
    assert.equal(a.metrics.duration, b.metrics.duration);
    assert.throws(
      () => instrumentHttpClient({ registry, statusLabel: 'code', undici: false, nodeHttp: false }),
      DuplicateMetricError,
    );
    assert.throws(() => instrumentHttpClient({ registry, prefix: '1bad' }), InvalidConfigError);
    assert.throws(() => instrumentHttpClient({ registry, labels: { outcome: 'x' } }), InvalidConfigError);
    // biome-ignore lint/suspicious/noExplicitAny: checking the runtime validation of untyped callers
    assert.throws(() => instrumentHttpClient({ registry, hostLabel: 'x' as any }), InvalidConfigError);
    // biome-ignore lint/suspicious/noExplicitAny: checking the runtime validation of untyped callers
    assert.throws(() => instrumentHttpClient({ registry, statusLabel: 'codes' as any }), InvalidConfigError);
    a.stop();
    b.stop();
  });
});
