// @telemeter/kits/http-client: outgoing requests from global fetch and node:http, measured from
// Node's diagnostics channels (nothing is patched).
//
//   npm run build && node examples/kits/http-client.mjs
//
// A local server plays a dependency with a fast route, a slow body, a 404 and a 503. The program
// makes keep-alive fetch and http.get calls to it, one call to a port where nothing listens, and
// one download it aborts, then prints the exposition and exits.
import http from 'node:http';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from '../../packages/core/dist/esm/index.js';
import { instrumentHttpClient } from '../../packages/kits/dist/esm/http-client/index.js';

const registry = new Registry({ defaultLabels: { service: 'checkout' } });
const client = instrumentHttpClient({
  registry,
  // Leave the metrics scrape of a sidecar out (a path is fine to decide on, never as a label).
  filter: ({ path }) => !path.startsWith('/metrics'),
});

const server = http.createServer((req, res) => {
  if (req.url.startsWith('/slow')) {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('first half…');
    setTimeout(() => res.end('…second half'), 60); // time to first byte ≪ duration
  } else if (req.url.startsWith('/missing')) {
    res.statusCode = 404;
    res.end();
  } else if (req.url.startsWith('/busy')) {
    res.statusCode = 503;
    res.end();
  } else if (req.url.startsWith('/stream')) {
    res.writeHead(200);
    res.write('endless');
  } else {
    res.end(JSON.stringify({ ok: true }));
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

// fetch: one connection, reused for the next requests (a tick apart, as real code is).
for (let i = 0; i < 5; i++) {
  await (await fetch(`${origin}/users/${i}`)).json();
  await sleep(1);
}
await (await fetch(`${origin}/slow`)).text();
await (await fetch(`${origin}/missing`)).arrayBuffer();
await (await fetch(`${origin}/busy`, { method: 'POST', body: '{}' })).arrayBuffer();
await (await fetch(`${origin}/metrics`)).text(); // filtered out

// A download the caller gives up on: outcome="aborted", not an error.
const controller = new AbortController();
const download = await fetch(`${origin}/stream`, { signal: controller.signal });
controller.abort();
await download.text().catch(() => {});

// A dependency that is down: error_type="ECONNREFUSED", phase="connect".
const probe = net.createServer();
await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve));
const deadPort = probe.address().port;
await new Promise((resolve) => probe.close(resolve));
await fetch(`http://127.0.0.1:${deadPort}/`).catch(() => {});

// node:http with a keep-alive agent (what axios, got and many SDKs use underneath).
const agent = new http.Agent({ keepAlive: true });
for (let i = 0; i < 3; i++) {
  await new Promise((resolve, reject) => {
    http
      .get(`${origin}/orders/${i}`, { agent }, (res) => res.resume().on('end', resolve))
      .on('error', reject);
  });
}

const text = await registry.metrics();
// Histograms are long: show their _count and _sum lines, and every other sample.
console.log(
  text
    .split('\n')
    .filter((line) => !line.includes('_bucket{'))
    .join('\n'),
);

client.stop();
agent.destroy();
server.closeAllConnections();
server.close();
