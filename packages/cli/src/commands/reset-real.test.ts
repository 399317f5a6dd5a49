import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type MetricsServer, Registry, serveMetrics } from '@telemeter/core';
import { defaultConfig, type RunningServer, startServer } from '@telemeter/server';
import { runCli } from '../testing/run-cli.js';

// The same command against the real endpoints: a telemeter server's admin route and an app
// served by @telemeter/core with its opt-in reset endpoint.
describe('telemeter reset against a real server and a real app', { timeout: 60_000 }, () => {
  let dataDir: string;
  let server: RunningServer;
  let app: MetricsServer;
  const registry = new Registry();
  const jobs = registry.counter({ name: 'jobs_total', help: 'Jobs.' });

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'telemeter-cli-reset-'));
    const base = defaultConfig();
    server = await startServer({
      config: {
        ...base,
        listen: { host: '127.0.0.1', port: 0 },
        storage: { ...base.storage, path: dataDir },
        selfMonitoring: { ...base.selfMonitoring, enabled: false, system: false },
        auth: { ...base.auth, token: 'server-token' },
      },
      logger: { info() {}, warn() {}, error() {} },
    });
    app = await serveMetrics({ port: 0, host: '127.0.0.1', registry, reset: { token: 'app-token' } });
  });
  after(async () => {
    await app?.close();
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("resets the server's own counters with its token and refuses without it", async () => {
    await fetch(`${server.url}/api/v1/query?query=up`);
    const refused = await runCli(['reset', server.url]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /401/);
    const result = await runCli(['reset', server.url, '--token', 'server-token', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    assert.doesNotMatch(
      text,
      /http_server_request_duration_seconds_count\{[^}]*"\/api\/v1\/query"[^}]*\} [1-9]/,
    );
  });

  it("resets an app's registry through core's /metrics/reset", async () => {
    jobs.inc(5);
    const result = await runCli(['reset', app.url, '--token', 'app-token']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(jobs.get(), 0);
    const wrong = await runCli(['reset', app.url, '--token', 'nope']);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /401/);
  });
});
