// A small HTTP service instrumented with every @telemeter/core metric type.
//
//   npm run build && node examples/basic-app.mjs      (PORT=8080 to change the port; 0 picks a free one)
//
// Routes: GET /work (fake work: 5-250 ms, fails about 1 time in 20), GET / (a route list),
// and, mounted from @telemeter/core, /metrics, /health and /ready. A background worker
// processes fake jobs so the metrics move even when nobody calls the service.
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Counter,
  createMetricsHandler,
  Gauge,
  Histogram,
  Registry,
  Summary,
} from '../packages/core/dist/esm/index.js';

const HOST = '127.0.0.1';
const port = Number(process.env.PORT ?? 3000);

// One registry for the app, passed explicitly to every metric (no hidden global state).
const registry = new Registry({ defaultLabels: { service: 'basic-app' } });

const requests = new Counter({
  name: 'app_http_requests_total',
  help: 'HTTP requests handled by the app, by route and status code.',
  labelNames: ['route', 'status'],
  registry,
});
const inFlight = new Gauge({
  name: 'app_http_requests_in_flight',
  help: 'HTTP requests being handled right now.',
  registry,
});
const latency = new Histogram({
  name: 'app_http_request_duration_seconds',
  help: 'Time to handle an HTTP request.',
  labelNames: ['route'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
  registry,
});
const jobs = new Counter({
  name: 'app_jobs_total',
  help: 'Background jobs processed, by outcome.',
  labelNames: ['outcome'],
  registry,
});
const jobDuration = new Summary({
  name: 'app_job_duration_seconds',
  help: 'Background job duration, percentiles over the last minute.',
  quantiles: [0.5, 0.9, 0.99],
  maxAgeSeconds: 60,
  registry,
});
const queue = [];
// A gauge whose value is read at scrape time instead of being kept up to date by hand.
new Gauge({
  name: 'app_queue_depth',
  help: 'Jobs waiting in the queue.',
  registry,
  collect: (gauge) => gauge.set(queue.length),
});

const randomMs = (min, max) => min + Math.random() * (max - min);

// Fake work: a job takes 2-40 ms and fails about 1 time in 10.
async function processJob(job) {
  await sleep(randomMs(2, 40));
  if (job.id % 10 === 0) throw new Error(`job ${job.id} failed`);
}

let nextJobId = 1;
const producer = setInterval(() => queue.push({ id: nextJobId++ }), 50);
let stopping = false;
async function worker() {
  while (!stopping) {
    const job = queue.shift();
    if (!job) {
      await sleep(20);
      continue;
    }
    try {
      await jobDuration.time(() => processJob(job));
      jobs.labels({ outcome: 'success' }).inc();
    } catch {
      jobs.labels({ outcome: 'error' }).inc();
    }
  }
}
const workerDone = worker();

// The service's own routes, instrumented by hand.
async function handleApp(req, res) {
  const route = req.url?.split('?')[0] === '/work' ? '/work' : '/';
  const end = latency.labels({ route }).startTimer();
  inFlight.inc();
  let status = 200;
  try {
    if (route === '/work') {
      await sleep(randomMs(5, 250));
      if (Math.random() < 0.05) {
        status = 500;
        res.writeHead(status, { 'content-type': 'text/plain' }).end('the fake work failed\n');
        return;
      }
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(`${JSON.stringify({ done: true })}\n`);
    } else {
      res.writeHead(status, { 'content-type': 'text/plain' }).end('routes: /work /metrics /health /ready\n');
    }
  } finally {
    inFlight.dec();
    end();
    requests.labels({ route, status }).inc();
  }
}

// Warm-up: the app reports ready only after its first second, and not ready while stopping,
// so a load balancer stops sending traffic before the server closes.
let warmedUp = false;
setTimeout(() => (warmedUp = true), 1000).unref();
const metrics = createMetricsHandler(registry, {
  readiness: {
    warmup: () => warmedUp,
    shutdown: () => !stopping,
  },
});

// createMetricsHandler is express-style middleware: it answers /metrics, /health and /ready
// and calls next() for every other path.
const server = createServer((req, res) =>
  metrics(req, res, () => {
    handleApp(req, res).catch(() => res.destroy());
  }),
);

server.listen(port, HOST, () => {
  const base = `http://${HOST}:${server.address().port}`;
  console.log(`basic-app listening on ${base}`);
  console.log(`  work:    ${base}/work`);
  console.log(`  metrics: ${base}/metrics   (also ?format=openmetrics, ?format=json)`);
  console.log(`  health:  ${base}/health`);
  console.log(`  ready:   ${base}/ready`);
});

async function shutdown(signal) {
  console.log(`basic-app: ${signal}, shutting down`);
  stopping = true;
  clearInterval(producer);
  await workerDone;
  server.close(() => process.exit(0));
  server.closeIdleConnections();
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
