// What instrumenting an HTTP server costs: server CPU time per request and throughput, for
// @telemeter/kits/http (instrumentHttpServer + core's collectRuntimeMetrics) against the same
// server without instrumentation and instrumented with prom-client the usual way.
//
// Each mode runs its own server process (bench/http/server.mjs); load comes from another process
// (bench/http/load.mjs, autocannon, 16 connections × 8 pipelined requests, alternating /users/:id
// and /orders/:id with changing ids), and this process scrapes /metrics once a second during the load. A run's cost is
// the server's process.cpuUsage() over the run divided by the requests it served. Modes run
// interleaved in every round (rotating the order), and each instrumented run is compared with
// the plain run of the same round: on a shared 2-core VM, load drifts between rounds more than
// the differences measured here.
//
// Usage: node bench/http-overhead.bench.mjs [--seconds=5] [--rounds=5] [--connections=16] [--pipelining=8] [--hooks]
//   --hooks adds the two bare hook mechanisms the kit chose between (a 'request' listener with
//   res.on('close') vs diagnostics_channel), each with two clock reads and nothing else.
import { fork, spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';

const arg = (name, fallback) => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found === undefined ? fallback : Number(found.slice(name.length + 3));
};
const SECONDS = arg('seconds', 5);
const ROUNDS = arg('rounds', 5);
// Pipelined requests keep the server saturated: with one request in flight per connection the
// load generator (sharing the machine's two cores) is the bottleneck, the server idles between
// requests, and its CPU per request then includes a varying share of event-loop wake-ups.
const CONNECTIONS = arg('connections', 16);
const PIPELINING = arg('pipelining', 8);
const WARMUP_SECONDS = 2;
const MODES = ['plain', 'runtime', 'telemeter', 'prom-client'];
if (process.argv.includes('--hooks')) MODES.push('listener', 'dc');
const DESCRIPTIONS = {
  plain: 'no instrumentation',
  runtime: 'collectRuntimeMetrics() + /metrics only: telemeter minus this is the HTTP kit alone',
  telemeter: '@telemeter/kits/http instrumentHttpServer({ routes }) + collectRuntimeMetrics()',
  'prom-client': 'prom-client Histogram + Counter on finish + collectDefaultMetrics()',
  listener: "bare hook: 'request' listener + res.on('close'), 2 clock reads",
  dc: 'bare hook: diagnostics_channel request.start/response.finish, 2 clock reads',
};

const here = (path) => new URL(path, import.meta.url).pathname;

function startServer(mode) {
  return new Promise((resolve, reject) => {
    const child = fork(here('./http/server.mjs'), [mode], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('error', reject);
    child.once('message', ({ port }) => resolve({ mode, child, port }));
  });
}

function usage(server) {
  return new Promise((resolve) => {
    server.child.once('message', resolve);
    server.child.send('usage');
  });
}

function load(port, seconds) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [here('./http/load.mjs'), String(port), String(seconds), String(CONNECTIONS), String(PIPELINING)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load exited ${code}`)),
    );
  });
}

async function run(server, seconds) {
  const before = await usage(server);
  let scrapes = 0;
  const scraper = setInterval(async () => {
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      await response.text();
      scrapes++;
    } catch {}
  }, 1000);
  const result = await load(server.port, seconds);
  clearInterval(scraper);
  const after = await usage(server);
  const served = after.served - before.served;
  return {
    cpuPerRequest: (after.cpuMicros - before.cpuMicros) / served,
    rps: result.rps,
    served,
    scrapes,
    result,
  };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (n, digits = 2) => n.toFixed(digits);
const pct = (ratio) => `${ratio >= 1 ? '+' : ''}${fmt((ratio - 1) * 100, 1)}%`;

console.log(
  `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; loadavg at start ${loadavg()
    .map((l) => fmt(l))
    .join(' ')}`,
);
console.log(
  `${ROUNDS} rounds × ${MODES.length} modes × ${SECONDS} s, ${CONNECTIONS} connections × ${PIPELINING} pipelined, /metrics scraped every 1 s`,
);
for (const mode of MODES) console.log(`  ${mode.padEnd(12)} ${DESCRIPTIONS[mode]}`);

const servers = [];
for (const mode of MODES) servers.push(await startServer(mode));
try {
  for (const server of servers) await run(server, WARMUP_SECONDS);
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    const order = servers.map((_, i) => servers[(i + r) % servers.length]);
    const results = {};
    for (const server of order) results[server.mode] = await run(server, SECONDS);
    rounds.push(results);
    const plain = results.plain;
    const cells = MODES.filter((m) => m !== 'plain').map((m) => {
      const x = results[m];
      return `${m} ${fmt(x.cpuPerRequest)} µs (+${fmt(x.cpuPerRequest - plain.cpuPerRequest)}) ${fmt(x.rps, 0)}/s (${pct(x.rps / plain.rps)})`;
    });
    console.log(
      `round ${r + 1}: plain ${fmt(plain.cpuPerRequest)} µs ${fmt(plain.rps, 0)}/s | ${cells.join(' | ')}`,
    );
  }

  console.log('\nserver CPU per request (µs) and throughput, median over rounds of the per-round pairs:\n');
  console.log(
    '| mode | CPU/request | added CPU/request vs plain (per round) | req/s | throughput vs plain |',
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
      `| ${mode} | ${fmt(cpu)} µs | **+${fmt(median(added))} µs** (${added.map((a) => fmt(a)).join(', ')}) | ${fmt(rps, 0)} | ${pct(median(ratios))} |`,
    );
  }
  if (summary.telemeter && summary.runtime) {
    const kitOnly = rounds.map((r) => r.telemeter.cpuPerRequest - r.runtime.cpuPerRequest);
    console.log(
      `\nthe HTTP kit alone (telemeter - runtime, per round): +${fmt(median(kitOnly))} µs (${kitOnly.map((a) => fmt(a)).join(', ')})`,
    );
  }
  if (summary.telemeter && summary['prom-client']) {
    const share = summary.telemeter.added / summary['prom-client'].added;
    console.log(
      `\ntelemeter adds ${fmt(summary.telemeter.added)} µs of server CPU per request, ${fmt(share * 100, 0)}% of what prom-client adds (${fmt(summary['prom-client'].added)} µs); target <= 0.5 µs and <= 20%.`,
    );
  }
  console.log(
    `loadavg at end ${loadavg()
      .map((l) => fmt(l))
      .join(' ')}`,
  );
} finally {
  for (const server of servers) server.child.send('stop');
}
