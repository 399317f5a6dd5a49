import { type RuntimeContext, type RuntimeGroup, valueGauge } from './runtime-context.js';

/**
 * When the process started, in seconds since the Unix epoch (ms precision). Derived from the
 * wall clock and `process.uptime()` (which counts from Node's own start, a few ms after exec),
 * so it works on every platform.
 */
export function readStartTimeSeconds(): number {
  return Math.round(Date.now() - process.uptime() * 1000) / 1000;
}

// Read once per process: recomputing it at each scrape would make it wobble with clock jitter,
// and every collector (one per registry) should report the same instant.
let startTime: number | undefined;

export function startTimeMetrics(ctx: RuntimeContext): RuntimeGroup {
  startTime ??= readStartTimeSeconds();
  const start = startTime;
  return {
    metrics: [
      valueGauge(
        ctx,
        'process_start_time_seconds',
        'Start time of the process since unix epoch in seconds.',
        () => start,
      ),
    ],
  };
}
