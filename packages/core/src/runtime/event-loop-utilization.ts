import { type EventLoopUtilization, performance } from 'node:perf_hooks';
import { type RuntimeContext, type RuntimeGroup, valueGauge } from './runtime-context.js';

/**
 * Fraction of wall time the event loop spent running code (not waiting in the poll phase)
 * between consecutive reads; the first read covers the time since the reader was created.
 */
export function createEventLoopUtilizationReader(): () => number {
  let previous: EventLoopUtilization = performance.eventLoopUtilization();
  return () => {
    const current = performance.eventLoopUtilization();
    const delta = performance.eventLoopUtilization(current, previous);
    previous = current;
    // Two reads in the same millisecond give 0/0; report an idle loop rather than NaN.
    return Number.isFinite(delta.utilization) ? delta.utilization : 0;
  };
}

export function eventLoopUtilizationMetrics(ctx: RuntimeContext): RuntimeGroup | undefined {
  if (typeof performance.eventLoopUtilization !== 'function') return undefined;
  return {
    metrics: [
      valueGauge(
        ctx,
        'nodejs_eventloop_utilization_ratio',
        'Fraction of time the event loop was busy running code (not waiting for I/O) since the previous scrape, from 0 to 1.',
        createEventLoopUtilizationReader(),
      ),
    ],
  };
}
