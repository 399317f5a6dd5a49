import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requireBinary } from './binaries.js';
import { startPushgateway } from './pushgateway.js';
import { processExists } from './testing/leftovers.js';

const pushgateway = requireBinary('prometheus-pushgateway', 'prometheus-pushgateway');
const skipNote = pushgateway.skip ? ` (skipped: ${pushgateway.skip})` : '';

describe('startPushgateway', () => {
  it(`serves a pushed group on /metrics and stops by PID${skipNote}`, {
    skip: pushgateway.skip,
    timeout: 30_000,
  }, async () => {
    const gateway = await startPushgateway();
    try {
      assert.match(gateway.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const pushed = await fetch(`${gateway.url}/metrics/job/testkit_batch/instance/run1`, {
        method: 'PUT',
        body: '# TYPE testkit_pushed gauge\ntestkit_pushed{quote="say \\"hi\\""} 1700000000\n',
      });
      assert.equal(pushed.status, 200);

      const exposition = await (await fetch(`${gateway.url}/metrics`)).text();
      const line = exposition.split('\n').find((l) => l.startsWith('testkit_pushed{'));
      assert.ok(line, `testkit_pushed missing from:\n${exposition}`);
      assert.match(line, /instance="run1"/);
      assert.match(line, /job="testkit_batch"/);
      assert.match(line, /quote="say \\"hi\\""/);
      // Pushgateway re-renders values in Go's float format (1.7e+09), so compare numbers.
      assert.equal(Number(line.split(' ').at(-1)), 1700000000);

      const status = (await (await fetch(`${gateway.url}/api/v1/status`)).json()) as {
        data: { flags: Record<string, string> };
      };
      assert.equal(status.data.flags['persistence.file'], '', 'persistence must be off');
      assert.equal(status.data.flags['web.listen-address'], gateway.url.slice('http://'.length));

      const wiped = await fetch(`${gateway.url}/api/v1/admin/wipe`, { method: 'PUT' });
      assert.equal(wiped.status, 202);
      assert.ok(!(await (await fetch(`${gateway.url}/metrics`)).text()).includes('testkit_pushed{'));
    } finally {
      await gateway.stop();
    }
    assert.equal(processExists(gateway.pid), false);
    await gateway.stop();
  });
});
