import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { Counter } from '../counter.js';
import { InvalidConfigError, ServerListenError } from '../errors.js';
import { Registry } from '../registry.js';
import { type ServeMetricsOptions, serveMetrics } from './serve-metrics.js';

// Some containers have no IPv6 loopback; the IPv6 test needs one.
const ipv6 = await new Promise<boolean>((resolve) => {
  const probe = createServer();
  probe.once('error', () => resolve(false));
  probe.listen(0, '::1', () => probe.close(() => resolve(true)));
});
const ipv6SkipNote = ipv6 ? '' : ' (skipped: no IPv6 loopback here)';

function registryWithCounter(): Registry {
  const registry = new Registry({ selfMetrics: false });
  new Counter({ name: 'served_total', help: 'Served.', registry }).inc(5);
  return registry;
}

describe('serveMetrics', () => {
  it('listens on 127.0.0.1 with a free port for port 0 and serves metrics, health and readiness', async () => {
    const metrics = await serveMetrics({
      port: 0,
      registry: registryWithCounter(),
      readiness: { ok: () => true },
    });
    try {
      const address = metrics.server.address();
      assert.ok(address && typeof address === 'object');
      assert.equal(address.address, '127.0.0.1');
      assert.ok(address.port > 0);
      assert.equal(metrics.url, `http://127.0.0.1:${address.port}/metrics`);

      const res = await fetch(metrics.url);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /^served_total 5$/m);
      const base = metrics.url.replace(/\/metrics$/, '');
      assert.equal((await fetch(`${base}/health`)).status, 200);
      assert.equal((await fetch(`${base}/ready`)).status, 200);
      assert.equal((await fetch(`${base}/other`)).status, 404);
    } finally {
      await metrics.close();
    }
    assert.equal(metrics.server.listening, false);
  });

  it('uses a custom path in its URL and 503s on a failing readiness check', async () => {
    const metrics = await serveMetrics({
      port: 0,
      path: '/prom',
      registry: registryWithCounter(),
      readiness: { warmup: () => false },
    });
    try {
      assert.match(metrics.url, /^http:\/\/127\.0\.0\.1:\d+\/prom$/);
      assert.equal((await fetch(metrics.url)).status, 200);
      const ready = await fetch(metrics.url.replace(/\/prom$/, '/ready'));
      assert.equal(ready.status, 503);
      assert.deepEqual(((await ready.json()) as { failed: string[] }).failed, ['warmup']);
    } finally {
      await metrics.close();
    }
  });

  it(`formats an IPv6 loopback URL with brackets${ipv6SkipNote}`, { skip: !ipv6 }, async () => {
    const metrics = await serveMetrics({ port: 0, host: '::1', registry: registryWithCounter() });
    try {
      assert.match(metrics.url, /^http:\/\/\[::1\]:\d+\/metrics$/);
      assert.equal((await fetch(metrics.url)).status, 200);
    } finally {
      await metrics.close();
    }
  });

  it('close() resolves once closed, also with a keep-alive connection open, and is idempotent', async () => {
    const metrics = await serveMetrics({ port: 0, registry: registryWithCounter() });
    // fetch keeps the connection alive in its pool.
    assert.equal((await fetch(metrics.url)).status, 200);
    const first = metrics.close();
    assert.equal(metrics.close(), first);
    await first;
    assert.equal(metrics.server.listening, false);
    await assert.rejects(fetch(metrics.url));
  });

  it('close() resolves when the caller already closed the server', async () => {
    const metrics = await serveMetrics({ port: 0, registry: registryWithCounter() });
    await new Promise<void>((resolve) => metrics.server.close(() => resolve()));
    await metrics.close();
  });

  it('rejects with ServerListenError when the port is taken, saying how to fix it', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      await assert.rejects(serveMetrics({ port, registry: registryWithCounter() }), (error: unknown) => {
        assert.ok(error instanceof ServerListenError);
        assert.equal(error.code, 'TELEMETER_ERR_LISTEN');
        assert.equal(error.port, port);
        assert.equal(error.host, '127.0.0.1');
        assert.match(error.message, /EADDRINUSE.*port: 0 picks a free one/);
        assert.equal((error.cause as NodeJS.ErrnoException).code, 'EADDRINUSE');
        return true;
      });
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('validates port, host and handler options before listening', async () => {
    const invalid = async (options: unknown, key: string) =>
      assert.rejects(serveMetrics(options as ServeMetricsOptions), (error: unknown) => {
        assert.ok(error instanceof InvalidConfigError);
        assert.equal(error.key, key);
        return true;
      });
    await invalid({ port: -1 }, 'port');
    await invalid({ port: 65536 }, 'port');
    await invalid({ port: 1.5 }, 'port');
    await invalid({ port: '9464' }, 'port');
    await invalid({ port: 0, host: '' }, 'host');
    await invalid({ port: 0, path: 'metrics' }, 'path');
    await invalid({ port: 0, readiness: { db: 1 } }, 'readiness');
  });
});
