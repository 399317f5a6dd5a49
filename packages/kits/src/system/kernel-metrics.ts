/** Kernel activity from /proc/stat (node_exporter's stat collector); boot time only elsewhere. */
import { uptime } from 'node:os';
import type { AnyMetric } from '@telemeter/core';
import { type SystemContext, scrapedCounter, scrapedGauge } from './family.js';
import type { ProcStat } from './parse-proc-stat.js';
import type { ProcSource } from './proc-source.js';

type StatField =
  | 'contextSwitches'
  | 'forks'
  | 'interrupts'
  | 'procsRunning'
  | 'procsBlocked'
  | 'bootTimeSeconds';

const FAMILIES: readonly { field: StatField; name: string; help: string; counter: boolean }[] = [
  {
    field: 'bootTimeSeconds',
    name: 'node_boot_time_seconds',
    help: 'Node boot time, in unixtime.',
    counter: false,
  },
  {
    field: 'contextSwitches',
    name: 'node_context_switches_total',
    help: 'Total number of context switches.',
    counter: true,
  },
  { field: 'forks', name: 'node_forks_total', help: 'Total number of forks.', counter: true },
  {
    field: 'interrupts',
    name: 'node_intr_total',
    help: 'Total number of interrupts serviced.',
    counter: true,
  },
  {
    field: 'procsRunning',
    name: 'node_procs_running',
    help: 'Number of processes in runnable state.',
    counter: false,
  },
  {
    field: 'procsBlocked',
    name: 'node_procs_blocked',
    help: 'Number of processes blocked waiting for I/O to complete.',
    counter: false,
  },
];

export function kernelMetrics(
  ctx: SystemContext,
  source: ProcSource<ProcStat>,
  initial: ProcStat,
): AnyMetric[] {
  return FAMILIES.filter(({ field }) => initial[field] !== undefined).map(
    ({ field, name, help, counter }) => {
      const spec = {
        name,
        help,
        fill(write: (labelValues: readonly string[], value: number) => void) {
          write([], source.get()[field] ?? source.missing(`"${name}" value`));
        },
      };
      return counter ? scrapedCounter(ctx, spec) : scrapedGauge(ctx, spec);
    },
  );
}

/** Boot time where there is no /proc/stat: now minus `os.uptime()`, to the second. */
export function fallbackKernelMetrics(ctx: SystemContext): AnyMetric[] {
  return [
    scrapedGauge(ctx, {
      name: 'node_boot_time_seconds',
      help: 'Node boot time, in unixtime (now minus os.uptime()).',
      fill(write) {
        write([], Math.round(Date.now() / 1000 - uptime()));
      },
    }),
  ];
}
