// 4. Query latency through the HTTP API: the shared data set generator
// (shared/bench-data/gen-dataset.mjs: 100 Node.js API instances × 100 series = 10,000 series,
// 1 h at 15 s ending now, scrape jitter, a crash and incidents) is sent by remote write to
// telemeter and Prometheus; then 8 dashboard queries (5 instant at the end, 3 ranges over the hour
// at 15 s step) go to both, interleaved, warm-up first. Wall time is the client's (request to last
// byte of JSON); CPU is the server's, from /proc around each request (10 ms ticks, so a mean).
// Results are compared: same series, values within 1e-6 relative.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedDir } from '../lib/shared-data.mjs';
import { startPrometheus, startTelemeter } from './contenders.mjs';
import { cpuSeconds } from './proc-stats.mjs';
import { fmt, median, quantile, ratio, table } from './report.mjs';

const QUERIES = [
  ['instant', 'http_requests_total{instance="api-007:3000",route="/api/orders"}'],
  ['instant', 'sum by (route) (rate(http_requests_total[5m]))'],
  [
    'instant',
    'sum by (route) (rate(http_requests_total{status=~"5.."}[5m])) / sum by (route) (rate(http_requests_total[5m]))',
  ],
  [
    'instant',
    'histogram_quantile(0.99, sum by (le, route) (rate(http_request_duration_seconds_bucket[5m])))',
  ],
  ['instant', 'topk(10, sum by (instance) (rate(process_cpu_seconds_total[5m])))'],
  ['range', 'sum by (route) (rate(http_requests_total[5m]))'],
  ['range', 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))'],
  ['range', 'avg by (region) (process_resident_memory_bytes)'],
];
const STEP_S = 15;

async function ask(server, kind, query, startS, endS) {
  const params = new URLSearchParams({ query });
  if (kind === 'instant') params.set('time', String(endS));
  else {
    params.set('start', String(startS));
    params.set('end', String(endS));
    params.set('step', String(STEP_S));
  }
  const path = kind === 'instant' ? 'query' : 'query_range';
  const cpu0 = cpuSeconds(server.pid);
  const t0 = performance.now();
  const res = await fetch(`${server.url}/api/v1/${path}?${params}`);
  const text = await res.text();
  const ms = performance.now() - t0;
  const cpuMs = (cpuSeconds(server.pid) - cpu0) * 1000;
  const body = JSON.parse(text);
  if (body.status !== 'success') throw new Error(`${server.name}: ${query}: ${body.error}`);
  return { ms, cpuMs, result: body.data.result };
}

/** Differences between two results: missing series, or values further apart than 1e-6 relative. */
function compare(a, b) {
  const key = (m) => JSON.stringify(Object.entries(m).sort());
  const points = (r) => (r.values ?? [r.value]).map(([t, v]) => [Number(t), Number(v)]);
  const mb = new Map(b.map((r) => [key(r.metric), points(r)]));
  let worst = 0;
  let missing = Math.abs(a.length - b.length);
  for (const r of a) {
    const other = mb.get(key(r.metric));
    if (other === undefined) {
      missing++;
      continue;
    }
    const mine = points(r);
    if (mine.length !== other.length) missing++;
    for (let i = 0; i < Math.min(mine.length, other.length); i++) {
      const [x, y] = [mine[i][1], other[i][1]];
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      worst = Math.max(worst, Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), 1e-300));
    }
  }
  return { missing, worst };
}

export async function queryPart({ quick, cpu, loader, prometheus }) {
  const shared = sharedDir();
  if (shared === undefined) {
    console.log('skipped: shared/bench-data/gen-dataset.mjs is not here');
    return [];
  }
  const REPEATS = quick ? 5 : 15;
  const GROUPS = quick ? 30 : 100;
  const work = mkdtempSync(join(tmpdir(), 'telemeter-query-bench-'));
  const servers = [];
  try {
    const startS = Math.floor(Date.now() / 60_000) * 60 - 3600 - 120;
    const endS = startS + 3600;
    const data = join(work, 'batches');
    const gen = JSON.parse(
      execFileSync(process.execPath, [
        join(shared, 'bench-data', 'gen-dataset.mjs'),
        ...[
          '--series-groups',
          String(GROUPS),
          '--hours',
          '1',
          '--jitter-ms',
          '50',
          '--start',
          String(startS),
        ],
        ...['--format', 'remote-write-batches', '--out', data],
      ]).toString(),
    );
    servers.push(await startTelemeter({ cpu }));
    if (prometheus) servers.push(await startPrometheus({ cpu }));
    const loads = [];
    for (const s of servers) {
      const result = await loader.call({ type: 'dataset', url: s.remoteWriteUrl, dir: data, connections: 4 });
      if (result.errors > 0)
        throw new Error(`${s.name}: ${result.errors} failed requests: ${result.firstError}`);
      loads.push(`${s.name} ${fmt(result.seconds, 1)} s`);
      const stored = await s.storedSamples();
      if (stored !== gen.samples)
        console.log(`warning: ${s.name} stored ${fmt(stored)} of ${fmt(gen.samples)} samples`);
    }
    rmSync(data, { recursive: true, force: true });
    console.log(
      `${fmt(gen.series)} series, ${fmt(gen.samples)} samples (1 h at 15 s, gen-dataset.mjs --series-groups ${GROUPS}); ` +
        `loaded by remote write in ${loads.join(', ')}; ${REPEATS} timed runs per query and server after 2 warm-up runs\n`,
    );
    const times = QUERIES.map(() => servers.map(() => ({ ms: [], cpuMs: [] })));
    const checks = [];
    for (let q = 0; q < QUERIES.length; q++) {
      const [kind, query] = QUERIES[q];
      const results = [];
      for (const s of servers) results.push((await ask(s, kind, query, startS, endS)).result);
      for (const s of servers) await ask(s, kind, query, startS, endS);
      checks.push({
        series: results[0].length,
        ...(results.length > 1 ? compare(results[0], results[1]) : {}),
      });
    }
    for (let rep = 0; rep < REPEATS; rep++) {
      for (let q = 0; q < QUERIES.length; q++) {
        for (let i = 0; i < servers.length; i++) {
          const j = (i + rep) % servers.length;
          const { ms, cpuMs } = await ask(servers[j], QUERIES[q][0], QUERIES[q][1], startS, endS);
          times[q][j].ms.push(ms);
          times[q][j].cpuMs.push(cpuMs);
        }
      }
    }
    const headers = ['<query', 'series'];
    for (const s of servers) headers.push(`${s.name} median / p90 ms (CPU)`);
    if (servers.length > 1) headers.push('telemeter ÷ Prometheus (median)', 'results agree');
    const rows = QUERIES.map(([kind, query], q) => {
      const row = [`${kind === 'range' ? 'range 1 h: ' : ''}\`${query}\``, fmt(checks[q].series)];
      const medians = [];
      for (let j = 0; j < servers.length; j++) {
        const t = times[q][j];
        medians.push(median(t.ms));
        const meanCpu = t.cpuMs.reduce((a, b) => a + b, 0) / t.cpuMs.length;
        row.push(`${fmt(median(t.ms), 1)} / ${fmt(quantile(t.ms, 0.9), 1)} (${fmt(meanCpu, 0)})`);
      }
      if (servers.length > 1) {
        const c = checks[q];
        row.push(ratio(medians[0], medians[1]));
        if (c.missing > 0) row.push(`no: ${c.missing} series differ`);
        else row.push(c.worst <= 1e-6 ? 'yes' : `same series, values within ${c.worst.toExponential(1)}`);
      }
      return row;
    });
    table(headers, rows);
    return times;
  } finally {
    for (const s of servers) await s.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
