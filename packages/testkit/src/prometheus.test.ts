import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { requireBinary } from './binaries.js';
import { startPrometheus } from './prometheus.js';
import { promtoolCheckMetrics } from './promtool.js';
import { processExists } from './testing/leftovers.js';
import { startVictoriaMetrics } from './victoria-metrics.js';
import { waitFor } from './wait.js';

const prom = requireBinary('prometheus', 'prometheus');
const skipNote = prom.skip ? ` (skipped: ${prom.skip})` : '';
const vm = requireBinary('victoria-metrics', 'victoria-metrics');
const promAndVmSkip = prom.skip || vm.skip;

describe('testkit peers', () => {
  it(`promtool reports parse errors and lint separately${skipNote}`, { skip: prom.skip }, async () => {
    const clean = await promtoolCheckMetrics('# HELP a_total A.\n# TYPE a_total counter\na_total 1\n');
    assert.equal(clean.exitCode, 0);
    const broken = await promtoolCheckMetrics('a{b="c} 1\n');
    assert.equal(broken.exitCode, 1);
    assert.equal(broken.parseErrors.length, 1);
    const lint = await promtoolCheckMetrics('# TYPE a counter\na 1\n');
    assert.equal(lint.exitCode, 3);
    assert.ok(lint.lintWarnings.some((w) => w.includes('_total')));
  });

  it(`startPrometheus scrapes a target and answers queries${skipNote}`, {
    skip: prom.skip,
    timeout: 60_000,
  }, async () => {
    const target = createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/plain; version=0.0.4');
      res.end('# TYPE testkit_value gauge\ntestkit_value 42\n');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const address = target.address();
    assert.ok(address && typeof address === 'object');
    const prometheus = await startPrometheus({ targets: [`127.0.0.1:${address.port}`] });
    try {
      await prometheus.waitForTargetsUp();
      const result = await prometheus.query('testkit_value');
      assert.equal(result.length, 1);
      assert.equal(result[0]?.value?.[1], '42');
    } finally {
      await prometheus.stop();
      target.close();
    }
  });

  it(`startPrometheus remote-writes what its rules record to a URL${promAndVmSkip ? ` (skipped: ${promAndVmSkip})` : ''}`, {
    skip: promAndVmSkip,
    timeout: 30_000,
  }, async () => {
    const victoria = await startVictoriaMetrics();
    const prometheus = await startPrometheus({
      rulesYaml:
        'groups:\n  - name: g\n    rules:\n      - record: testkit_forwarded\n        expr: vector(3)\n',
      remoteWriteUrls: [victoria.remoteWriteUrl],
      extraConfigYaml: 'remote_read: []',
    });
    try {
      const forwarded = await waitFor(
        'testkit_forwarded in VictoriaMetrics',
        async () => {
          await victoria.forceFlush();
          const result = await victoria.query('testkit_forwarded');
          return result.length > 0 ? result : undefined;
        },
        { intervalMs: 250 },
      );
      assert.equal(forwarded[0]?.value?.[1], '3');
      const local = await prometheus.query('testkit_forwarded');
      assert.equal(local[0]?.value?.[1], '3');
    } finally {
      await prometheus.stop();
      await victoria.stop();
    }
    assert.equal(processExists(prometheus.pid), false);
  });
});
