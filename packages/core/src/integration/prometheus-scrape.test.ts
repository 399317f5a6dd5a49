import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { requireBinary, startPrometheus, waitFor } from '@telemeter/testkit';
import { Counter } from '../counter.js';
import { Gauge } from '../gauge.js';
import { Histogram } from '../histogram.js';
import { createMetricsHandler } from '../http/metrics-handler.js';
import { Registry } from '../registry.js';

const prom = requireBinary('prometheus', 'prometheus');
const skipNote = prom.skip ? ` (skipped: ${prom.skip})` : '';

describe('a real Prometheus scraping an instrumented app', () => {
  it(`returns the expected rate, gauge and histogram_quantile${skipNote}`, {
    skip: prom.skip,
    timeout: 90_000,
  }, async () => {
    const registry = new Registry();
    const jobs = new Counter({
      name: 'app_jobs_total',
      help: 'Jobs done.',
      labelNames: ['queue'] as const,
      registry,
    });
    const depth = new Gauge({
      name: 'app_queue_depth',
      help: 'Jobs waiting.',
      labelNames: ['queue'] as const,
      registry,
    });
    const latency = new Histogram({
      name: 'app_job_duration_seconds',
      help: 'Job duration.',
      buckets: [0.1, 0.2, 0.4, 0.8],
      registry,
    });
    // 100 observations: 10 in (0, 0.1], 40 in (0.1, 0.2], 40 in (0.2, 0.4], 10 in (0.4, 0.8].
    for (let i = 0; i < 100; i++) latency.observe(i < 10 ? 0.05 : i < 50 ? 0.15 : i < 90 ? 0.3 : 0.6);
    depth.labels({ queue: 'email' }).set(17);
    const emails = jobs.labels({ queue: 'email' });
    // 20 jobs per second, in steps of 2 every 100 ms.
    const ticker = setInterval(() => emails.inc(2), 100);

    const handler = createMetricsHandler(registry);
    const app = createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const address = app.address();
    assert.ok(address && typeof address === 'object');
    const prometheus = await startPrometheus({
      targets: [`127.0.0.1:${address.port}`],
      scrapeIntervalSeconds: 1,
    });
    try {
      await prometheus.waitForTargetsUp();
      const gauge = await prometheus.query('app_queue_depth{queue="email"}');
      assert.equal(gauge[0]?.value?.[1], '17');

      // rate() extrapolates to the window's edges only when samples cover the whole window,
      // so wait until a 5 s window is full (five 1 s scrapes).
      const rate = await waitFor(
        'five scrapes of app_jobs_total',
        async () => {
          const samples = await prometheus.query('count_over_time(app_jobs_total{queue="email"}[5s])');
          if (Number(samples[0]?.value?.[1] ?? 0) < 5) return undefined;
          const result = await prometheus.query('rate(app_jobs_total{queue="email"}[5s])');
          return Number(result[0]?.value?.[1]);
        },
        { timeoutMs: 30_000, intervalMs: 500 },
      );
      assert.ok(rate > 14 && rate < 26, `rate ${rate} should be about 20/s`);

      // Prometheus interpolates inside the bucket: rank 50 is the end of (0.1, 0.2], rank 70 is halfway into (0.2, 0.4].
      const p50 = await prometheus.query('histogram_quantile(0.5, app_job_duration_seconds_bucket)');
      assert.ok(Math.abs(Number(p50[0]?.value?.[1]) - 0.2) < 1e-9, `p50 ${p50[0]?.value?.[1]}`);
      const p70 = await prometheus.query('histogram_quantile(0.7, app_job_duration_seconds_bucket)');
      assert.ok(Math.abs(Number(p70[0]?.value?.[1]) - 0.3) < 1e-9, `p70 ${p70[0]?.value?.[1]}`);
      const count = await prometheus.query('app_job_duration_seconds_count');
      assert.equal(count[0]?.value?.[1], '100');
    } finally {
      clearInterval(ticker);
      await prometheus.stop();
      app.close();
    }
  });
});
