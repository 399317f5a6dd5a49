// The exposition the scrape benchmarks use, shaped like an instrumented Node.js API (1,000 series):
//   http_requests_total{method,route,status}          2 × 20 × 5 = 200 counters
//   http_request_duration_seconds{method,route}       2 × 20 × (11 buckets + +Inf + _sum + _count) = 560
//   process_* / nodejs_* gauges and counters          10
//   worker_queue_depth{queue}                          230 gauges
// Served by scrape-targets.mjs (bench/server.bench.mjs) and parsed in process by
// bench/scrape-loop.bench.mjs.

const METHODS = ['GET', 'POST'];
const ROUTES = Array.from({ length: 20 }, (_, i) => `/api/v1/resource-${String(i).padStart(2, '0')}/:id`);
const STATUSES = ['200', '201', '304', '404', '500'];
const BUCKETS = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10'];
const BUCKET_SHARE = [0.02, 0.08, 0.25, 0.45, 0.7, 0.88, 0.95, 0.98, 0.995, 0.999, 1];
const QUEUES = 230;

/** A stable pseudo-random number in [0, 1) for (target, series). */
function unit(target, series) {
  let h = Math.imul(target + 1, 0x9e3779b1) ^ Math.imul(series + 1, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/**
 * The exposition of target number `target` at `t` seconds of uptime (the process_start_time_seconds
 * gauge says it started at `startS`, seconds since the epoch).
 */
export function renderExposition(target, t, startS) {
  const out = [];
  out.push('# HELP http_requests_total HTTP requests served.', '# TYPE http_requests_total counter');
  let s = 0;
  for (const method of METHODS) {
    for (const route of ROUTES) {
      for (const status of STATUSES) {
        const rate = unit(target, s++) * (status === '200' ? 50 : 2);
        out.push(
          `http_requests_total{method="${method}",route="${route}",status="${status}"} ${Math.floor(rate * t)}`,
        );
      }
    }
  }
  out.push(
    '# HELP http_request_duration_seconds HTTP request latency.',
    '# TYPE http_request_duration_seconds histogram',
  );
  for (const method of METHODS) {
    for (const route of ROUTES) {
      const count = Math.floor(unit(target, s++) * 40 * t);
      const labels = `method="${method}",route="${route}"`;
      for (let b = 0; b < BUCKETS.length; b++) {
        out.push(
          `http_request_duration_seconds_bucket{${labels},le="${BUCKETS[b]}"} ${Math.floor(count * BUCKET_SHARE[b])}`,
        );
      }
      out.push(`http_request_duration_seconds_bucket{${labels},le="+Inf"} ${count}`);
      out.push(`http_request_duration_seconds_sum{${labels}} ${(count * 0.0734).toFixed(3)}`);
      out.push(`http_request_duration_seconds_count{${labels}} ${count}`);
    }
  }
  const wave = Math.sin(t / 30 + target);
  out.push(
    '# TYPE process_cpu_user_seconds_total counter',
    `process_cpu_user_seconds_total ${(t * 0.021).toFixed(3)}`,
    '# TYPE process_cpu_system_seconds_total counter',
    `process_cpu_system_seconds_total ${(t * 0.004).toFixed(3)}`,
    '# TYPE process_cpu_seconds_total counter',
    `process_cpu_seconds_total ${(t * 0.025).toFixed(3)}`,
    '# TYPE process_start_time_seconds gauge',
    `process_start_time_seconds ${Math.floor(startS - 3600)}`,
    '# TYPE process_resident_memory_bytes gauge',
    `process_resident_memory_bytes ${4096 * Math.floor(30000 + 2000 * wave)}`,
    '# TYPE process_heap_bytes gauge',
    `process_heap_bytes ${4096 * Math.floor(20000 + 3000 * wave)}`,
    '# TYPE process_open_fds gauge',
    `process_open_fds ${40 + Math.floor(10 * (wave + 1))}`,
    '# TYPE process_max_fds gauge',
    'process_max_fds 1048576',
    '# TYPE nodejs_eventloop_lag_seconds gauge',
    `nodejs_eventloop_lag_seconds ${(0.0102 + 0.002 * (wave + 1)).toFixed(6)}`,
    '# TYPE nodejs_active_handles gauge',
    `nodejs_active_handles ${20 + Math.floor(5 * (wave + 1))}`,
  );
  out.push('# HELP worker_queue_depth Jobs waiting per queue.', '# TYPE worker_queue_depth gauge');
  for (let q = 0; q < QUEUES; q++) {
    out.push(
      `worker_queue_depth{queue="q${String(q).padStart(3, '0')}"} ${Math.floor(unit(target, s + q) * 50 * (1 + Math.sin(t / 20 + q)))}`,
    );
  }
  out.push('');
  return out.join('\n');
}
