/**
 * Host metrics for a Node.js service: CPU, memory, swap, load, disk I/O, network and filesystem
 * usage, named as node_exporter names them so existing dashboards and alerts work, plus CPU and
 * memory utilization ratios. Values are read when the registry is collected (scraped); there is
 * no timer. On Linux they come from /proc; elsewhere CPU, memory, load and boot time come from
 * `node:os` and the rest is not collected.
 */
import { loadavg, cpus as osCpus } from 'node:os';
import { type AnyMetric, DuplicateMetricError, type Registry } from '@telemeter/core';
import { cpuMetrics, readOsCpus } from './cpu-metrics.js';
import { diskMetrics } from './disk-metrics.js';
import type { SystemContext } from './family.js';
import { FilesystemReader, filesystemMetrics } from './filesystem-metrics.js';
import { fallbackKernelMetrics, kernelMetrics } from './kernel-metrics.js';
import { loadMetrics } from './load-metrics.js';
import { fallbackMemoryMetrics, memoryMetrics } from './memory-metrics.js';
import { networkMetrics } from './network-metrics.js';
import {
  type ResolvedOptions,
  resolveOptions,
  type SystemMetricGroup,
  type SystemMetricsOptions,
} from './options.js';
import { parseDiskstats } from './parse-diskstats.js';
import { parseLoadavg } from './parse-loadavg.js';
import { parseMeminfo } from './parse-meminfo.js';
import { parseMounts } from './parse-mounts.js';
import { parseNetDev } from './parse-net-dev.js';
import { parseProcStat } from './parse-proc-stat.js';
import { perScrape } from './per-scrape.js';
import { ProcSource } from './proc-source.js';
import { OnceWarner, SYSTEM_WARNING_CODES } from './warnings.js';

/** Where a group's values come from on this host. */
export type SystemMetricSource = 'procfs' | 'os';

export interface SystemMetricsCollector {
  /** The registered metric names, in exposition order. Which ones exist depends on the platform and kernel. */
  readonly metricNames: readonly string[];
  /** The source of each collected group; a group missing here is not collected on this host. */
  readonly sources: Readonly<Partial<Record<SystemMetricGroup, SystemMetricSource>>>;
  /**
   * Unregisters the metrics (once every collector sharing them has stopped). Safe to call more
   * than once.
   */
  stop(): void;
}

interface Shared {
  readonly metrics: readonly AnyMetric[];
  readonly metricNames: readonly string[];
  readonly sources: Readonly<Partial<Record<SystemMetricGroup, SystemMetricSource>>>;
  refs: number;
}

/** Live collectors per registry and configuration, so a second identical call shares the metrics. */
const active = new WeakMap<Registry, Map<string, Shared>>();

/**
 * Starts collecting host metrics into `registry`. Calling it again with the same registry and
 * options returns a collector sharing the same metrics (each must be stopped).
 * @throws InvalidConfigError for a bad option; DuplicateMetricError when the registry already has
 * one of the names from other code or from a collector with other options (pass another prefix or
 * registry). Nothing is registered then.
 */
export function collectSystemMetrics(options: SystemMetricsOptions = {}): SystemMetricsCollector {
  const resolved = resolveOptions(options, process.platform);
  const { registry } = resolved;
  let map = active.get(registry);
  if (map === undefined) active.set(registry, (map = new Map()));
  let entry = map.get(resolved.key);
  if (entry !== undefined && !entry.metrics.every((m) => registry.get(m.name) === m)) {
    // Someone unregistered or cleared our metrics behind our back: start afresh.
    map.delete(resolved.key);
    entry = undefined;
  }
  if (entry === undefined) {
    entry = build(resolved);
    map.set(resolved.key, entry);
  }
  entry.refs++;
  const shared = entry;
  const sharedIn = map;
  let stopped = false;
  return {
    metricNames: shared.metricNames,
    sources: shared.sources,
    stop() {
      if (stopped) return;
      stopped = true;
      if (--shared.refs > 0) return;
      if (sharedIn.get(resolved.key) === shared) sharedIn.delete(resolved.key);
      for (const metric of shared.metrics) {
        // Leave alone a metric someone registered under the same name after unregistering ours.
        if (registry.get(metric.name) === metric) registry.unregister(metric.name);
      }
    },
  };
}

function build(options: ResolvedOptions): Shared {
  const warner = new OnceWarner();
  const ctx: SystemContext = { prefix: options.prefix, labels: options.labels, warner };
  const { groups, procfs } = options;
  const sources: Partial<Record<SystemMetricGroup, SystemMetricSource>> = {};
  const metrics: AnyMetric[] = [];
  /**
   * A /proc file and its first reading. Unreadable where /proc is expected, it is worth a warning:
   * its group falls back to node:os or is not collected.
   */
  const opened = new Map<string, { source: ProcSource<unknown>; initial: unknown }>();
  const open = <T>(file: string, parse: (text: string) => T, group: SystemMetricGroup, instead: string) => {
    if (procfs === undefined) return undefined;
    // One source per file, so the cpu and kernel groups share a single read of /proc/stat.
    let entry = opened.get(file);
    if (entry === undefined) {
      const source = new ProcSource(procfs, file, parse);
      entry = { source, initial: source.probe() };
      opened.set(file, entry);
    }
    const { source, initial } = entry as { source: ProcSource<T>; initial: T | undefined };
    if (initial !== undefined) return { source, initial };
    warner.warn(
      SYSTEM_WARNING_CODES.unavailable,
      `${source.path}:${group}`,
      `telemeter system metrics: ${source.path} is not readable, so the ${group} metrics ${instead}.`,
    );
    return undefined;
  };
  const use = (group: SystemMetricGroup, source: SystemMetricSource, added: readonly AnyMetric[]) => {
    metrics.push(...added);
    sources[group] = source;
  };

  if (groups.has('cpu')) {
    const stat = open('stat', parseProcStat, 'cpu', 'come from os.cpus()');
    if (stat !== undefined) use('cpu', 'procfs', cpuMetrics(ctx, stat.source.get, stat.initial));
    else if (osCpus().length > 0) use('cpu', 'os', cpuMetrics(ctx, perScrape(readOsCpus), readOsCpus()));
  }
  if (groups.has('kernel')) {
    const stat = open('stat', parseProcStat, 'kernel', 'are limited to node_boot_time_seconds');
    if (stat !== undefined) use('kernel', 'procfs', kernelMetrics(ctx, stat.source, stat.initial));
    else use('kernel', 'os', fallbackKernelMetrics(ctx));
  }
  if (groups.has('memory')) {
    const meminfo = open('meminfo', parseMeminfo, 'memory', 'come from os.totalmem()/os.freemem()');
    if (meminfo !== undefined) {
      use('memory', 'procfs', memoryMetrics(ctx, meminfo.source, meminfo.initial, options.memoryFields));
    } else {
      use('memory', 'os', fallbackMemoryMetrics(ctx, process.platform));
    }
  }
  if (groups.has('load')) {
    const file = open('loadavg', parseLoadavg, 'load', 'come from os.loadavg()');
    if (file !== undefined) {
      const { source } = file;
      use(
        'load',
        'procfs',
        loadMetrics(ctx, () => source.get() ?? source.missing('load averages')),
      );
    } else if (process.platform !== 'win32') {
      // Windows has no load average: os.loadavg() is always [0, 0, 0] there.
      const read = perScrape(() => {
        const [load1 = 0, load5 = 0, load15 = 0] = loadavg();
        return { load1, load5, load15 };
      });
      use('load', 'os', loadMetrics(ctx, read));
    }
  }
  if (groups.has('disk')) {
    const file = open('diskstats', parseDiskstats, 'disk', 'are not collected');
    if (file !== undefined) {
      const { source, initial } = file;
      const read = perScrape(() => source.get().filter((disk) => options.devices.matches(disk.device)));
      use('disk', 'procfs', diskMetrics(ctx, read, initial));
    }
  }
  if (groups.has('network')) {
    const file = open('net/dev', parseNetDev, 'network', 'are not collected');
    if (file !== undefined) {
      const { source } = file;
      const read = perScrape(() => source.get().filter((stats) => options.interfaces.matches(stats.device)));
      use('network', 'procfs', networkMetrics(ctx, read));
    }
  }
  if (groups.has('filesystem')) {
    const file = open('self/mounts', parseMounts, 'filesystem', 'are not collected');
    if (file !== undefined) {
      const { source } = file;
      const mounts = () =>
        source
          .get()
          .filter((m) => options.mountpoints.matches(m.mountpoint) && options.fsTypes.matches(m.fstype));
      const reader = new FilesystemReader(ctx, mounts, options.filesystemTimeoutMs);
      use(
        'filesystem',
        'procfs',
        filesystemMetrics(
          ctx,
          perScrape(() => reader.read()),
        ),
      );
    }
  }

  const { registry } = options;
  const taken = metrics.find((m) => registry.get(m.name) !== undefined);
  if (taken !== undefined) {
    throw new DuplicateMetricError(
      taken.name,
      `Cannot collect system metrics: "${taken.name}" is already registered. System metrics are probably already collected into this registry with other options (or a node_exporter-style metric exists); stop that collector first, or pass another registry or prefix.`,
    );
  }
  for (const metric of metrics) registry.register(metric);
  return {
    metrics,
    metricNames: Object.freeze(metrics.map((m) => m.name)),
    sources: Object.freeze(sources),
    refs: 0,
  };
}
