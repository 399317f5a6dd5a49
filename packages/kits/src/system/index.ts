/**
 * @telemeter/kits/system — host metrics (CPU, memory, swap, load, disk I/O, network, filesystems)
 * named as node_exporter names them, plus CPU and memory utilization ratios.
 *
 * ```ts
 * import { collectSystemMetrics } from '@telemeter/kits/system';
 * const system = collectSystemMetrics({ registry });
 * // ... scrape registry ...
 * system.stop();
 * ```
 */
export type { SystemMetricSource, SystemMetricsCollector } from './collect-system-metrics.js';
export { collectSystemMetrics } from './collect-system-metrics.js';
export { SystemMetricsReadError } from './errors.js';
export { DEFAULT_MEMORY_FIELDS } from './memory-metrics.js';
export type { NameFilterOption, NamePattern } from './name-filter.js';
export {
  DEFAULT_EXCLUDED_DEVICES,
  DEFAULT_EXCLUDED_FS_TYPES,
  DEFAULT_EXCLUDED_INTERFACES,
  DEFAULT_EXCLUDED_MOUNTPOINTS,
} from './name-filter.js';
export type { SystemMetricGroup, SystemMetricsOptions } from './options.js';
export { SYSTEM_METRIC_GROUPS } from './options.js';
export type { DiskStats } from './parse-diskstats.js';
export { DISKSTATS_SECTOR_BYTES, parseDiskstats } from './parse-diskstats.js';
export type { LoadAverage } from './parse-loadavg.js';
export { parseLoadavg } from './parse-loadavg.js';
export type { Meminfo } from './parse-meminfo.js';
export { meminfoMetricField, parseMeminfo } from './parse-meminfo.js';
export type { MountEntry } from './parse-mounts.js';
export { parseMounts, unescapeMountField } from './parse-mounts.js';
export type { NetDevStats } from './parse-net-dev.js';
export { parseNetDev } from './parse-net-dev.js';
export type { CpuLine, CpuTimes, ProcStat } from './parse-proc-stat.js';
export { CPU_TIME_FIELDS, parseProcStat, USER_HZ } from './parse-proc-stat.js';
export { SYSTEM_WARNING_CODES } from './warnings.js';
