// What instrumenting an HTTP server costs: server CPU time per request and throughput, for
// @telemeter/kits/http (instrumentHttpServer + core's collectRuntimeMetrics) against the same
// server without instrumentation and instrumented with prom-client the usual way.
//
// Each mode runs its own server process (bench/http/server.mjs), asked for its process.cpuUsage()
// over IPC; one load-generator process (bench/http/load.mjs, autocannon, 16 connections × 8
// pipelined requests, alternating /users/:id and /orders/:id with changing ids) drives them all,
// and this process scrapes /metrics once a second during every run. A run's CPU per request is
// the server's CPU time over the run / requests it served; its throughput, requests/s.
//
// On a machine with 2+ CPUs the servers are pinned to the last CPU and the load generator (and
// this process) to the others (taskset), so the scheduler cannot put both on one core or move
// them mid-run. Pipelining keeps the server saturated: with one request in flight per connection
// the load generator is the bottleneck, the server idles between requests, and its CPU per request
// then depends on how many wake-ups each request costs (measured: noise of ±10 µs per run).
//
// Modes run interleaved in every round, the order rotating, and each mode is compared with the
// plain run of the same round; the table gives, per mode, the median over rounds of those pairs
// and their middle half (quartiles).
//
// The figures are only as good as the machine is quiet. 'plain-again', a second uninstrumented
// server, is the noise floor: its "added CPU" should be 0, and a difference the size of its
// spread is not resolved. On the shared 2-CPU VM the middle half of that floor spans 2-4 µs even
// with 15 rounds (other tenants' load moves a server's CPU per request by ±15% from one run to the
// next); resolving 0.5 µs takes a quiet machine or many rounds (the middle half shrinks as
// 1/sqrt(rounds)), e.g. --rounds=25 --seconds=2, or the instruction counts below. bench/http/in-process.mjs, run at the end, measures the kit per request
// without network or load generator, in CPU ns and, with valgrind installed, in instructions
// counted by callgrind, which a busy machine does not disturb at all.
//
// 'endpoint' serves /metrics as 'runtime' does (core's createMetricsHandler) but collects nothing:
// runtime minus endpoint is what collecting runtime metrics costs, endpoint minus plain what
// serving the endpoint costs a one-route server (see bench/http/server.mjs).
//
// Usage: node bench/http-overhead.bench.mjs [--rounds=5] [--seconds=3] [--modes=a,b] [--no-pin]
//   [--hooks] [--no-in-process] [--no-callgrind]
//   --hooks adds the two bare hook mechanisms the kit chose between (a 'request' listener with
//   res.on('close') vs diagnostics_channel), each with two clock reads and nothing else, and the
//   kit in its cheapest configuration (telemeter-lean).
//   --modes runs only those modes (plain is always run: every mode is compared with it).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

const arg = (name, fallback) => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found === undefined ? fallback : Number(found.slice(name.length + 3));
};
const ROUNDS = arg('rounds', 5);
const SECONDS = arg('seconds', 3);
const CPU_COUNT = cpus().length;
const PIN = !process.argv.includes('--no-pin') && CPU_COUNT >= 2 && existsSync('/usr/bin/taskset');
let MODES = ['plain', 'plain-again', 'endpoint', 'runtime', 'telemeter', 'prom-client'];
if (process.argv.includes('--hooks')) MODES.push('telemeter-lean', 'listener', 'dc');
const only = process.argv.find((a) => a.startsWith('--modes='));
if (only !== undefined) {
  const chosen = only.slice(8).split(',');
  MODES = ['plain', ...chosen.filter((m) => m !== '' && m !== 'plain')];
}
const DESCRIPTIONS = {
  plain: 'no instrumentation',
  'plain-again': 'a second uninstrumented server: its difference with plain is the noise floor',
  endpoint: 'no instrumentation, /metrics served by createMetricsHandler over an empty Registry',
  runtime: 'collectRuntimeMetrics() + /metrics only: telemeter minus this is the HTTP kit alone',
  telemeter: '@telemeter/kits/http instrumentHttpServer({ routes }) + collectRuntimeMetrics()',
  'prom-client': 'prom-client Histogram + Counter on finish + collectDefaultMetrics()',
  'telemeter-lean': "the kit with route: (req) => the app's own template, bodySizes: false",
  listener: "bare hook: 'request' listener + res.on('close'), 2 clock reads",
  dc: 'bare hook: diagnostics_channel request.start/response.finish, 2 clock reads',
};

const here = (path) => new URL(path, import.meta.url).pathname;

/** A node child with an IPC channel, pinned to `cpuList` (taskset syntax) when pinning. */
function child(script, args, cpuList) {
  const command = PIN ? '/usr/bin/taskset' : process.execPath;
  const argv = PIN ? ['-c', cpuList, process.execPath, here(script), ...args] : [here(script), ...args];
  return spawn(command, argv, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}
const SERVER_CPU = String(CPU_COUNT - 1);
const LOAD_CPUS = `0-${CPU_COUNT - 2}`;
if (PIN) spawn('/usr/bin/taskset', ['-p', '-c', LOAD_CPUS, String(process.pid)], { stdio: 'ignore' });

function ask(process_, message) {
  return new Promise((resolve) => {
    process_.once('message', resolve);
    process_.send(message);
  });
}

async function startServer(mode) {
  const server = child('./http/server.mjs', [mode], SERVER_CPU);
  const { port } = await new Promise((resolve) => server.once('message', resolve));
  return { mode, child: server, port };
}

async function withScrapes(port, work) {
  const scraper = setInterval(async () => {
    try {
      await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    } catch {}
  }, 1000);
  try {
    return await work();
  } finally {
    clearInterval(scraper);
  }
}

function run(load, server) {
  return withScrapes(server.port, async () => {
    const before = await ask(server.child, 'usage');
    const result = await ask(load, { port: server.port, seconds: SECONDS, connections: 16, pipelining: 8 });
    const after = await ask(server.child, 'usage');
    const cpuPerRequest = (after.cpuMicros - before.cpuMicros) / (after.served - before.served);
    return { cpuPerRequest, rps: result.rps, errors: result.errors + result.non2xx };
  });
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
/** Linear-interpolated quantile of a sample. */
const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.ceil(at)] - sorted[low]) * (at - low);
};
const fmt = (n, digits = 2) => n.toFixed(digits);
const pct = (ratio) => `${ratio >= 1 ? '+' : ''}${fmt((ratio - 1) * 100, 1)}%`;
const signed = (n) => `${n >= 0 ? '+' : ''}${fmt(n)}`;
const quartiles = (values) => `[${signed(quantile(values, 0.25))}, ${signed(quantile(values, 0.75))}]`;

console.log(
  `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; loadavg at start ${loadavg()
    .map((l) => fmt(l))
    .join(' ')}`,
);
console.log(
  `${ROUNDS} rounds × ${MODES.length} modes × ${SECONDS} s, 16 connections × 8 pipelined, /metrics scraped every 1 s; ${PIN ? `servers pinned to CPU ${SERVER_CPU}, load to ${LOAD_CPUS}` : 'not pinned'}`,
);
for (const mode of MODES) console.log(`  ${mode.padEnd(14)} ${DESCRIPTIONS[mode]}`);

const load = child('./http/load.mjs', [], LOAD_CPUS);
const servers = [];
for (const mode of MODES) servers.push(await startServer(mode));
try {
  for (const server of servers) {
    // Warm-up, scraped like the measured runs: the first scrapes deoptimise some of node:http's
    // code, which is then optimised again (let that happen before round 1).
    await withScrapes(server.port, () =>
      ask(load, { port: server.port, seconds: 2, connections: 16, pipelining: 8 }),
    );
  }
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    const order = servers.map((_, i) => servers[(i + r) % servers.length]);
    const results = {};
    for (const server of order) results[server.mode] = await run(load, server);
    rounds.push(results);
    const plain = results.plain;
    const cells = MODES.filter((m) => m !== 'plain').map((m) => {
      const x = results[m];
      return `${m} ${fmt(x.cpuPerRequest)} µs (${signed(x.cpuPerRequest - plain.cpuPerRequest)}) ${fmt(x.rps, 0)}/s`;
    });
    console.log(
      `round ${r + 1}: plain ${fmt(plain.cpuPerRequest)} µs ${fmt(plain.rps, 0)}/s | ${cells.join(' | ')}`,
    );
  }

  console.log('\nmedians over rounds of the per-round pairs with the plain server [middle half]:\n');
  console.log(
    '| mode | server CPU/request | added CPU/request [quartiles] (each round) | req/s | throughput vs plain |',
  );
  console.log('|---|---:|---|---:|---:|');
  const summary = {};
  for (const mode of MODES) {
    const cpu = median(rounds.map((r) => r[mode].cpuPerRequest));
    const rps = median(rounds.map((r) => r[mode].rps));
    if (mode === 'plain') {
      console.log(`| plain | ${fmt(cpu)} µs | — | ${fmt(rps, 0)} | — |`);
      continue;
    }
    const added = rounds.map((r) => r[mode].cpuPerRequest - r.plain.cpuPerRequest);
    const ratios = rounds.map((r) => r[mode].rps / r.plain.rps);
    summary[mode] = { added: median(added), ratio: median(ratios) };
    console.log(
      `| ${mode} | ${fmt(cpu)} µs | **${signed(median(added))} µs** ${quartiles(added)} (${added.map(signed).join(', ')}) | ${fmt(rps, 0)} | ${pct(median(ratios))} |`,
    );
  }
  if (summary['plain-again']) {
    const noise = rounds.map((r) => r['plain-again'].cpuPerRequest - r.plain.cpuPerRequest);
    const sorted = [...noise].sort((a, b) => a - b);
    console.log(
      `\nnoise floor (plain-again - plain): median ${signed(median(noise))} µs, middle half ${quartiles(noise)}, rounds ${signed(sorted[0])} … ${signed(sorted[sorted.length - 1])} µs: differences inside that range are not resolved by this run.`,
    );
  }
  const differences = [
    ['endpoint', 'plain', 'serving /metrics (endpoint - plain)'],
    ['runtime', 'endpoint', 'collecting runtime metrics (runtime - endpoint)'],
    ['telemeter', 'runtime', 'the HTTP kit alone (telemeter - runtime)'],
    ['telemeter-lean', 'runtime', 'the lean kit alone (telemeter-lean - runtime)'],
  ];
  for (const [a, b, what] of differences) {
    if (!summary[a] || !(summary[b] || b === 'plain')) continue;
    const each = rounds.map((r) => r[a].cpuPerRequest - r[b].cpuPerRequest);
    console.log(
      `${what}, each round: ${signed(median(each))} µs ${quartiles(each)} (${each.map(signed).join(', ')})`,
    );
  }
  if (summary.telemeter && summary['prom-client']) {
    const share = summary.telemeter.added / summary['prom-client'].added;
    console.log(
      `telemeter (kit + runtime metrics) adds ${signed(summary.telemeter.added)} µs of server CPU per request, ${fmt(share * 100, 0)}% of prom-client's ${signed(summary['prom-client'].added)} µs.`,
    );
    if (summary.runtime) {
      const kit = median(rounds.map((r) => r.telemeter.cpuPerRequest - r.runtime.cpuPerRequest));
      console.log(
        `the kit alone: ${signed(kit)} µs, ${fmt((kit / summary['prom-client'].added) * 100, 0)}% of prom-client's; target: <= 0.5 µs and <= 20% (resolved only if the noise floor above is much narrower than 0.5 µs).`,
      );
    }
  }
  const errors = rounds.reduce((n, r) => n + MODES.reduce((m, mode) => m + r[mode].errors, 0), 0);
  console.log(
    `errors and non-2xx: ${errors}; loadavg at end ${loadavg()
      .map((l) => fmt(l))
      .join(' ')}`,
  );
} finally {
  for (const server of servers) server.child.send('stop');
  load.send('stop');
}

if (!process.argv.includes('--no-in-process')) {
  console.log('\nin process (bench/http/in-process.mjs), no network:');
  const extra = process.argv.includes('--no-callgrind') ? ['--no-callgrind'] : [];
  await new Promise((resolve) => {
    spawn(process.execPath, [here('./http/in-process.mjs'), ...extra], { stdio: 'inherit' }).once(
      'close',
      resolve,
    );
  });
}
