import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requireBinary } from './binaries.js';
import type { QueryResult } from './instant-query.js';
import { pathExists, processExists } from './testing/leftovers.js';
import { startVictoriaMetrics } from './victoria-metrics.js';
import { waitFor } from './wait.js';

const vm = requireBinary('victoria-metrics', 'victoria-metrics');
const skipNote = vm.skip ? ` (skipped: ${vm.skip})` : '';

describe('startVictoriaMetrics', () => {
  it(`imports text exposition, answers queries after forceFlush, and stops cleanly${skipNote}`, {
    skip: vm.skip,
    timeout: 30_000,
  }, async () => {
    const victoria = await startVictoriaMetrics();
    try {
      assert.equal(victoria.remoteWriteUrl, `${victoria.url}/api/v1/write`);
      assert.equal(victoria.importPrometheusUrl, `${victoria.url}/api/v1/import/prometheus`);
      // One sample at "now" and one at a fixed 2023 timestamp, which the 1-month default
      // retention would drop silently.
      await victoria.importPrometheus(
        'testkit_vm_now{src="testkit"} 12.5\ntestkit_vm_fixed{src="testkit"} 5 1700000000000\n',
      );
      await victoria.forceFlush();
      const visible = (expr: string, time?: number) =>
        waitFor<QueryResult[]>(`${expr} in VictoriaMetrics`, async () => {
          const result = await victoria.query(expr, time);
          return result.length > 0 ? result : undefined;
        });
      const now = await visible('testkit_vm_now');
      assert.deepEqual(now[0]?.metric, { __name__: 'testkit_vm_now', src: 'testkit' });
      assert.equal(now[0]?.value?.[1], '12.5');
      const fixed = await visible('testkit_vm_fixed', 1700000000);
      assert.equal(fixed[0]?.value?.[1], '5');

      await assert.rejects(victoria.query('sum('), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'TM_TESTKIT_PEER_REQUEST_FAILED');
        assert.match(error.message, /VictoriaMetrics query sum\( failed \(HTTP 422\)/);
        return true;
      });
    } finally {
      await victoria.stop();
    }
    assert.equal(processExists(victoria.pid), false);
    assert.equal(await pathExists(victoria.dataDir), false);
  });
});
