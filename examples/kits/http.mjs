// @telemeter/kits/http: HTTP server metrics on a plain node:http server, named after
// OpenTelemetry's HTTP semantic conventions (http_server_request_duration_seconds, ...).
//
//   npm run build && node examples/kits/http.mjs
//
// The server has two routes with ids and serves /metrics from @telemeter/core. The script sends
// a few dozen requests (some 404s, one failure, one the client aborts), prints the exposition of
// the http_server_* metrics and exits. Express, fastify, koa and hono: see docs/kits/http.md.
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { createMetricsHandler, Registry } from '../../packages/core/dist/esm/index.js';
import { instrumentHttpServer } from '../../packages/kits/dist/esm/http/index.js';

const registry = new Registry({ defaultLabels: { service: 'shop' } });
const metrics = createMetricsHandler(registry);

const server = http.createServer(async (req, res) => {
  const path = req.url.split('?')[0];
  if (path === '/metrics') return metrics(req, res);
  if (path.startsWith('/users/')) return res.end(JSON.stringify({ id: path.slice(7), name: 'Ada' }));
  if (path.startsWith('/orders/') && req.method === 'POST') {
    for await (const _chunk of req); // read the body
    res.statusCode = path.endsWith('/0') ? 500 : 201;
    return res.end(JSON.stringify({ ok: res.statusCode === 201 }));
  }
  if (path === '/slow') {
    await sleep(200);
    return res.end('done');
  }
  res.statusCode = 404;
  res.end('not found');
});

instrumentHttpServer(server, {
  registry,
  // Route templates for the http_route label: never the raw path (/users/42).
  routes: ['/users/:id', '/orders/:id', '/slow'],
  // Leave the scrapes out of the latency histogram.
  route: (req) => (req.url === '/metrics' ? null : undefined),
});

await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

for (let i = 1; i <= 20; i++) await (await fetch(`${base}/users/${i}`)).text();
for (let i = 0; i < 5; i++) {
  await (await fetch(`${base}/orders/${i}`, { method: 'POST', body: 'x'.repeat(100 * i) })).text();
}
for (const path of ['/admin', '/wp-login.php', '/.env']) await (await fetch(`${base}${path}`)).text();
// A client that gives up: counted with http_response_status_class="aborted".
await fetch(`${base}/slow`, { signal: AbortSignal.timeout(50) }).catch(() => {});
await sleep(250);

// In the output, http_server_active_requests{GET} is 1: the scrape itself is in flight (route()
// leaves it out of the histograms, which are recorded when a request ends).
const text = await (await fetch(`${base}/metrics`)).text();
console.log(
  text
    .split('\n')
    .filter((line) => line.includes('http_server_') && !line.includes('_bucket{'))
    .join('\n'),
);
server.close();
server.closeAllConnections();
