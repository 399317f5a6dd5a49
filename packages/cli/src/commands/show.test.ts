import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { freePort } from '@telemeter/testkit';
import { type DemoWorkload, startDemoWorkload } from '../demo/workload.js';
import { type FixtureExporter, startFixtureExporter } from '../testing/exporter.js';
import { runCli, startCli } from '../testing/run-cli.js';

interface JsonRow {
  family: string;
  type: string;
  labels: Record<string, string>;
  unit: string;
  value?: number;
  rate?: number;
  count?: number;
  quantiles?: { quantile: number; value: number }[];
}

describe('telemeter show (the built bin) against the demo workload', { timeout: 60_000 }, () => {
  let demo: DemoWorkload;
  let fixtures: FixtureExporter;
  before(async () => {
    demo = await startDemoWorkload({ port: 0 });
    fixtures = await startFixtureExporter({ broken: '# TYPE up gauge\nup{job="a} 1\n' });
  });
  after(async () => {
    await demo.stop();
    await fixtures.close();
  });

  it('--json gives counters a rate, histograms count, rate and p50/p95/p99, from a base URL', async () => {
    const result = await runCli(['show', demo.url, '--interval', '700ms', '--json']);
    assert.equal(result.code, 0, result.stderr);
    const doc = JSON.parse(result.stdout) as { url: string; intervalSeconds: number; rows: JsonRow[] };
    assert.equal(doc.url, demo.metricsUrl);
    assert.ok(doc.intervalSeconds >= 0.7);
    const requests = doc.rows.filter(
      (r) => r.family === 'http_server_request_duration_seconds' && r.labels.http_route === '/api/items/:id',
    );
    assert.ok(requests.length > 0);
    const busiest = requests.reduce((a, b) => ((a.count ?? 0) > (b.count ?? 0) ? a : b));
    assert.equal(busiest.unit, 'seconds');
    assert.ok(busiest.count! > 0 && busiest.rate! > 0, JSON.stringify(busiest));
    assert.deepEqual(
      busiest.quantiles!.map((q) => q.quantile),
      [0.5, 0.95, 0.99],
    );
    const [p50, p95, p99] = busiest.quantiles!.map((q) => q.value);
    assert.ok(p50! > 0 && p50! <= p95! && p95! <= p99!, JSON.stringify(busiest.quantiles));
    const hits = doc.rows.find((r) => r.family === 'cache_requests' && r.labels.result === 'hit');
    assert.equal(hits?.type, 'counter');
    assert.ok(typeof hits.rate === 'number');
    const memory = doc.rows.find((r) => r.family === 'process_resident_memory_bytes');
    assert.equal(memory?.unit, 'bytes');
    assert.ok(memory.value! > 1024 * 1024);
    const window = doc.rows.find((r) => r.family === 'operation_duration_window_seconds');
    assert.equal(window?.type, 'summary');
  });

  it('prints a table grouped by family, in human units, filtered by --filter', async () => {
    const result = await runCli([
      'show',
      demo.metricsUrl,
      '--interval',
      '500ms',
      '--filter',
      '^(http_server_request_duration|process_resident)',
    ]);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^SERIES +VALUE +RATE +QUANTILES$/);
    const headings = lines.filter((l) => !l.startsWith(' ') && l !== lines[0]);
    assert.deepEqual(
      headings.map((l) => l.split(' ')[0]),
      ['process_resident_memory_bytes', 'http_server_request_duration_seconds'],
    );
    assert.match(result.stdout, /\n {2}\{\} +\d+(\.\d+)? MiB\n/);
    assert.match(
      result.stdout,
      // A series too long for the column goes on its own line, its numbers on the next.
      /http_route="\/api\/items\/:id"[^\n]*\}\n +n=[\d,]+ +[\d.]+\/s +p50 [\d.]+ (ms|µs|s) +p95 /,
    );
  });

  it('--watch redraws every interval until SIGINT, then exits 0', async () => {
    const cli = startCli([
      'show',
      demo.metricsUrl,
      '--watch',
      '--interval',
      '300ms',
      '--filter',
      'cache_entries',
    ]);
    await cli.waitForStdout(/(--- [^\n]+\n[\s\S]*){2}/);
    cli.child.kill('SIGINT');
    const result = await cli.exited;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^--- \d{4}-\d{2}-\d{2}T/);
    assert.match(result.stdout, /cache_entries gauge/);
  });

  it('--watch --json writes one JSON document per redraw', async () => {
    const cli = startCli([
      'show',
      demo.metricsUrl,
      '--watch',
      '--json',
      '--interval',
      '300ms',
      '--filter',
      'semaphore_limit',
    ]);
    await cli.waitForStdout(/\n[\s\S]*\n/);
    cli.child.kill('SIGTERM');
    const result = await cli.exited;
    assert.equal(result.code, 0);
    const docs = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { rows: JsonRow[] });
    assert.ok(docs.length >= 2);
    assert.equal(docs[0]!.rows[0]!.value, 4);
  });

  it('exits 1 when the target is down or not an exposition', async () => {
    const port = await freePort();
    const down = await runCli(['show', `127.0.0.1:${port}`, '--interval', '100ms']);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /cannot connect to http:\/\/127\.0\.0\.1:\d+\/metrics: connection refused/);
    const broken = await runCli(['show', fixtures.url('broken'), '--interval', '100ms']);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /is not valid Prometheus text: line 2, column \d+: .*telemeter scrape/);
  });
});
