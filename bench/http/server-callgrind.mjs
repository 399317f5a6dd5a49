// The end-to-end benchmark's servers (server.mjs) counted with callgrind instead of timed: the
// instructions the server process executes per request, which a busy machine does not change.
// Each mode's server runs under `valgrind --tool=callgrind` (node --predictable); autocannon
// (outside valgrind, 16 connections × 8 pipelined, /users/:id and /orders/:id) sends a warm-up
// with a scrape every 1000 requests (the first scrapes deoptimise some of node:http's code, which
// is optimised again), then callgrind's counters are zeroed (callgrind_control -z), --requests
// requests are sent with a scrape every 25 000 (about once a second at the native rate), and the
// counters are dumped. Instructions / requests served in that window.
//
// Not load-independent in every respect: the event-loop delay sampler ticks by wall time (2.5 k
// instructions a tick, and a valgrind'ed server is ~50x slower: its interval is stretched to
// --sampler-ms=500 for telemeter and prom-client alike, else it alone would add ~750 instructions
// per request and move with the machine's load), how many pipelined requests one
// read brings depends on timing, and a major GC inside a 20 000-request window moves a mode by
// 2-15 k instructions per request (incremental marking, write barriers; forcing a full GC just
// before the window is worse: the code it deoptimises is compiled again inside the window).
// TurboFan is still compiling node:http's code after 10 000 requests, so --warm=30000 gives
// steadier figures. Hence also --repeat and medians. Slow: 1-4 minutes per mode and repeat.
//
// Usage: node bench/http/server-callgrind.mjs [--modes=plain,endpoint,runtime,telemeter,prom-client]
//   [--requests=20000] [--warm=10000] [--repeat=1] [--sampler-ms=500]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

const option = (name, fallback) => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found === undefined ? fallback : found.slice(name.length + 3);
};
const MODES = option('modes', 'plain,endpoint,runtime,telemeter,prom-client').split(',');
if (!MODES.includes('plain')) MODES.unshift('plain');
const REQUESTS = Number(option('requests', 20_000));
const WARM = Number(option('warm', 10_000));
const REPEAT = Number(option('repeat', 1));
const SCRAPE_EVERY = 25_000;
// The event-loop delay sampler ticks by wall time: 10 ms natively, stretched by valgrind's ~50x
// slowdown so it costs each request what it does at native speed (see server.mjs).
const SAMPLER_MS = Number(option('sampler-ms', 500));
const server = new URL('./server.mjs', import.meta.url).pathname;

let user = 0;
let order = 0;
function load(port, amount) {
  return new Promise((resolve, reject) => {
    const requests = [
      { method: 'GET', setupRequest: (req) => ({ ...req, path: `/users/${(user = (user + 1) % 10_000)}` }) },
      {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: `/orders/${(order = (order + 7) % 10_000)}` }),
      },
    ];
    const options = { url: `http://127.0.0.1:${port}`, connections: 16, pipelining: 8, amount, requests };
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function scrape(port) {
  await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
}

/** Instructions per request of one mode's server. */
async function count(mode, dir) {
  const out = join(dir, `${mode}.out`);
  const node = [process.execPath, '--predictable', server, mode];
  const args = ['--tool=callgrind', `--callgrind-out-file=${out}`, ...node];
  const env = { ...process.env, BENCH_EVENT_LOOP_PRECISION_MS: String(SAMPLER_MS) };
  const child = spawn('valgrind', args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const ask = (message = 'usage') =>
    new Promise((resolve) => {
      child.once('message', resolve);
      child.send(message);
    });
  try {
    const { port } = await new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`${mode} server exited (${code}):\n${stderr}`)));
    });
    for (let sent = 0; sent < WARM; sent += 1000) {
      await load(port, 1000);
      await scrape(port);
    }
    execFileSync('callgrind_control', ['-z', String(child.pid)], { stdio: 'ignore' });
    const before = await ask();
    for (let sent = 0; sent < REQUESTS; sent += SCRAPE_EVERY) {
      await load(port, Math.min(SCRAPE_EVERY, REQUESTS - sent));
      await scrape(port);
    }
    const after = await ask();
    execFileSync('callgrind_control', ['-d', String(child.pid)], { stdio: 'ignore' });
    const dump = readdirSync(dir).find((f) => f.startsWith(`${mode}.out.`));
    const total = Number(readFileSync(join(dir, dump), 'utf8').match(/^(?:summary|totals): (\d+)/m)[1]);
    return total / (after.served - before.served);
  } finally {
    child.send('stop');
    await new Promise((resolve) => child.once('close', resolve));
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const results = Object.fromEntries(MODES.map((mode) => [mode, []]));
for (let r = 0; r < REPEAT; r++) {
  for (const mode of MODES) {
    const dir = mkdtempSync(join(tmpdir(), 'telemeter-server-callgrind-'));
    try {
      results[mode].push(await count(mode, dir));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    console.log(`repeat ${r + 1}: ${mode} ${results[mode].at(-1).toFixed(0)} instructions per request`);
  }
}
const plain = median(results.plain);
console.log(`\ninstructions per request, median of ${REPEAT} (${REQUESTS} requests after ${WARM}):\n`);
console.log('| mode | instructions/request | added over plain (each repeat) |');
console.log('|---|---:|---|');
for (const mode of MODES) {
  const each = results[mode].map((x) => (x - plain).toFixed(0));
  const added = mode === 'plain' ? '—' : `${(median(results[mode]) - plain).toFixed(0)} (${each.join(', ')})`;
  console.log(`| ${mode} | ${median(results[mode]).toFixed(0)} | ${added} |`);
}
