import { oncePerPass } from './once-per-pass.js';
import { type RuntimeContext, type RuntimeGroup, totalCounter } from './runtime-context.js';

export interface CpuTimes {
  readonly userSeconds: number;
  readonly systemSeconds: number;
}

/** CPU time used by the whole process (all threads) since it started. */
export function readCpuTimes(): CpuTimes {
  const usage = process.cpuUsage();
  return { userSeconds: usage.user / 1e6, systemSeconds: usage.system / 1e6 };
}

export function processCpuMetrics(ctx: RuntimeContext): RuntimeGroup {
  const read = oncePerPass(readCpuTimes);
  return {
    metrics: [
      totalCounter(
        ctx,
        'process_cpu_user_seconds_total',
        'Total user CPU time spent in seconds.',
        () => read().userSeconds,
      ),
      totalCounter(
        ctx,
        'process_cpu_system_seconds_total',
        'Total system CPU time spent in seconds.',
        () => read().systemSeconds,
      ),
      totalCounter(
        ctx,
        'process_cpu_seconds_total',
        'Total user and system CPU time spent in seconds.',
        () => {
          const times = read();
          return times.userSeconds + times.systemSeconds;
        },
      ),
    ],
  };
}
