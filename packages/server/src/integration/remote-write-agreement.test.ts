import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type RunningPrometheus, startPrometheus, waitFor } from '@telemeter/testkit';
import { startTempServer, type TempServer } from '../testing/temp-server.js';

// A real Prometheus scrapes itself and remote-writes everything to telemeter; the same PromQL
// asked of both must give the same series and values, since both hold the very same samples.
// Windows are shorter than the data's age: where a window reaches back before the first sample,
// Prometheus 2.42 and 3.x (whose semantics telemeter follows) extrapolate rate() differently.
const INSTANT_QUERIES = [
  'up',
  'prometheus_build_info',
  'go_goroutines',
  'process_resident_memory_bytes',
  'rate(prometheus_http_requests_total[10s])',
  'sum by (job) (rate(process_cpu_seconds_total[10s]))',
  'sum without (instance) (rate(prometheus_http_requests_total[10s]))',
  'histogram_quantile(0.9, sum by (le) (rate(prometheus_http_response_size_bytes_bucket[10s])))',
  'histogram_quantile(0.5, sum by (le, handler) (rate(prometheus_http_request_duration_seconds_bucket[10s])))',
  'increase(prometheus_tsdb_head_samples_appended_total[10s])',
  'irate(process_cpu_seconds_total[10s])',
  'go_memstats_heap_alloc_bytes / go_memstats_heap_sys_bytes',
  'max_over_time(go_goroutines[10s])',
  'avg_over_time(process_open_fds[10s])',
  'topk(3, go_memstats_alloc_bytes_total)',
  'prometheus_tsdb_head_series > 0',
  'delta(go_goroutines[10s])',
  'deriv(process_resident_memory_bytes[10s])',
  'count(up == 1)',
  'label_replace(up, "host", "$1", "instance", "(.*):.*")',
  'rate(prometheus_http_request_duration_seconds_sum[10s]) / rate(prometheus_http_request_duration_seconds_count[10s])',
  'absent(metric_that_does_not_exist)',
  'scalar(count(up)) * 2',
  'quantile(0.5, go_memstats_heap_inuse_bytes)',
  'changes(go_goroutines[10s])',
  'count by (__name__) ({__name__=~"prometheus_tsdb_head_.*"})',
  'sum(scrape_samples_scraped) + sum(scrape_series_added)',
  'go_gc_duration_seconds{quantile="0.5"} * on (instance) group_left up',
];
const RANGE_QUERIES = [
  'rate(prometheus_http_requests_total[5s])',
  'sum(go_memstats_alloc_bytes)',
  'histogram_quantile(0.99, sum by (le) (rate(prometheus_http_response_size_bytes_bucket[5s])))',
];

interface Series {
  metric: Record<string, string>;
  value?: [number, string];
  values?: [number, string][];
}
interface ApiBody {
  status: string;
  error?: string;
  data: { resultType: string; result: Series[] | [number, string] };
}

async function ask(
  base: string,
  path: string,
  params: Record<string, string>,
  method = 'POST',
): Promise<ApiBody> {
  const form = new URLSearchParams(params);
  const res =
    method === 'POST'
      ? await fetch(`${base}${path}`, { method, body: form })
      : await fetch(`${base}${path}?${form}`);
  const body = (await res.json()) as ApiBody;
  assert.equal(body.status, 'success', `${base}${path} ${params.query}: ${body.error}`);
  return body;
}

function key(metric: Record<string, string>): string {
  return JSON.stringify(Object.entries(metric).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function closeEnough(a: string, b: string): boolean {
  if (a === b) return true;
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) && Number.isNaN(y)) return true;
  return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
}

function assertSameResult(query: string, theirs: ApiBody, ours: ApiBody): void {
  assert.equal(ours.data.resultType, theirs.data.resultType, `${query}: result type`);
  if (theirs.data.resultType === 'scalar') {
    const [t1, v1] = theirs.data.result as [number, string];
    const [t2, v2] = ours.data.result as [number, string];
    assert.equal(t2, t1, `${query}: scalar time`);
    assert.ok(closeEnough(v1, v2), `${query}: scalar ${v2} vs Prometheus ${v1}`);
    return;
  }
  const expected = new Map((theirs.data.result as Series[]).map((s) => [key(s.metric), s]));
  const actual = new Map((ours.data.result as Series[]).map((s) => [key(s.metric), s]));
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), `${query}: series`);
  for (const [k, want] of expected) {
    const got = actual.get(k) as Series;
    const wantPoints = want.values ?? (want.value ? [want.value] : []);
    const gotPoints = got.values ?? (got.value ? [got.value] : []);
    assert.equal(gotPoints.length, wantPoints.length, `${query} ${k}: number of points`);
    wantPoints.forEach(([t, v], i) => {
      const [gt, gv] = gotPoints[i] as [number, string];
      assert.equal(gt, t, `${query} ${k}: timestamp of point ${i}`);
      assert.ok(closeEnough(v, gv), `${query} ${k} @${t}: telemeter ${gv} vs Prometheus ${v}`);
    });
  }
}

describe('a real Prometheus remote-writing to telemeter', { timeout: 120_000 }, () => {
  let server: TempServer;
  let prometheus: RunningPrometheus;
  let evalTime: number;

  before(async () => {
    server = await startTempServer();
    prometheus = await startPrometheus({ selfScrape: true, remoteWriteUrls: [`${server.url}/api/v1/write`] });
    // Enough scrapes for rates and quantiles over a few samples.
    await waitFor(
      'Prometheus has scraped itself 15 times',
      async () => {
        const rows = await prometheus.query('count_over_time(up[1m])');
        return Number(rows[0]?.value?.[1] ?? 0) >= 15 ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    evalTime = Math.floor(Date.now() / 1000) - 2;
    // Every raw sample in the last 30 s, as a matrix: equal counts mean the remote-write queue has caught up.
    const raw = { query: '{__name__=~".+"}[30s]', time: String(evalTime) };
    const points = (body: ApiBody) =>
      (body.data.result as Series[]).reduce((n, s) => n + (s.values?.length ?? 0), 0);
    await waitFor(
      'telemeter holds every sample Prometheus holds up to the evaluation time',
      async () => {
        const want = points(await ask(prometheus.url, '/api/v1/query', raw));
        const got = points(await ask(server.url, '/api/v1/query', raw));
        if (want > 0 && want === got) return true;
        throw new Error(`Prometheus ${want} samples, telemeter ${got}`);
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
  });

  after(async () => {
    await prometheus?.stop();
    await server?.dispose();
  });

  test(`${INSTANT_QUERIES.length} instant queries agree`, async () => {
    for (const query of INSTANT_QUERIES) {
      const params = { query, time: String(evalTime) };
      const theirs = await ask(prometheus.url, '/api/v1/query', params);
      const ours = await ask(server.url, '/api/v1/query', params);
      assertSameResult(query, theirs, ours);
    }
  });

  test(`${RANGE_QUERIES.length} range queries agree`, async () => {
    for (const query of RANGE_QUERIES) {
      const params = { query, start: String(evalTime - 6), end: String(evalTime), step: '1' };
      const theirs = await ask(prometheus.url, '/api/v1/query_range', params);
      const ours = await ask(server.url, '/api/v1/query_range', params);
      assertSameResult(query, theirs, ours);
    }
  });

  test('series, labels and label values agree', async () => {
    const range = { start: String(evalTime - 60), end: String(evalTime) };
    for (const [path, params] of [
      ['/api/v1/series', { 'match[]': 'up', ...range }],
      ['/api/v1/labels', range],
      ['/api/v1/label/job/values', range],
    ] as const) {
      const method = path.startsWith('/api/v1/label/') ? 'GET' : 'POST';
      const theirs = (await ask(prometheus.url, path, params, method)).data as unknown;
      const ours = (await ask(server.url, path, params, method)).data as unknown;
      const norm = (v: unknown) =>
        Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : key(x))).sort() : v;
      assert.deepEqual(norm(ours), norm(theirs), path);
    }
  });
});
