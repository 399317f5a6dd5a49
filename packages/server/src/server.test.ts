import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { defaultConfig } from './config/index.js';
import { ServerError } from './errors.js';
import { LiveClient, refusedUpgrade } from './live/testing/live-client.js';
import { startServer } from './server.js';
import { quietLogger, startTempServer, type TempServer } from './testing/temp-server.js';

describe('the HTTP layer of a running server', () => {
  let server: TempServer;
  const token = 's3cret-token';

  before(async () => {
    server = await startTempServer((c) => ({
      ...c,
      auth: { ...c.auth, token },
      cors: { allowedOrigins: ['http://dashboard.example'] },
      ingestion: { ...c.ingestion, maxBodyBytes: 1024 },
      selfMonitoring: { ...c.selfMonitoring, enabled: true, intervalMs: 60_000 },
    }));
  });
  after(() => server.dispose());

  test('health and readiness in both spellings', async () => {
    assert.equal(await (await fetch(`${server.url}/-/healthy`)).text(), 'telemeter is Healthy.\n');
    assert.equal(await (await fetch(`${server.url}/-/ready`)).text(), 'telemeter is Ready.\n');
    assert.deepEqual(await (await fetch(`${server.url}/health`)).json(), { status: 'ok' });
    assert.deepEqual(await (await fetch(`${server.url}/ready`)).json(), { status: 'ready' });
  });

  test('writes need the bearer token; reads do not', async () => {
    const body = 'jobs_total 1\n';
    const anonymous = await fetch(`${server.url}/api/v1/import/prometheus`, { method: 'POST', body });
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get('www-authenticate'), 'Bearer realm="telemeter"');
    assert.match(((await anonymous.json()) as { error: string }).error, /Authorization: Bearer/);
    const wrong = await fetch(`${server.url}/api/v1/import/prometheus`, {
      method: 'POST',
      body,
      headers: { authorization: 'Bearer nope' },
    });
    assert.equal(wrong.status, 401);
    const right = await fetch(`${server.url}/api/v1/import/prometheus`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(right.status, 204);
    const reload = await fetch(`${server.url}/-/reload`, { method: 'POST' });
    assert.equal(reload.status, 401, 'admin routes need the token too');
    const query = await fetch(`${server.url}/api/v1/query?query=jobs_total`);
    assert.equal(query.status, 200);
    const result = ((await query.json()) as { data: { result: { value: [number, string] }[] } }).data.result;
    assert.equal(result[0]?.value[1], '1');
  });

  test('a body over the limit gets 413 and writes nothing', async () => {
    const big = `${'big_metric{pad="x"} 1\n'.repeat(100)}`;
    const res = await fetch(`${server.url}/api/v1/import/prometheus`, {
      method: 'POST',
      body: big,
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 413);
    assert.match(((await res.json()) as { error: string }).error, /1024 bytes \(ingestion\.max_body_bytes\)/);
    const query = await fetch(`${server.url}/api/v1/query?query=big_metric`);
    assert.deepEqual(((await query.json()) as { data: { result: unknown[] } }).data.result, []);
  });

  test('CORS answers allowed origins only', async () => {
    const allowed = await fetch(`${server.url}/api/v1/labels`, {
      headers: { origin: 'http://dashboard.example' },
    });
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'http://dashboard.example');
    const other = await fetch(`${server.url}/api/v1/labels`, { headers: { origin: 'http://evil.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    const preflight = await fetch(`${server.url}/api/v1/query`, {
      method: 'OPTIONS',
      headers: { origin: 'http://dashboard.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);
    const refused = await fetch(`${server.url}/api/v1/query`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example' },
    });
    assert.equal(refused.status, 403);
  });

  test("/metrics serves the server's own metrics, OpenMetrics when asked", async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(text, /^# TYPE telemeter_storage_head_series gauge$/m);
    assert.match(text, /^# TYPE http_server_request_duration_seconds histogram$/m);
    assert.match(text, /^nodejs_heap_size_used_bytes /m);
    const om = await fetch(`${server.url}/metrics`, {
      headers: { accept: 'application/openmetrics-text; version=1.0.0' },
    });
    assert.match(om.headers.get('content-type') ?? '', /openmetrics-text/);
    assert.match(await om.text(), /# EOF\n$/);
  });

  test('admin reset zeroes the server counters', async () => {
    await fetch(`${server.url}/api/v1/query?query=up`);
    const res = await fetch(`${server.url}/api/v1/admin/reset`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { data: { reset: number } };
    assert.ok(body.data.reset > 10, 'every metric of the server registry was reset');
    const text = await (await fetch(`${server.url}/metrics`)).text();
    assert.doesNotMatch(
      text,
      /http_server_request_duration_seconds_count\{[^}]*http_route="\/api\/v1\/query"[^}]*\} [1-9]/,
    );
  });

  test('unknown paths get 404; wrong methods get 405', async () => {
    assert.equal((await fetch(`${server.url}/nope`)).status, 404);
    const res = await fetch(`${server.url}/metrics`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET');
  });
});

describe('starting and reloading', () => {
  test('refuses to listen beyond loopback without a token', async () => {
    const base = defaultConfig();
    await assert.rejects(
      startServer({ config: { ...base, listen: { host: '0.0.0.0', port: 0 } }, logger: quietLogger }),
      (error: unknown) =>
        error instanceof ServerError &&
        error.code === 'TM_SERVER_UNSAFE_LISTEN' &&
        /auth\.token/.test(error.message),
    );
  });

  test('a port in use is a clear error', async () => {
    const first = await startTempServer();
    try {
      const port = Number(new URL(first.url).port);
      await assert.rejects(
        startTempServer((c) => ({ ...c, listen: { host: '127.0.0.1', port } })),
        (error: unknown) => error instanceof ServerError && /address already in use/.test(error.message),
      );
    } finally {
      await first.dispose();
    }
  });

  test('POST /-/reload re-reads the config file and applies new scrape targets', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'telemeter-reload-'));
    const file = join(dir, 'telemeter.yml');
    try {
      await writeFile(
        file,
        `storage: {path: ${JSON.stringify(join(dir, 'data'))}}\nlisten: 127.0.0.1:0\nself_monitoring: {enabled: false}\n`,
      );
      const { loadConfig } = await import('./config/index.js');
      const server = await startServer({
        config: await loadConfig(file),
        configFile: file,
        logger: quietLogger,
      });
      try {
        const targetsOf = async () =>
          (
            (await (await fetch(`${server.url}/api/v1/targets`)).json()) as {
              data: { activeTargets: { scrapePool: string }[] };
            }
          ).data.activeTargets;
        assert.deepEqual(await targetsOf(), []);
        await writeFile(
          file,
          `storage: {path: ${JSON.stringify(join(dir, 'data'))}}\nlisten: 127.0.0.1:0\nself_monitoring: {enabled: false}\n` +
            `scrape_configs: [{job_name: self, static_configs: [{targets: ["${new URL(server.url).host}"]}]}]\n`,
        );
        const res = await fetch(`${server.url}/-/reload`, { method: 'POST' });
        assert.equal(res.status, 200);
        assert.deepEqual(((await res.json()) as { data: { needsRestart: string[] } }).data.needsRestart, []);
        assert.deepEqual(
          (await targetsOf()).map((t) => t.scrapePool),
          ['self'],
        );
        await writeFile(file, 'scrape_configs: [{job_name: self, scrape_interval: 15x}]\n');
        const bad = await fetch(`${server.url}/-/reload`, { method: 'POST' });
        assert.equal(bad.status, 500);
        assert.match(((await bad.json()) as { error: string }).error, /scrape_configs\[0\]\.scrape_interval/);
        assert.deepEqual(
          (await targetsOf()).map((t) => t.scrapePool),
          ['self'],
          'a bad file keeps the running config',
        );
      } finally {
        await server.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a reload applies a new CORS allowlist to the API and the live stream at once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'telemeter-reload-cors-'));
    const file = join(dir, 'telemeter.yml');
    const base = `storage: {path: ${JSON.stringify(join(dir, 'data'))}}\nlisten: 127.0.0.1:0\nself_monitoring: {enabled: false}\n`;
    const origin = 'https://dash.example.com';
    try {
      await writeFile(file, base);
      const { loadConfig } = await import('./config/index.js');
      const server = await startServer({
        config: await loadConfig(file),
        configFile: file,
        logger: quietLogger,
      });
      const stream = `${server.url.replace('http:', 'ws:')}/api/v1/stream`;
      try {
        assert.equal((await refusedUpgrade(stream, { origin })).status, 403);
        const before = await fetch(`${server.url}/api/v1/labels`, { headers: { origin } });
        assert.equal(before.headers.get('access-control-allow-origin'), null);

        await writeFile(file, `${base}cors: {allowed_origins: ["${origin}"]}\n`);
        const res = await fetch(`${server.url}/-/reload`, { method: 'POST' });
        assert.equal(res.status, 200);
        assert.deepEqual(((await res.json()) as { data: { needsRestart: string[] } }).data.needsRestart, []);

        const client = await LiveClient.connect(stream, { origin });
        try {
          await client.expect('hello');
        } finally {
          client.ws.close();
        }
        const after = await fetch(`${server.url}/api/v1/labels`, { headers: { origin } });
        assert.equal(after.headers.get('access-control-allow-origin'), origin);
      } finally {
        await server.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
