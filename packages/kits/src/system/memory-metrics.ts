/**
 * Memory and swap from /proc/meminfo (node_exporter's meminfo collector: one gauge per field,
 * `node_memory_<Field>_bytes`), plus the used share of memory (OpenTelemetry
 * `system.memory.utilization`, state "used").
 */
import { freemem, totalmem } from 'node:os';
import type { AnyMetric } from '@telemeter/core';
import { SystemMetricsReadError } from './errors.js';
import { type SystemContext, scrapedGauge } from './family.js';
import { type Meminfo, meminfoMetricField } from './parse-meminfo.js';
import type { ProcSource } from './proc-source.js';

/** /proc/meminfo fields exported by default: the ones "Node Exporter Full"-style dashboards chart. */
export const DEFAULT_MEMORY_FIELDS: readonly string[] = Object.freeze([
  'MemTotal',
  'MemFree',
  'MemAvailable',
  'Buffers',
  'Cached',
  'SwapCached',
  'SwapTotal',
  'SwapFree',
  'Active',
  'Inactive',
  'Dirty',
  'Writeback',
  'AnonPages',
  'Mapped',
  'Shmem',
  'Slab',
  'SReclaimable',
  'SUnreclaim',
  'CommitLimit',
  'Committed_AS',
]);

const HELP: Readonly<Record<string, string>> = {
  MemTotal: 'Usable RAM (physical RAM minus reserved and kernel code), in bytes.',
  MemFree: 'RAM not used for anything, in bytes (see MemAvailable for what can be allocated).',
  MemAvailable: 'Estimate of the memory available for new workloads without swapping, in bytes.',
  Buffers: 'Memory in block device buffers, in bytes.',
  Cached: 'Memory in the page cache (files, tmpfs, shmem), excluding SwapCached, in bytes.',
  SwapCached: 'Swap that was read back into memory and is still in the swap file, in bytes.',
  SwapTotal: 'Total swap space, in bytes.',
  SwapFree: 'Unused swap space, in bytes.',
  CommitLimit: 'Memory the system can commit under overcommit mode 2, in bytes.',
  Committed_AS: 'Memory currently committed (allocated, not necessarily used), in bytes.',
};

const UTILIZATION_HELP =
  'Share of memory in use: (MemTotal - MemAvailable) / MemTotal (0-1). OpenTelemetry system.memory.utilization, state "used".';

export function memoryMetrics(
  ctx: SystemContext,
  source: ProcSource<Meminfo>,
  initial: Meminfo,
  fields: readonly string[] | 'all',
): AnyMetric[] {
  // Fields may be named as in /proc/meminfo (`Active(anon)`) or as in the metric (`Active_anon`).
  const wanted = (name: string) =>
    fields === 'all' || fields.includes(name) || fields.includes(meminfoMetricField(name));
  const metrics: AnyMetric[] = [];
  const exported = new Set<string>();
  const add = (field: string, unit: 'bytes' | 'counts') => {
    const metricField = meminfoMetricField(field);
    // Two raw names can sanitize to one metric name (`Foo(bar)` and `Foo_bar`); keep the first.
    if (exported.has(metricField)) return;
    exported.add(metricField);
    metrics.push(
      scrapedGauge(ctx, {
        name: `node_memory_${metricField}${unit === 'bytes' ? '_bytes' : ''}`,
        help:
          HELP[field] ??
          `Memory information field ${field} from /proc/meminfo${unit === 'bytes' ? ', in bytes' : ''}.`,
        fill(write) {
          write([], source.get()[unit].get(field) ?? source.missing(field));
        },
      }),
    );
  };
  for (const field of initial.bytes.keys()) if (wanted(field)) add(field, 'bytes');
  for (const field of initial.counts.keys()) if (wanted(field)) add(field, 'counts');
  if (initial.bytes.has('MemTotal')) {
    metrics.push(
      scrapedGauge(ctx, {
        name: 'system_memory_utilization_ratio',
        help: UTILIZATION_HELP,
        fill(write) {
          write([], usedRatio(source.get()) ?? source.missing('MemTotal and MemAvailable or MemFree'));
        },
      }),
    );
  }
  return metrics;
}

/**
 * (MemTotal - MemAvailable) / MemTotal. Before Linux 3.14 there is no MemAvailable; the usual
 * estimate of it then is MemFree + Buffers + Cached.
 */
export function usedRatio(info: Meminfo): number | undefined {
  const total = info.bytes.get('MemTotal');
  if (total === undefined || total <= 0) return undefined;
  let available = info.bytes.get('MemAvailable');
  if (available === undefined) {
    const free = info.bytes.get('MemFree');
    if (free === undefined) return undefined;
    available = free + (info.bytes.get('Buffers') ?? 0) + (info.bytes.get('Cached') ?? 0);
  }
  return Math.min(1, Math.max(0, (total - available) / total));
}

/**
 * Where there is no /proc/meminfo: `os.totalmem()` and `os.freemem()`. What freemem() measures
 * depends on the OS (libuv): available memory on Linux and Windows, free pages on macOS and the
 * BSDs, so the gauge is named after what it is.
 */
export function fallbackMemoryMetrics(ctx: SystemContext, platform: NodeJS.Platform): AnyMetric[] {
  const freeField = platform === 'linux' || platform === 'win32' ? 'MemAvailable' : 'MemFree';
  const gauge = (name: string, help: string, value: () => number) =>
    scrapedGauge(ctx, {
      name,
      help,
      fill(write) {
        write([], value());
      },
    });
  return [
    gauge('node_memory_MemTotal_bytes', 'Total physical memory, in bytes (os.totalmem()).', totalmem),
    gauge(
      `node_memory_${freeField}_bytes`,
      `Memory the OS reports as free, in bytes (os.freemem()).`,
      freemem,
    ),
    gauge(
      'system_memory_utilization_ratio',
      'Share of memory in use: 1 - os.freemem() / os.totalmem() (0-1). OpenTelemetry system.memory.utilization, state "used".',
      () => {
        const total = totalmem();
        if (!(total > 0)) throw new SystemMetricsReadError('os.totalmem()', 'os.totalmem() is 0');
        return Math.min(1, Math.max(0, 1 - freemem() / total));
      },
    ),
  ];
}
