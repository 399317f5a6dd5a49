// In-process companion to ../http-overhead.bench.mjs: the CPU the HTTP kit adds per request with
// no network and no load generator, so it is far less sensitive to a busy machine. Real
// node:http IncomingMessage/ServerResponse objects are created, passed through the server's
// 'request' listeners and closed as a sent response would be; each variant runs in its own
// process (sharing one process would make the kit's inline caches polymorphic), interleaved
// batches against a process without listeners, median of 35 batches of 20 000 requests.
//
// Usage: node bench/http/in-process.mjs
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import { Socket } from 'node:net';

const VARIANTS = {
  listener: "bare hook: 'request' listener + res.on('close'), two clock reads",
  'kit-routes': "instrumentHttpServer({ routes: ['/users/:id', '/orders/:id'] })",
  'kit-route-fn': 'instrumentHttpServer({ route: (req) => template the app already computed })',
  'kit-no-sizes': 'instrumentHttpServer({ routes, bodySizes: false })',
};

const clock = globalThis.performance;

async function measure(variant) {
  const core = new URL('../../packages/core/dist/esm/index.js', import.meta.url).href;
  const kits = new URL('../../packages/kits/dist/esm/http/index.js', import.meta.url).href;
  const { Registry } = await import(core);
  const { instrumentHttpServer } = await import(kits);
  const plain = new EventEmitter();
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

if (process.argv[2] === '--child') {
  console.log(JSON.stringify(await measure(process.argv[3])));
} else {
  console.log('added CPU per request, ns (median of 35 interleaved batches):');
  for (const [variant, description] of Object.entries(VARIANTS)) {
    const child = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--child', variant], {
      encoding: 'utf8',
    });
    if (child.status !== 0) throw new Error(child.stderr);
    console.log(
      `  ${variant.padEnd(14)} ${JSON.parse(child.stdout).toFixed(0).padStart(5)} ns  ${description}`,
    );
  }
}
