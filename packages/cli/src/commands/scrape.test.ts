import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type MetricsServer, Registry, serveMetrics } from '@telemeter/core';
import { promtoolCheckMetrics, requireBinary } from '@telemeter/testkit';
import { type DemoWorkload, startDemoWorkload } from '../demo/workload.js';
import { type FixtureExporter, startFixtureExporter } from '../testing/exporter.js';
import { runCli } from '../testing/run-cli.js';

const promtool = requireBinary('promtool', 'prometheus');

const FIXTURES: Record<string, string> = {
  lint: '# TYPE jobs counter\njobs 3\n# HELP wait_milliseconds Wait.\n# TYPE wait_milliseconds gauge\nwait_milliseconds 12\n',
  'parse-error': '# HELP up Up.\n# TYPE up gauge\nup 1\nup{job="a} 1\n',
  'second-help': '# HELP g G.\n# TYPE g gauge\ng 1\n# HELP g G again.\n',
  'no-inf':
    '# HELP h_seconds H.\n# TYPE h_seconds histogram\nh_seconds_bucket{le="1"} 1\nh_seconds_sum 1\nh_seconds_count 1\n',
  duplicate: '# HELP g G.\n# TYPE g gauge\ng{a="1"} 1\ng{a="1"} 2\n',
};

interface Report {
  contentType: string;
  format: string;
  bytes: number;
  families: number;
  series: number;
  samples: number;
  parseError: { line: number; message: string } | null;
  problems: { metric: string; message: string; line?: number; extra?: boolean }[];
  verdict: string;
  exitCode: number;
}

async function textBody(url: string): Promise<string> {
  return (await fetch(url, { headers: { Accept: 'text/plain;version=0.0.4' } })).text();
}

async function scrapeJson(url: string, ...flags: string[]) {
  const result = await runCli(['scrape', url, '--json', ...flags]);
  return { code: result.code, report: JSON.parse(result.stdout) as Report, stderr: result.stderr };
}

describe('telemeter scrape (the built bin) against real exporters, next to promtool', {
  skip: promtool.skip,
  timeout: 60_000,
}, () => {
  let app: MetricsServer;
  let demo: DemoWorkload;
  let fixtures: FixtureExporter;

  before(async () => {
    const registry = new Registry();
    registry
      .counter({ name: 'jobs_processed_total', help: 'Jobs processed.', labelNames: ['queue'] })
      .labels({ queue: 'a' })
      .inc(3);
    registry.gauge({ name: 'queue_depth', help: 'Jobs waiting.' }).set(4);
    registry
      .histogram({ name: 'job_duration_seconds', help: 'Job duration.', buckets: [0.1, 1] })
      .observe(0.3);
    registry.summary({ name: 'payload_bytes', help: 'Payload size.' }).observe(512);
    app = await serveMetrics({ port: 0, registry });
    demo = await startDemoWorkload({ port: 0 });
    fixtures = await startFixtureExporter(FIXTURES);
  });
  after(async () => {
    await app.close();
    await demo.stop();
    await fixtures.close();
  });

  it('negotiates OpenMetrics by default and reports a clean exposition: exit 0, like promtool', async () => {
    const { code, report } = await scrapeJson(app.url);
    assert.equal(code, 0);
    assert.equal(report.format, 'openmetrics');
    assert.match(report.contentType, /^application\/openmetrics-text/);
    // Six: the registry's two self-metric families are declared without samples until something is dropped.
    assert.deepEqual(
      [report.families, report.series, report.samples > 0, report.verdict],
      [6, 4, true, 'clean'],
    );
    const promtoolResult = await promtoolCheckMetrics(await textBody(app.url));
    assert.equal(promtoolResult.exitCode, 0);
    const asText = await scrapeJson(app.url, '--format', 'prometheus');
    assert.equal(asText.code, 0);
    assert.equal(asText.report.format, 'prometheus');
    assert.match(asText.report.contentType, /^text\/plain/);
  });

  it('gives the demo workload the verdict and lint problems promtool gives it', async () => {
    const body = await textBody(demo.metricsUrl);
    const [{ code, report }, theirs] = await Promise.all([
      scrapeJson(demo.metricsUrl, '--format', 'prometheus'),
      promtoolCheckMetrics(body),
    ]);
    assert.equal(code, theirs.exitCode);
    const ours = report.problems.filter((p) => !p.extra).map((p) => `${p.metric} ${p.message}`);
    assert.deepEqual(ours, [...new Set(theirs.lintWarnings)]);
    assert.ok(report.families > 50, `demo families: ${report.families}`);
  });

  it('exits 3 with promtool on lint problems, naming each', async () => {
    const url = fixtures.url('lint');
    const [{ code, report }, theirs] = await Promise.all([
      scrapeJson(url),
      promtoolCheckMetrics(FIXTURES.lint!),
    ]);
    assert.equal(theirs.exitCode, 3);
    assert.equal(code, 3);
    assert.deepEqual(
      report.problems.map((p) => `${p.metric} ${p.message}`),
      theirs.lintWarnings,
    );
  });

  it('exits 1 with promtool on a parse error, at the line promtool names', async () => {
    for (const name of ['parse-error', 'second-help']) {
      const [{ code, report }, theirs] = await Promise.all([
        scrapeJson(fixtures.url(name)),
        promtoolCheckMetrics(FIXTURES[name]!),
      ]);
      assert.equal(theirs.exitCode, 1, name);
      assert.equal(code, 1, name);
      const promtoolLine = Number(/line (\d+)/.exec(theirs.parseErrors[0] ?? '')?.[1]);
      assert.equal(report.parseError?.line, promtoolLine, name);
      assert.equal(report.verdict, 'error');
    }
  });

  it('goes beyond promtool on a histogram without +Inf and a duplicate series (exit 3 where promtool passes)', async () => {
    for (const name of ['no-inf', 'duplicate']) {
      const [{ code, report }, theirs] = await Promise.all([
        scrapeJson(fixtures.url(name)),
        promtoolCheckMetrics(FIXTURES[name]!),
      ]);
      assert.equal(theirs.exitCode, 0, name);
      assert.equal(code, 3, name);
      assert.ok(report.problems.length > 0 && report.problems.every((p) => p.extra === true), name);
    }
  });

  it('prints a readable report with line numbers', async () => {
    const result = await runCli(['scrape', fixtures.url('duplicate')]);
    assert.equal(result.code, 3);
    assert.match(
      result.stdout,
      /^http:\/\/127\.0\.0\.1:\d+\/duplicate\n {2}status +200 OK\n {2}content-type +text\/plain/,
    );
    assert.match(result.stdout, /\n {2}families +1\n {2}series +1\n {2}samples +2\n/);
    assert.match(
      result.stdout,
      /1 lint problem:\n {2}LINE +METRIC +PROBLEM\n {2} +4 +g +duplicate series g\{a="1"\} \(first on line 3\) \(not checked by promtool\)/,
    );
    const broken = await runCli(['scrape', fixtures.url('parse-error')]);
    assert.equal(broken.code, 1);
    assert.match(broken.stdout, /parse error at line 4, column \d+: /);
  });

  it('exits 1 on an error status, quoting the answer', async () => {
    const result = await runCli(['scrape', fixtures.url('missing')]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /answered 404 Not Found: no fixture missing/);
  });
});
