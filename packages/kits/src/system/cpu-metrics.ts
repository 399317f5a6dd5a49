/**
 * Host CPU time per CPU and mode (node_exporter's cpu collector) and the derived utilization per
 * mode over the interval since the previous scrape (OpenTelemetry `system.cpu.utilization`).
 */
import { cpus as osCpus } from 'node:os';
import type { AnyMetric } from '@telemeter/core';
import { SystemMetricsReadError } from './errors.js';
import { type SystemContext, scrapedCounter, scrapedGauge } from './family.js';
import type { CpuLine, CpuTimes } from './parse-proc-stat.js';

export interface CpuSnapshot {
  /** All CPUs together. */
  readonly total?: CpuTimes;
  readonly cpus: readonly CpuLine[];
}

/** The modes of node_cpu_seconds_total. guest/guest_nice are left out: `user`/`nice` already include them. */
const MODES = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;
type Mode = (typeof MODES)[number];

/**
 * CPU times from `os.cpus()` (milliseconds), where there is no /proc/stat.
 * @throws SystemMetricsReadError when it lists no CPU (some sandboxes and Android).
 */
export function readOsCpus(): CpuSnapshot {
  const list = osCpus();
  if (list.length === 0) throw new SystemMetricsReadError('os.cpus()', 'os.cpus() lists no CPU');
  const total = { user: 0, nice: 0, system: 0, idle: 0, irq: 0 };
  const cpus = list.map(({ times }, index): CpuLine => {
    const line = {
      cpu: String(index),
      user: times.user / 1000,
      nice: times.nice / 1000,
      system: times.sys / 1000,
      idle: times.idle / 1000,
      irq: times.irq / 1000,
    };
    total.user += line.user;
    total.nice += line.nice;
    total.system += line.system;
    total.idle += line.idle;
    total.irq += line.irq;
    return line;
  });
  return { total, cpus };
}

/**
 * Share of CPU time per mode between two readings of the aggregate times. Ticks are whole
 * hundredths of a second, so two scrapes within one tick see no change: the previous ratios are
 * kept and the baseline is not moved, so the next interval is measured from the same point.
 */
export class CpuUtilization {
  private ratios: ReadonlyMap<Mode, number> | undefined;

  constructor(private previous: CpuTimes | undefined) {}

  update(current: CpuTimes): ReadonlyMap<Mode, number> | undefined {
    const previous = this.previous;
    if (previous === undefined) {
      this.previous = current;
      return undefined;
    }
    const deltas = new Map<Mode, number>();
    let elapsed = 0;
    for (const mode of MODES) {
      const now = current[mode];
      if (now === undefined) continue;
      // iowait can go backwards on some kernels (it is an estimate per CPU); a negative share
      // would make the modes sum past 1 elsewhere.
      const delta = Math.max(0, now - (previous[mode] ?? 0));
      deltas.set(mode, delta);
      elapsed += delta;
    }
    if (elapsed <= 0) return this.ratios;
    for (const [mode, delta] of deltas) deltas.set(mode, delta / elapsed);
    this.previous = current;
    this.ratios = deltas;
    return deltas;
  }
}

export function cpuMetrics(ctx: SystemContext, read: () => CpuSnapshot, initial: CpuSnapshot): AnyMetric[] {
  const utilization = new CpuUtilization(initial.total);
  const metrics: AnyMetric[] = [
    scrapedCounter(ctx, {
      name: 'node_cpu_seconds_total',
      help: 'Seconds the CPUs spent in each mode.',
      labelNames: ['cpu', 'mode'],
      fill(write) {
        for (const line of read().cpus) {
          for (const mode of MODES) {
            const seconds = line[mode];
            if (seconds !== undefined) write([line.cpu, mode], seconds);
          }
        }
      },
    }),
  ];
  if (initial.cpus.some((line) => line.guest !== undefined)) {
    metrics.push(
      scrapedCounter(ctx, {
        name: 'node_cpu_guest_seconds_total',
        help: 'Seconds the CPUs spent running virtual machine guests (already counted in node_cpu_seconds_total user/nice).',
        labelNames: ['cpu', 'mode'],
        fill(write) {
          for (const line of read().cpus) {
            if (line.guest !== undefined) write([line.cpu, 'user'], line.guest);
            if (line.guestNice !== undefined) write([line.cpu, 'nice'], line.guestNice);
          }
        },
      }),
    );
  }
  if (initial.total !== undefined) {
    metrics.push(
      scrapedGauge(ctx, {
        name: 'system_cpu_utilization_ratio',
        help: "Share of all CPUs' time spent in each mode since the previous scrape (0-1; modes sum to 1). Busy = 1 - idle.",
        labelNames: ['cpu_mode'],
        fill(write) {
          const total = read().total;
          if (total === undefined)
            throw new SystemMetricsReadError('cpu', 'the aggregate "cpu" line is missing');
          // No series until a tick has elapsed since start (a scrape within 10 ms of it).
          const ratios = utilization.update(total);
          if (ratios !== undefined) for (const [mode, ratio] of ratios) write([mode], ratio);
        },
      }),
    );
  }
  return metrics;
}
