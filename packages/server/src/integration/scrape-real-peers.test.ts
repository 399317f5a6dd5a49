import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type RunningPrometheus,
  startPrometheus,
  startPushgateway,
  startVictoriaMetrics,
  waitFor,
} from '@telemeter/testkit';
import { parseConfig } from '../config/index.js';
import { startTempServer, type TempServer } from '../testing/temp-server.js';

type Peer = { url: string; stop(): Promise<void> };

async function instant(
  server: TempServer,
  query: string,
): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const res = await fetch(`${server.url}/api/v1/query?${new URLSearchParams({ query })}`);
  const body = (await res.json()) as { status: string; error?: string; data: { result: never[] } };
  assert.equal(body.status, 'success', body.error);
  return body.data.result;
}

describe('telemeter scrapes real peers and is scraped by Prometheus', { timeout: 90_000 }, () => {
  let pushgateway: Peer;
  let victoria: Peer;
  let server: TempServer;
  let prometheus: RunningPrometheus;

  before(async () => {
    [pushgateway, victoria] = await Promise.all([startPushgateway(), startVictoriaMetrics()]);
    // A batch job's metric, pushed with its own job label: honor_labels keeps it.
    const pushed = await fetch(`${pushgateway.url}/metrics/job/nightly_backup/instance/db1`, {
      method: 'PUT',
      body: '# TYPE backup_last_success_timestamp_seconds gauge\nbackup_last_success_timestamp_seconds 1700000000\n',
    });
    assert.equal(pushed.status, 200);
    const hostOf = (url: string) => new URL(url).host;
    const scrape = parseConfig(
      [
        'scrape_configs:',
        '  - job_name: pushgateway',
        '    scrape_interval: 1s',
        '    scrape_timeout: 1s',
        '    honor_labels: true',
        `    static_configs: [{targets: ["${hostOf(pushgateway.url)}"]}]`,
        '  - job_name: victoriametrics',
        '    scrape_interval: 1s',
        '    scrape_timeout: 1s',
        `    static_configs: [{targets: ["${hostOf(victoria.url)}"], labels: {role: tsdb}}]`,
      ].join('\n'),
      'test.yml',
    );
    server = await startTempServer((c) => ({
      ...c,
      scrapeConfigs: scrape.scrapeConfigs,
      selfMonitoring: { ...c.selfMonitoring, enabled: true, intervalMs: 1000 },
    }));
    prometheus = await startPrometheus({ targets: [hostOf(server.url)] });
  });

  after(async () => {
    await prometheus?.stop();
    await server?.dispose();
    await Promise.all([pushgateway?.stop(), victoria?.stop()]);
  });

  test('Pushgateway: up, its own metrics, and a pushed group with honor_labels', async () => {
    await waitFor(
      'Pushgateway scraped',
      async () => ((await instant(server, 'up{job="pushgateway"} == 1')).length === 1 ? true : undefined),
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    const build = await instant(server, 'pushgateway_build_info');
    assert.equal(build.length, 1);
    const pushedRows = await instant(server, 'backup_last_success_timestamp_seconds');
    assert.equal(pushedRows.length, 1);
    assert.equal(pushedRows[0]?.metric.job, 'nightly_backup');
    assert.equal(pushedRows[0]?.metric.instance, 'db1');
    assert.equal(pushedRows[0]?.value[1], '1700000000');
  });

  test('VictoriaMetrics: up, target labels, and its metrics', async () => {
    await waitFor(
      'VictoriaMetrics scraped',
      async () =>
        (await instant(server, 'up{job="victoriametrics",role="tsdb"} == 1')).length === 1 ? true : undefined,
      { timeoutMs: 15_000, intervalMs: 200 },
    );
    const version = await instant(server, 'vm_app_version');
    assert.equal(version.length, 1);
    assert.equal(version[0]?.metric.role, 'tsdb');
    const samples = await instant(server, 'scrape_samples_scraped{job="victoriametrics"}');
    assert.ok(Number(samples[0]?.value[1]) > 100, 'VictoriaMetrics exposes hundreds of samples');
  });

  test("a real Prometheus scrapes telemeter's /metrics", async () => {
    await prometheus.waitForTargetsUp(20_000);
    const rows = await prometheus.query('telemeter_storage_head_series');
    assert.equal(rows.length, 1);
    assert.ok(Number(rows[0]?.value?.[1]) > 0, 'the store holds series');
    const requests = await prometheus.query(
      'http_server_request_duration_seconds_count{http_route="/metrics"}',
    );
    assert.equal(requests.length, 0, '/metrics is left out of the request histograms');
    const self = await instant(server, 'up{job="telemeter"}');
    assert.equal(self[0]?.value[1], '1', "the server's own metrics are collected");
  });
});
