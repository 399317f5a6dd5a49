// 2. Scraping: one process (scrape-targets.mjs) serves 100 targets × 1,000 series (counters,
// gauges, histograms, values moving with the clock); telemeter and Prometheus scrape all of them
// with the same job at the same time. The interval is shortened (3 s instead of 15 s) so that a
// short run covers several rounds; each server's CPU time over whole rounds, from /proc, is
// divided per round and expressed as % of one core at a 15 s interval (per-round cost ÷ 15 s).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { startPrometheus, startTelemeter } from './contenders.mjs';
import { cpuSeconds, cpuTimes, pin } from './proc-stats.mjs';
import { fmt, ratio, table } from './report.mjs';

const TARGETS = 100;
const INTERVAL_S = 3;
const REAL_INTERVAL_S = 15;

async function startTargets(cpu) {
  const child = spawn(
    process.execPath,
    [new URL('./scrape-targets.mjs', import.meta.url).pathname, String(TARGETS)],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const [ready] = await once(child, 'message');
  if (cpu !== undefined) pin(child.pid, cpu);
  return {
    ports: ready.ports,
    pid: child.pid,
    async stop() {
      const exited = once(child, 'exit');
      child.disconnect();
      await exited;
    },
  };
}

async function instant(url, query) {
  const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = await res.json();
  if (body.status !== 'success') throw new Error(`${url}: ${query}: ${body.error}`);
  return body.data.result.length === 0 ? Number.NaN : Number(body.data.result[0].value[1]);
}

async function waitAllUp(server, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const up = await instant(server.url, 'count(up{job="bench"} == 1)').catch(() => Number.NaN);
    if (up === TARGETS) return;
    if (Date.now() > deadline)
      throw new Error(`${server.name}: ${up} of ${TARGETS} targets up after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function scrapePart({ quick, cpu, loadCpus, prometheus }) {
  const ROUNDS = quick ? 3 : 8;
  const targets = await startTargets(loadCpus);
  const list = targets.ports.map((p) => `"127.0.0.1:${p}"`).join(', ');
  const job = [
    '  - job_name: bench',
    `    scrape_interval: ${INTERVAL_S}s`,
    `    scrape_timeout: ${INTERVAL_S}s`,
    `    static_configs: [{targets: [${list}]}]`,
  ].join('\n');
  const servers = [];
  try {
    servers.push(await startTelemeter({ yaml: `scrape_configs:\n${job}\n`, cpu }));
    servers.push(
      await startTelemeter({
        name: 'telemeter, fsync: interval',
        yaml: `storage: {fsync: interval}\nscrape_configs:\n${job}\n`,
        cpu,
      }),
    );
    if (prometheus)
      servers.push(await startPrometheus({ scrapeYaml: job, scrapeIntervalSeconds: INTERVAL_S, cpu }));
    await Promise.all(servers.map((s) => waitAllUp(s)));
    // Two more rounds: every series exists and the JIT is warm before the window opens.
    await new Promise((r) => setTimeout(r, 2 * INTERVAL_S * 1000));
    const t0 = performance.now();
    const before = servers.map((s) => cpuTimes(s.pid));
    const targetsBefore = cpuSeconds(targets.pid);
    await new Promise((r) => setTimeout(r, ROUNDS * INTERVAL_S * 1000));
    const elapsed = (performance.now() - t0) / 1000;
    const after = servers.map((s) => cpuTimes(s.pid));
    const perRound = servers.map(
      (_, i) =>
        ((after[i].user + after[i].system - before[i].user - before[i].system) * INTERVAL_S) / elapsed,
    );
    const systemShare = servers.map(
      (_, i) =>
        (after[i].system - before[i].system) /
        (after[i].user + after[i].system - before[i].user - before[i].system),
    );
    const targetsPerRound = ((cpuSeconds(targets.pid) - targetsBefore) * INTERVAL_S) / elapsed;
    const rows = [];
    for (let i = 0; i < servers.length; i++) {
      const s = servers[i];
      const samples = await instant(s.url, 'sum(scrape_samples_scraped{job="bench"})');
      const duration = await instant(s.url, 'avg(scrape_duration_seconds{job="bench"})');
      rows.push([
        s.name,
        `${fmt(perRound[i] * 1000, 0)} (${fmt(systemShare[i] * 100, 0)} %)`,
        `${fmt((perRound[i] / REAL_INTERVAL_S) * 100, 2)} %`,
        `${fmt((perRound[i] / INTERVAL_S) * 100, 1)} %`,
        fmt((perRound[i] / samples) * 1e9, 0),
        ratio(perRound[i], perRound[0]),
        fmt(samples),
        fmt(duration * 1000, 1),
      ]);
    }
    console.log(
      `${TARGETS} targets × 1,000 series, scraped every ${INTERVAL_S} s by every server at once; CPU over ${ROUNDS} rounds ` +
        `(${fmt(elapsed, 1)} s) after every target was up plus 2 rounds; the targets' process spent ` +
        `${fmt(targetsPerRound * 1000, 0)} ms per round serving them all\n`,
    );
    table(
      [
        '<server',
        'CPU ms per round (system)',
        'CPU % of a core at 15 s',
        `at ${INTERVAL_S} s`,
        'CPU ns/sample',
        'vs telemeter',
        'samples per round',
        'avg scrape ms',
      ],
      rows,
    );
    return servers.map((s, i) => ({ name: s.name, perRound: perRound[i] }));
  } finally {
    for (const s of servers) await s.stop();
    await targets.stop();
  }
}
