// The benchmark's server, one process per mode (forked by ../http-overhead.bench.mjs, which asks
// it for its CPU time over IPC so the measurement never goes through the server's HTTP path).
// The application is the same in every mode: two routes with ids plus /metrics.
//
//   plain        no instrumentation (/metrics answers 404); 'plain-again' is the same
//   endpoint     no instrumentation, but /metrics served by core's createMetricsHandler over an
//                empty Registry: what serving the endpoint itself costs (see below)
//   runtime      collectRuntimeMetrics() and /metrics only (to separate the HTTP kit's own cost)
//   telemeter    instrumentHttpServer(server, { routes }) + collectRuntimeMetrics(), /metrics
//   telemeter-lean  the same with route: (req) => the template the app computed, bodySizes: false
//   prom-client  a duration histogram and a counter by method/route/status_code on 'finish'
//                (the usual prom-client recipe) + collectDefaultMetrics(), /metrics
//   listener     the bare hook: a prepended 'request' listener, res.on('close'), two clock reads
//   dc           the same hook through diagnostics_channel http.server.request.start / response.finish
import diagnosticsChannel from 'node:diagnostics_channel';
import http from 'node:http';

const mode = process.argv[2] === 'plain-again' ? 'plain' : (process.argv[2] ?? 'plain');
const kits = new URL('../../packages/kits/dist/esm/http/index.js', import.meta.url).href;
const core = new URL('../../packages/core/dist/esm/index.js', import.meta.url).href;

// The event-loop delay sampler's interval (telemeter and prom-client alike; both default to 10 ms).
// server-callgrind.mjs stretches it by valgrind's slowdown, so that it ticks as often per request
// as at native speed instead of ~50 times as often (each tick runs ~2.5 k instructions).
const eventLoopMonitoringPrecision = Number(process.env.BENCH_EVENT_LOOP_PRECISION_MS ?? 10);
// As the kit does: the global `performance` is a lazy accessor on Node, slower than the clock.
const clock = globalThis.performance;
let served = 0;
let hookMillis = 0; // where the bare hooks put their measurements, as a histogram would
let metrics = null; // (req, res) => void serving /metrics, per mode
let onRouted = null; // (req, res, route) => void, prom-client's per-request hook

function app(req, res) {
  served++;
  const url = req.url;
  let route;
  let body;
  if (url.startsWith('/users/')) {
    route = '/users/:id';
    body = `{"user":"${url.slice(7)}"}`;
  } else if (url.startsWith('/orders/')) {
    route = '/orders/:id';
    body = `{"order":"${url.slice(8)}","items":3}`;
  } else if (url === '/metrics' && metrics !== null) {
    served--;
    return metrics(req, res);
  } else {
    res.statusCode = 404;
    return res.end();
  }
  if (onRouted !== null) onRouted(req, res, route);
  res.setHeader('content-type', 'application/json');
  res.end(body);
}

const server = http.createServer(app);
server.keepAliveTimeout = 60_000;

// Serving /metrics is not free for a hello-world server: the exposition goes out through a stream
// pipeline (and gzip when asked), and once those responses have gone through node:http's and
// node:stream's code, the property accesses there are no longer monomorphic: every request then
// pays a little more (measured with callgrind on this server: some of V8's inline caches there
// go megamorphic after the first scrape). 'endpoint' isolates that from the collection work.
if (mode === 'endpoint') {
  const { Registry, createMetricsHandler } = await import(core);
  metrics = createMetricsHandler(new Registry());
} else if (mode === 'telemeter' || mode === 'telemeter-lean' || mode === 'runtime') {
  const { Registry, collectRuntimeMetrics, createMetricsHandler } = await import(core);
  const { instrumentHttpServer } = await import(kits);
  const registry = new Registry();
  collectRuntimeMetrics({ registry, eventLoopMonitoringPrecision });
  if (mode === 'telemeter') instrumentHttpServer(server, { registry, routes: ['/users/:id', '/orders/:id'] });
  if (mode === 'telemeter-lean') {
    onRouted = (req, _res, route) => {
      req.template = route;
    };
    instrumentHttpServer(server, { registry, route: (req) => req.template, bodySizes: false });
  }
  metrics = createMetricsHandler(registry);
} else if (mode === 'prom-client') {
  const { default: client } = await import('prom-client');
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision });
  const labelNames = ['method', 'route', 'status_code'];
  const duration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames,
    registers: [registry],
  });
  const requests = new client.Counter({
    name: 'http_requests_total',
    help: 'HTTP requests',
    labelNames,
    registers: [registry],
  });
  onRouted = (req, res, route) => {
    const end = duration.startTimer();
    res.on('finish', () => {
      const labels = { method: req.method, route, status_code: res.statusCode };
      end(labels);
      requests.inc(labels);
    });
  };
  metrics = async (_req, res) => {
    res.setHeader('content-type', registry.contentType);
    res.end(await registry.metrics());
  };
} else if (mode === 'listener') {
  const kStart = Symbol('start');
  function onClose() {
    hookMillis += clock.now() - this[kStart];
  }
  server.prependListener('request', (_req, res) => {
    res[kStart] = clock.now();
    res.on('close', onClose);
  });
} else if (mode === 'dc') {
  const kStart = Symbol('start');
  diagnosticsChannel.subscribe('http.server.request.start', ({ response }) => {
    response[kStart] = clock.now();
  });
  diagnosticsChannel.subscribe('http.server.response.finish', ({ response }) => {
    hookMillis += clock.now() - response[kStart];
  });
} else if (mode !== 'plain') {
  throw new Error(`unknown mode ${mode}`);
}

process.on('message', (message) => {
  if (message === 'usage') {
    const { user, system } = process.cpuUsage();
    process.send({ cpuMicros: user + system, served, hookMillis });
  } else if (message === 'stop') {
    server.close();
    server.closeAllConnections();
    process.disconnect();
  }
});

// Run by hand (no IPC channel): PORT=8080 node bench/http/server.mjs telemeter
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  if (process.send) process.send({ port: server.address().port });
  else console.log(`${mode} server on http://127.0.0.1:${server.address().port}`);
});
