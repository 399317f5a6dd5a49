import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type RunningPrometheus, requireBinary, startPrometheus, waitFor } from '@telemeter/testkit';
import { type DemoWorkload, startDemoWorkload } from '../demo/workload.js';
import { SPARK_BLOCKS } from '../output/sparkline.js';
import { runCli } from '../testing/run-cli.js';

const prometheusBinary = requireBinary('prometheus', 'prometheus');

describe('telemeter query (the built bin) against a real Prometheus', {
  skip: prometheusBinary.skip,
  timeout: 90_000,
}, () => {
  let demo: DemoWorkload;
  let prometheus: RunningPrometheus;
  const query = (...args: string[]) => runCli(['query', ...args, '--server', prometheus.url]);

  before(async () => {
    demo = await startDemoWorkload({ port: 0 });
    prometheus = await startPrometheus({ targets: [new URL(demo.url).host], scrapeIntervalSeconds: 1 });
    await prometheus.waitForTargetsUp(30_000);
    // A few scrapes, so a range query has a line to draw.
    await waitFor(
      'three scrapes',
      async () => {
        const [sample] = await prometheus.query('count_over_time(up[1m])');
        return Number(sample?.value?.[1]) >= 3 ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
  });
  after(async () => {
    await prometheus?.stop();
    await demo?.stop();
  });

  it('prints an instant vector as a table: the name, a column per label, the value', async () => {
    const result = await query('up');
    assert.equal(result.code, 0, result.stderr);
    const [header, row, ...rest] = result.stdout.trimEnd().split('\n');
    assert.match(header!, /^NAME +instance +job +VALUE$/);
    assert.match(row!, new RegExp(`^up +${new URL(demo.url).host.replace(/\./g, '\\.')} +target +1$`));
    assert.equal(rest.length, 0);
  });

  it('shows values in the unit of the metric name, and scalars as a number', async () => {
    const memory = await query('process_resident_memory_bytes');
    assert.equal(memory.code, 0, memory.stderr);
    assert.match(memory.stdout, / \d+(\.\d+)? MiB\n$/);
    const scalar = await query('scalar(up) * 2');
    assert.equal(scalar.stdout, '2\n');
  });

  it('--json prints the data object as the API sent it', async () => {
    const result = await query('sum by (http_route) (http_server_request_duration_seconds_count)', '--json');
    assert.equal(result.code, 0, result.stderr);
    const data = JSON.parse(result.stdout) as {
      resultType: string;
      result: { metric: Record<string, string>; value: [number, string] }[];
    };
    assert.equal(data.resultType, 'vector');
    const routes = data.result.map((s) => s.metric.http_route).sort();
    assert.deepEqual(routes, ['/api/items', '/api/items/:id']);
    assert.ok(data.result.every((s) => Number(s.value[1]) > 0));
  });

  it('--range draws each series as a sparkline with min, max and last', async () => {
    const result = await query(
      'sum(http_server_request_duration_seconds_count)',
      '--range',
      '10s',
      '--step',
      '1s',
    );
    assert.equal(result.code, 0, result.stderr);
    const [header, row] = result.stdout.trimEnd().split('\n');
    assert.match(header!, /^SERIES +TREND +MIN +MAX +LAST$/);
    const trend = row!.split(/ {2,}/)[1]!;
    assert.ok(
      [...trend].every((ch) => ch === ' ' || SPARK_BLOCKS.includes(ch)),
      trend,
    );
    assert.ok([...trend].filter((ch) => ch !== ' ').length >= 2, trend);
    // A counter only grows: its last value is its max, and the line ends on the top block.
    const [min, max, last] = row!
      .trim()
      .split(/ +/)
      .slice(-3)
      .map((n) => Number(n.replace(/,/g, '')));
    assert.ok(min! <= max! && last === max, row);
    assert.equal(trend.trimEnd().at(-1), '█');
  });

  it('--time evaluates at that instant (RFC 3339 or a time ago)', async () => {
    const past = await query('up', '--time', new Date(Date.now() - 3_600_000).toISOString());
    assert.equal(past.code, 0);
    assert.equal(past.stdout, '');
    assert.match(past.stderr, /^no series\n$/);
    const recent = await query('up', '--time=-1s');
    assert.match(recent.stdout, /\n *up +\S+ +target +1\n$/);
  });

  it('exits 1 with errorType and message for API errors', async () => {
    const parse = await query('sum(');
    assert.equal(parse.code, 1);
    assert.match(parse.stderr, /^telemeter: error: bad_data: .*parse error/);
    const execution = await query('{job="target"} + on() {job="target"}');
    assert.equal(execution.code, 1);
    assert.match(execution.stderr, /^telemeter: error: execution: .*many-to-many matching not allowed/);
  });

  it('says so when --server is not a Prometheus API', async () => {
    const result = await runCli(['query', 'up', '--server', demo.url]);
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /answered 404 Not Found without a Prometheus API JSON body.*is --server a Prometheus-compatible API/,
    );
  });
});
