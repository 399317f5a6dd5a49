/** Options of collectSystemMetrics(), their validation and defaults. */
import { defaultRegistry, InvalidConfigError, type Labels, type Registry } from '@telemeter/core';
import { DEFAULT_MEMORY_FIELDS } from './memory-metrics.js';
import {
  DEFAULT_EXCLUDED_DEVICES,
  DEFAULT_EXCLUDED_FS_TYPES,
  DEFAULT_EXCLUDED_INTERFACES,
  DEFAULT_EXCLUDED_MOUNTPOINTS,
  NameFilter,
  type NameFilterOption,
} from './name-filter.js';

/** The metric groups, in exposition order. */
export const SYSTEM_METRIC_GROUPS = Object.freeze([
  'cpu',
  'kernel',
  'memory',
  'load',
  'disk',
  'network',
  'filesystem',
] as const);
export type SystemMetricGroup = (typeof SYSTEM_METRIC_GROUPS)[number];

export interface SystemMetricsOptions {
  /** Default: `defaultRegistry`. */
  registry?: Registry;
  /** Prepended to every name, e.g. `myapp_` gives `myapp_node_load1`. Default ''. */
  prefix?: string;
  /** Constant labels added to every series (the registry's default labels are added anyway). */
  labels?: Labels;
  /** Which groups to collect. Default: all of SYSTEM_METRIC_GROUPS. */
  groups?: readonly SystemMetricGroup[];
  /** Block devices (node_disk_*) by name, e.g. `['nvme0n1']`. Default: DEFAULT_EXCLUDED_DEVICES left out. */
  devices?: NameFilterOption;
  /** Network interfaces (node_network_*), e.g. `['lo', 'eth0']`. Default: DEFAULT_EXCLUDED_INTERFACES left out. */
  interfaces?: NameFilterOption;
  /**
   * Filesystems (node_filesystem_*) by mountpoint, e.g. `['/', '/data']`. Default:
   * DEFAULT_EXCLUDED_MOUNTPOINTS left out. Naming mountpoints with `include` also lifts the
   * default filesystem-type exclusion (so `['/dev/shm']` works for a tmpfs).
   */
  mountpoints?: NameFilterOption;
  /** Filesystems by type, e.g. `{ exclude: [] }` for all. Default: DEFAULT_EXCLUDED_FS_TYPES left out. */
  fsTypes?: NameFilterOption;
  /**
   * /proc/meminfo fields to export as node_memory_* gauges, by their /proc or metric name
   * (`Active(anon)` or `Active_anon`), or `'all'`. Default: DEFAULT_MEMORY_FIELDS.
   */
  memoryFields?: readonly string[] | 'all';
  /**
   * Where procfs is mounted. Default '/proc' on Linux; elsewhere, /proc is only read when this is
   * set. Filesystem sizes are always those of the mounts this process can reach.
   */
  procfs?: string;
  /** How long a scrape waits for statfs() of a mountpoint before reporting it as failing. Default 1000. */
  filesystemTimeoutMs?: number;
}

export interface ResolvedOptions {
  readonly registry: Registry;
  readonly prefix: string;
  readonly labels: Labels;
  readonly groups: ReadonlySet<SystemMetricGroup>;
  readonly devices: NameFilter;
  readonly interfaces: NameFilter;
  readonly mountpoints: NameFilter;
  readonly fsTypes: NameFilter;
  readonly memoryFields: readonly string[] | 'all';
  /** `undefined`: do not read /proc (not Linux, and no procfs option). */
  readonly procfs: string | undefined;
  readonly filesystemTimeoutMs: number;
  /** Equal for two option objects that would collect the same series. */
  readonly key: string;
}

/** Label names the families use themselves, so constant labels cannot take them. */
const OWN_LABELS = ['cpu', 'mode', 'cpu_mode', 'device', 'fstype', 'mountpoint'];
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const MAX_TIMER_MS = 2 ** 31 - 1;

function fail(key: string, message: string): never {
  throw new InvalidConfigError(key, `collectSystemMetrics(): ${message}`);
}

export function resolveOptions(options: SystemMetricsOptions, platform: NodeJS.Platform): ResolvedOptions {
  if (options === null || typeof options !== 'object') {
    fail('options', 'expects an options object or nothing');
  }
  const {
    registry = defaultRegistry,
    prefix = '',
    labels = {},
    groups = SYSTEM_METRIC_GROUPS,
    memoryFields = DEFAULT_MEMORY_FIELDS,
    procfs = platform === 'linux' ? '/proc' : undefined,
    filesystemTimeoutMs = 1000,
  } = options;
  const r = registry as Partial<Registry> | null;
  if (
    r === null ||
    typeof r !== 'object' ||
    typeof r.register !== 'function' ||
    typeof r.get !== 'function'
  ) {
    fail('registry', 'registry must be a Registry (or omitted for defaultRegistry)');
  }
  if (typeof prefix !== 'string' || (prefix !== '' && !METRIC_NAME.test(prefix))) {
    fail(
      'prefix',
      `prefix ${JSON.stringify(prefix)} would make invalid metric names; use letters, digits, '_' and ':' only, not starting with a digit (e.g. "myapp_")`,
    );
  }
  const checkedLabels = checkLabels(labels);
  if (!Array.isArray(groups) || !groups.every((g) => SYSTEM_METRIC_GROUPS.includes(g))) {
    fail('groups', `groups must be an array of ${SYSTEM_METRIC_GROUPS.join(', ')}`);
  }
  if (
    memoryFields !== 'all' &&
    !(Array.isArray(memoryFields) && memoryFields.every((f) => typeof f === 'string'))
  ) {
    fail(
      'memoryFields',
      `memoryFields must be 'all' or an array of /proc/meminfo field names such as "MemTotal"`,
    );
  }
  if (procfs !== undefined && (typeof procfs !== 'string' || procfs === '')) {
    fail('procfs', 'procfs must be the path where procfs is mounted, e.g. "/proc"');
  }
  if (
    typeof filesystemTimeoutMs !== 'number' ||
    !Number.isFinite(filesystemTimeoutMs) ||
    filesystemTimeoutMs <= 0 ||
    filesystemTimeoutMs > MAX_TIMER_MS
  ) {
    fail(
      'filesystemTimeoutMs',
      `filesystemTimeoutMs must be a number of milliseconds > 0, got ${String(filesystemTimeoutMs)}`,
    );
  }
  const devices = NameFilter.from(options.devices, DEFAULT_EXCLUDED_DEVICES, 'devices');
  const interfaces = NameFilter.from(options.interfaces, DEFAULT_EXCLUDED_INTERFACES, 'interfaces');
  const mountpoints = NameFilter.from(options.mountpoints, DEFAULT_EXCLUDED_MOUNTPOINTS, 'mountpoints');
  const fsTypes =
    options.fsTypes === undefined && mountpoints.explicit
      ? NameFilter.all()
      : NameFilter.from(options.fsTypes, DEFAULT_EXCLUDED_FS_TYPES, 'fsTypes');
  const groupSet = new Set<SystemMetricGroup>(groups);
  const key = JSON.stringify([
    prefix,
    Object.entries(checkedLabels).sort(),
    SYSTEM_METRIC_GROUPS.filter((g) => groupSet.has(g)),
    devices.key,
    interfaces.key,
    mountpoints.key,
    fsTypes.key,
    memoryFields === 'all' ? 'all' : [...memoryFields].sort(),
    procfs ?? null,
    filesystemTimeoutMs,
  ]);
  return {
    registry,
    prefix,
    labels: checkedLabels,
    groups: groupSet,
    devices,
    interfaces,
    mountpoints,
    fsTypes,
    memoryFields: memoryFields === 'all' ? 'all' : [...memoryFields],
    procfs,
    filesystemTimeoutMs,
    key,
  };
}

function checkLabels(labels: unknown): Labels {
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
    fail('labels', 'labels must be an object of label name to string value');
  }
  for (const [name, value] of Object.entries(labels)) {
    if (!LABEL_NAME.test(name) || name.startsWith('__')) {
      fail(
        'labels',
        `label name ${JSON.stringify(name)} is invalid; use [a-zA-Z_][a-zA-Z0-9_]* not starting with "__"`,
      );
    }
    if (OWN_LABELS.includes(name)) {
      fail(
        'labels',
        `label name "${name}" is used by the system metrics themselves (${OWN_LABELS.join(', ')}); choose another name`,
      );
    }
    if (typeof value !== 'string') {
      fail('labels', `label "${name}" has a ${typeof value} value; label values must be strings`);
    }
  }
  return { ...(labels as Labels) };
}
