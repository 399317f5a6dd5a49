import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startAlertmanager } from './alertmanager.js';
import { requireBinary } from './binaries.js';
import type { TestkitError } from './errors.js';
import { pathExists, processExists } from './testing/leftovers.js';

const am = requireBinary('prometheus-alertmanager', 'prometheus-alertmanager');
const skipNote = am.skip ? ` (skipped: ${am.skip})` : '';

interface GettableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  receivers: { name: string }[];
  status: { state: string };
}

async function postAlert(url: string, labels: Record<string, string>, annotations = {}): Promise<number> {
  const res = await fetch(`${url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify([{ labels, annotations }]),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('startAlertmanager', () => {
  it(`keeps a posted alert, without clustering, and stops cleanly${skipNote}`, {
    skip: am.skip,
    timeout: 30_000,
  }, async () => {
    const alertmanager = await startAlertmanager();
    try {
      const status = (await (await fetch(`${alertmanager.url}/api/v2/status`)).json()) as {
        cluster: { status: string };
      };
      assert.equal(status.cluster.status, 'disabled');
      const labels = { alertname: 'TestkitAlert', severity: 'page' };
      assert.equal(await postAlert(alertmanager.url, labels, { summary: 'say "hi" \\ back' }), 200);
      const alerts = (await (await fetch(`${alertmanager.url}/api/v2/alerts`)).json()) as GettableAlert[];
      assert.equal(alerts.length, 1);
      assert.deepEqual(alerts[0]?.labels, labels);
      assert.equal(alerts[0]?.annotations.summary, 'say "hi" \\ back');
      assert.equal(alerts[0]?.status.state, 'active');
      assert.deepEqual(alerts[0]?.receivers, [{ name: 'blackhole' }]);
    } finally {
      await alertmanager.stop();
    }
    assert.equal(processExists(alertmanager.pid), false);
    assert.equal(await pathExists(alertmanager.dataDir), false);
  });

  it(`routes with a given config${skipNote}`, { skip: am.skip, timeout: 30_000 }, async () => {
    const alertmanager = await startAlertmanager({
      config: 'route: {receiver: team-a}\nreceivers: [{name: team-a}]\n',
    });
    try {
      assert.equal(await postAlert(alertmanager.url, { alertname: 'Routed' }), 200);
      const alerts = (await (await fetch(`${alertmanager.url}/api/v2/alerts`)).json()) as GettableAlert[];
      assert.deepEqual(alerts[0]?.receivers, [{ name: 'team-a' }]);
    } finally {
      await alertmanager.stop();
    }
  });

  it(`fails to start on an invalid config with Alertmanager's own message${skipNote}`, {
    skip: am.skip,
    timeout: 30_000,
  }, async () => {
    await assert.rejects(
      startAlertmanager({ config: 'route: {receiver: nobody}\n' }),
      (error: TestkitError) => {
        assert.equal(error.code, 'TM_TESTKIT_PEER_START_FAILED');
        assert.match(error.message, /Alertmanager .* exited with 1/);
        assert.match(error.message, /undefined receiver \\"nobody\\" used in route/);
        return true;
      },
    );
  });
});
