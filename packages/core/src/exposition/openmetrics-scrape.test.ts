import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { requireBinary, startPrometheus } from '@telemeter/testkit';
import { CONTENT_TYPE_OPENMETRICS, negotiate } from './negotiate.js';
import { formatOpenMetrics } from './openmetrics.js';
import { formatPrometheusText } from './prometheus-text.js';
import { hostileFamilies } from './testing/families.js';

// promtool 2.42 only checks the text format, so OpenMetrics output is checked by the real
// Prometheus OpenMetrics parser: a scrape that fails to parse leaves the target down.
const prom = requireBinary('prometheus', 'prometheus');
const skipNote = prom.skip ? ` (skipped: ${prom.skip})` : '';

describe('a real Prometheus scraping the writers', () => {
  it(`parses OpenMetrics and text output with hostile label values, exemplars and NaN/Inf${skipNote}`, {
    skip: prom.skip,
    timeout: 90_000,
  }, async () => {
    const families = hostileFamilies();
    const accepts: string[] = [];
    const server = createServer((req, res) => {
      const accept = req.headers.accept ?? '';
      accepts.push(accept);
      const { format, contentType } = negotiate(req.url === '/text' ? 'text/plain' : accept);
      res.setHeader('Content-Type', contentType);
      res.end(format === 'openmetrics' ? formatOpenMetrics(families) : formatPrometheusText(families));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const prometheus = await startPrometheus({
      targets: [`127.0.0.1:${port}`],
      extraScrapeConfigYaml: [
        '  - job_name: text',
        '    metrics_path: /text',
        `    static_configs: [{targets: ["127.0.0.1:${port}"]}]`,
      ].join('\n'),
    });
    try {
      await prometheus.waitForTargetsUp(60_000);
      assert.ok(
        accepts.some((accept) => negotiate(accept).contentType === CONTENT_TYPE_OPENMETRICS),
        `Prometheus never asked for OpenMetrics: ${accepts.join(' | ')}`,
      );
      // Each query below returns one series per job: `target` (OpenMetrics, negotiated) and `text`.
      const multiline = await prometheus.query('http_requests_total{path="line1\\nline2"}');
      assert.deepEqual(multiline.map((r) => [r.metric.job, r.value?.[1], r.metric.note]).sort(), [
        ['target', '3', 'ünïcødé ✓ 日本 🚀'],
        ['text', '3', 'ünïcødé ✓ 日本 🚀'],
      ]);
      const quoted = await prometheus.query('http_requests_total{path="say \\"hi\\""}');
      assert.deepEqual(
        quoted.map((r) => r.value?.[1]),
        ['2', '2'],
      );
      const nan = await prometheus.query('special_values{kind="nan"}');
      assert.deepEqual(
        nan.map((r) => r.value?.[1]),
        ['NaN', 'NaN'],
      );
      const buckets = await prometheus.query(
        'count(request_duration_seconds_bucket{path="C:\\\\Program Files\\\\app"})',
      );
      assert.equal(buckets[0]?.value?.[1], '10'); // 5 buckets x 2 jobs
      const quantile = await prometheus.query('payload_size_bytes{quantile="0.99",path="{}=,# "}');
      assert.equal(quantile.length, 2);
    } finally {
      await prometheus.stop();
      server.close();
    }
  });
});
