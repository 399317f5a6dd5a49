// In-process companion to ../http-overhead.bench.mjs: what the HTTP kit adds per request with no
// network and no load generator. Real node:http IncomingMessage/ServerResponse objects are
// created, passed through the server's 'request' listeners and closed as a sent response would be;
// each variant runs in its own process (sharing one process would make the kit's inline caches
// polymorphic). Two measures:
//
//   ns           CPU time: interleaved batches against a process without listeners, median of 35
//                batches of 20 000 requests. Fast, but as noisy as the machine is busy.
//   instructions callgrind (valgrind --tool=callgrind), when valgrind is installed: the
//                instructions a request executes, counted only inside the measured loop (the loop
//                runs inside Array.prototype.findLastIndex, whose builtin callgrind toggles
//                collection on), under node --predictable (single-threaded, no timing-dependent
//                heuristics), so the count repeats to within a few instructions and does not care
//                about the load. Compared with 'plain' (the same loop, no listener).
//
// Usage: node bench/http/in-process.mjs [--no-callgrind] [--callgrind-only] [--jobs=2]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const VARIANTS = {
  listener: "bare hook: 'request' listener + res.on('close'), two clock reads",
  'kit-route-fn': 'instrumentHttpServer({ route: (req) => template the app already computed })',
  'kit-no-sizes': 'instrumentHttpServer({ routes, bodySizes: false })',
  'kit-routes': "instrumentHttpServer({ routes: ['/users/:id', '/orders/:id'] })",
};

const clock = globalThis.performance;
const self = new URL(import.meta.url).pathname;

/** The server's 'request' emitter for a variant ('plain': none of the listeners). */
async function setUp(variant) {
  const core = new URL('../../packages/core/dist/esm/index.js', import.meta.url).href;
  const kits = new URL('../../packages/kits/dist/esm/http/index.js', import.meta.url).href;
  const { Registry } = await import(core);
  const { instrumentHttpServer } = await import(kits);
  const server = new EventEmitter();
  const routes = ['/users/:id', '/orders/:id'];
  if (variant === 'listener') {
    const kStart = Symbol('start');
    let total = 0;
    function onClose() {
      total += clock.now() - this[kStart];
    }
    server.prependListener('request', (_req, res) => {
      res[kStart] = clock.now();
      res.on('close', onClose);
    });
    process.on('exit', () => total);
  } else if (variant === 'kit-routes') {
    instrumentHttpServer(server, { registry: new Registry(), routes });
  } else if (variant === 'kit-route-fn') {
    instrumentHttpServer(server, { registry: new Registry(), route: (req) => req.template });
  } else if (variant === 'kit-no-sizes') {
    instrumentHttpServer(server, { registry: new Registry(), routes, bodySizes: false });
  } else if (variant !== 'plain') {
    throw new Error(`unknown variant ${variant}`);
  }
  // Strings as node:http's parser makes them (flat, not concatenations).
  const flat = (s) => Buffer.from(s).toString('latin1');
  const urls = Array.from({ length: 1024 }, (_, i) => flat(i % 2 ? `/users/${i}` : `/orders/${i}`));
  const rawHeaders = ['Host', '127.0.0.1:3000', 'Connection', 'keep-alive'].map(flat);
  const socket = new Socket();
  const one = (target, i) => {
    const req = new http.IncomingMessage(socket);
    req.method = 'GET';
    req.url = urls[i & 1023];
    req.template = i % 2 ? '/users/:id' : '/orders/:id';
    req.rawHeaders = rawHeaders;
    const res = new http.ServerResponse(req);
    target.emit('request', req, res);
    // What end() leaves behind on a sent response.
    res.statusCode = 200;
    res._contentLength = 24;
    res.finished = true;
    res.emit('close');
  };
  return { server, one };
}

/** CPU ns per request added by `variant`, median of interleaved batches against no listener. */
async function measureNs(variant) {
  const { server, one } = await setUp(variant);
  const plain = new EventEmitter();
  const batch = (target) => {
    const start = process.cpuUsage();
    for (let i = 0; i < 20_000; i++) one(target, i);
    const used = process.cpuUsage(start);
    return ((used.user + used.system) * 1000) / 20_000;
  };
  const added = [];
  for (let round = 0; round < 40; round++) {
    const base = batch(plain);
    const with_ = batch(server);
    if (round >= 5) added.push(with_ - base);
  }
  added.sort((a, b) => a - b);
  return added[added.length >> 1];
}

const WARM = 20_000;
const COUNTED = 20_000;

/** Under callgrind: warms up, then runs COUNTED requests inside findLastIndex (the counted part). */
async function countedLoop(variant) {
  const { server, one } = await setUp(variant);
  const step = (_, i) => {
    one(server, i);
    return false;
  };
  for (let i = 0; i < WARM; i++) step(undefined, i);
  new Array(COUNTED).fill(0).findLastIndex(step);
}

function valgrindPath() {
  try {
    return execFileSync('sh', ['-c', 'command -v valgrind'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Instructions per request of each variant (and 'plain'), `jobs` callgrind runs at a time. */
async function countInstructions(variants, jobs) {
  const dir = mkdtempSync(join(tmpdir(), 'telemeter-callgrind-'));
  const run = (variant) =>
    new Promise((resolve, reject) => {
      const args = [
        '--tool=callgrind',
        '--collect-atstart=no',
        '--toggle-collect=Builtins_ArrayPrototypeFindLastIndex',
        `--callgrind-out-file=${join(dir, `${variant}.out`)}`,
        process.execPath,
        '--predictable',
        self,
        '--count',
        variant,
      ];
      const child = spawn('valgrind', args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.on('close', (code) => {
        const found = stderr.match(/Collected : (\d+)/);
        if (code !== 0 || !found) reject(new Error(`callgrind ${variant} failed (${code}):\n${stderr}`));
        else resolve(Number(found[1]) / COUNTED);
      });
    });
  const queue = ['plain', ...variants];
  const result = {};
  try {
    await Promise.all(
      Array.from({ length: jobs }, async () => {
        while (queue.length > 0) {
          const variant = queue.shift();
          result[variant] = await run(variant);
        }
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

const flag = (name) => process.argv.includes(`--${name}`);
const option = (name, fallback) => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`));
  return found === undefined ? fallback : Number(found.slice(name.length + 3));
};

if (process.argv[2] === '--child') {
  console.log(JSON.stringify(await measureNs(process.argv[3])));
} else if (process.argv[2] === '--count') {
  await countedLoop(process.argv[3]);
} else {
  const variants = Object.keys(VARIANTS);
  const ns = {};
  if (!flag('callgrind-only')) {
    for (const variant of variants) {
      const child = spawnSync(process.execPath, [self, '--child', variant], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(child.stderr);
      ns[variant] = JSON.parse(child.stdout);
    }
  }
  let instructions = null;
  const valgrind = flag('no-callgrind') ? null : valgrindPath();
  if (valgrind !== null && existsSync(valgrind)) {
    instructions = await countInstructions(variants, Math.max(1, option('jobs', 2)));
  }
  console.log(
    'added per request: CPU ns (median of 35 interleaved batches), and instructions (callgrind,' +
      ` ${COUNTED} requests after ${WARM}; load-independent) over no listener and over the bare hook:`,
  );
  if (instructions !== null) {
    console.log(`  plain: ${instructions.plain.toFixed(0)} instructions per request without any listener`);
  } else {
    console.log('  (valgrind not found or --no-callgrind: no instruction counts)');
  }
  for (const [variant, description] of Object.entries(VARIANTS)) {
    const time = variant in ns ? `${ns[variant].toFixed(0).padStart(5)} ns` : '';
    let counts = '';
    if (instructions !== null) {
      const added = instructions[variant] - instructions.plain;
      const overHook = instructions[variant] - instructions.listener;
      const hook =
        variant === 'listener' ? '' : `${overHook >= 0 ? '+' : ''}${overHook.toFixed(0)} over the hook`;
      counts = `${added.toFixed(0).padStart(5)} instr ${hook.padEnd(19)}`;
    }
    console.log(`  ${variant.padEnd(13)} ${time}  ${counts}  ${description}`);
  }
}
