import { monitorEventLoopDelay } from 'node:perf_hooks';
import { oncePerPass } from './once-per-pass.js';
import { type RuntimeContext, type RuntimeGroup, valueGauge } from './runtime-context.js';

/** Seconds, over the samples taken since the previous read. */
export interface EventLoopDelayStats {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly stddev: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

export interface EventLoopDelayReader {
  /**
   * Statistics since the previous read, then starts a new interval. When no sample was taken
   * in between (reads closer together than the resolution), returns the previous interval's
   * statistics rather than the empty histogram's sentinels (min = 2^63 ns, mean = NaN);
   * `undefined` until the first sample exists.
   */
  read(): EventLoopDelayStats | undefined;
  stop(): void;
}

const NS_PER_SECOND = 1e9;

/**
 * Samples the loop with a libuv timer every `resolutionMs` (this timer is the collector's only
 * steady cost, see bench/runtime.bench.mjs). A sample is the time between two timer callbacks,
 * so it includes the resolution itself: an idle loop reports about `resolutionMs`, exactly as
 * prom-client's gauges do. `reset()` also forgets the last tick, so the gap between a read and
 * the next tick is not sampled (the rest of that scrape's own work falls in it).
 */
export function createEventLoopDelayReader(resolutionMs: number): EventLoopDelayReader {
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  let last: EventLoopDelayStats | undefined;
  return {
    read() {
      // `count` exists since Node 16.14 / 17.4.
      if (histogram.count === 0) return last;
      last = {
        min: histogram.min / NS_PER_SECOND,
        max: histogram.max / NS_PER_SECOND,
        mean: histogram.mean / NS_PER_SECOND,
        stddev: histogram.stddev / NS_PER_SECOND,
        p50: histogram.percentile(50) / NS_PER_SECOND,
        p90: histogram.percentile(90) / NS_PER_SECOND,
        p99: histogram.percentile(99) / NS_PER_SECOND,
      };
      histogram.reset();
      return last;
    },
    stop() {
      histogram.disable();
    },
  };
}

/**
 * How long a callback queued now waits for the loop to reach it (prom-client's
 * nodejs_eventloop_lag_seconds). Resolves on the next check phase; never rejects.
 */
export function measureEventLoopLag(): Promise<number> {
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    setImmediate(() => resolve(Number(process.hrtime.bigint() - start) / NS_PER_SECOND));
  });
}

const STAT_GAUGES: readonly (readonly [keyof EventLoopDelayStats, string])[] = [
  ['min', 'The minimum recorded event loop delay.'],
  ['max', 'The maximum recorded event loop delay.'],
  ['mean', 'The mean of the recorded event loop delays.'],
  ['stddev', 'The standard deviation of the recorded event loop delays.'],
  ['p50', 'The 50th percentile of the recorded event loop delays.'],
  ['p90', 'The 90th percentile of the recorded event loop delays.'],
  ['p99', 'The 99th percentile of the recorded event loop delays.'],
];

/** `undefined` where the runtime lacks `monitorEventLoopDelay` (Bun throws ERR_NOT_IMPLEMENTED). */
export function eventLoopDelayMetrics(ctx: RuntimeContext, resolutionMs: number): RuntimeGroup | undefined {
  let reader: EventLoopDelayReader;
  try {
    reader = createEventLoopDelayReader(resolutionMs);
  } catch {
    return undefined;
  }
  // One read (and histogram reset) per scrape, shared by the seven gauges.
  const read = oncePerPass(() => reader.read());
  return {
    metrics: [
      valueGauge(ctx, 'nodejs_eventloop_lag_seconds', 'Lag of event loop in seconds.', measureEventLoopLag),
      ...STAT_GAUGES.map(([stat, help]) =>
        valueGauge(ctx, `nodejs_eventloop_lag_${stat}_seconds`, help, () => read()?.[stat] ?? 0),
      ),
    ],
    stop: () => reader.stop(),
  };
}
