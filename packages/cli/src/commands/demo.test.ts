import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startCli } from '../testing/run-cli.js';

describe('telemeter demo (the built bin)', () => {
  it('prints its /metrics URL, serves metrics there, and exits 0 on SIGINT', {
    timeout: 30_000,
  }, async () => {
    const cli = startCli(['demo', '--listen', '127.0.0.1:0']);
    const [, url] = await cli.waitForStdout(
      /demo workload serving metrics on (http:\/\/127\.0\.0\.1:\d+\/metrics)\n/,
    );
    const res = await fetch(url!);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /^# HELP /m);
    cli.child.kill('SIGINT');
    const result = await cli.exited;
    assert.equal(result.code, 0, result.stderr);
    await assert.rejects(fetch(url!));
  });

  it('exits 1 with the reason when the port is taken', { timeout: 30_000 }, async () => {
    const first = startCli(['demo', '--listen', '127.0.0.1:0']);
    const [, port] = await first.waitForStdout(/127\.0\.0\.1:(\d+)\/metrics/);
    try {
      const second = startCli(['demo', '--listen', `127.0.0.1:${port}`]);
      const result = await second.exited;
      assert.equal(result.code, 1);
      assert.match(
        result.stderr,
        new RegExp(`^telemeter: error: cannot listen on 127\\.0\\.0\\.1:${port}: address already in use\\n$`),
      );
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
  });
});
