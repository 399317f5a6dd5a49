/**
 * Opt-in Node.js runtime metrics, named as prom-client's default metrics so existing dashboards
 * keep working. Values are read when the registry is collected (scraped), not on timers; the only
 * background work is the event-loop delay sampler (one libuv timer) and a GC observer.
 */
import { getConfig } from '../config.js';
import { DuplicateMetricError, InvalidConfigError } from '../errors.js';
import { LABEL_NAME_RE, METRIC_NAME_RE } from '../labels.js';
import type { AnyMetric } from '../metric.js';
import { defaultRegistry, type Registry } from '../registry.js';
import type { Labels } from '../types.js';
import { activeResourceMetrics } from './active-resources.js';
import { eventLoopDelayMetrics } from './event-loop-delay.js';
import { eventLoopUtilizationMetrics } from './event-loop-utilization.js';
import { fileDescriptorMetrics } from './file-descriptors.js';
import { gcMetrics } from './gc.js';
import { heapSizeMetrics } from './heap-size.js';
import { heapSpaceMetrics } from './heap-spaces.js';
import { processCpuMetrics } from './process-cpu.js';
import { processMemoryMetrics } from './process-memory.js';
import type { RuntimeContext, RuntimeGroup } from './runtime-context.js';
import { startTimeMetrics } from './start-time.js';
import { versionInfoMetrics } from './version-info.js';

/** prom-client's GC buckets, in seconds: most pauses are well under 1 ms, full GCs of big heaps take seconds. */
export const DEFAULT_GC_DURATION_BUCKETS: readonly number[] = Object.freeze([0.001, 0.01, 0.1, 1, 2, 5]);

export interface RuntimeMetricsOptions {
  /** Default: `defaultRegistry`. */
  registry?: Registry;
  /** Prepended to every name, e.g. `myapp_`. Default: `configure({ runtimePrefix })` / `TELEMETER_RUNTIME_PREFIX`, else ''. */
  prefix?: string;
  /** Constant labels added to every runtime series (the registry's default labels are added anyway). */
  labels?: Labels;
  /** Sampling interval of the event-loop delay monitor in ms (whole number >= 1). Default 10, as prom-client. */
  eventLoopMonitoringPrecision?: number;
  /** Buckets of nodejs_gc_duration_seconds. Default DEFAULT_GC_DURATION_BUCKETS. */
  gcDurationBuckets?: readonly number[];
}

export interface RuntimeMetricsCollector {
  /** The registered metric names, in exposition order. Which ones exist depends on the platform. */
  readonly metricNames: readonly string[];
  /** Stops the sampler and GC observer and unregisters the metrics. Safe to call more than once. */
  stop(): void;
}

/** Label names the groups use themselves, so constant labels cannot take them. */
const GROUP_LABELS = ['type', 'space', 'kind', 'version', 'major', 'minor', 'patch', 'le'];

/**
 * Starts collecting runtime metrics into `registry`.
 * @throws InvalidConfigError for a bad option, DuplicateMetricError when the registry already has one
 * of the names (typically: runtime metrics were already started there); nothing is registered then.
 */
export function collectRuntimeMetrics(options: RuntimeMetricsOptions = {}): RuntimeMetricsCollector {
  if (options === null || typeof options !== 'object') {
    throw new InvalidConfigError('options', 'collectRuntimeMetrics() expects an options object or nothing');
  }
  const {
    registry = defaultRegistry,
    prefix = getConfig().runtimePrefix ?? '',
    labels = {},
    eventLoopMonitoringPrecision = 10,
    gcDurationBuckets = DEFAULT_GC_DURATION_BUCKETS,
  } = options;
  checkRegistry(registry);
  checkPrefix(prefix);
  const ctx: RuntimeContext = { prefix, labels: checkLabels(labels), labelNames: Object.keys(labels) };
  if (!Number.isSafeInteger(eventLoopMonitoringPrecision) || eventLoopMonitoringPrecision < 1) {
    throw new InvalidConfigError(
      'eventLoopMonitoringPrecision',
      `collectRuntimeMetrics(): eventLoopMonitoringPrecision must be a whole number of milliseconds >= 1, got ${String(eventLoopMonitoringPrecision)}`,
    );
  }

  const groups: RuntimeGroup[] = [];
  const stopGroups = () => {
    for (const group of groups) group.stop?.();
  };
  try {
    // prom-client's order (lib/defaultMetrics.js), with the additions next to their relatives,
    // except that active resources come before the event-loop lag: callbacks start in registration
    // order, and the lag probe's own setImmediate would otherwise be counted as an active resource.
    const build = [
      () => processCpuMetrics(ctx),
      () => startTimeMetrics(ctx),
      () => processMemoryMetrics(ctx),
      () => fileDescriptorMetrics(ctx),
      () => activeResourceMetrics(ctx),
      () => eventLoopDelayMetrics(ctx, eventLoopMonitoringPrecision),
      () => eventLoopUtilizationMetrics(ctx),
      () => heapSizeMetrics(ctx),
      () => heapSpaceMetrics(ctx),
      () => versionInfoMetrics(ctx),
      () => gcMetrics(ctx, gcDurationBuckets),
    ];
    for (const make of build) {
      const group = make();
      if (group !== undefined) groups.push(group);
    }
  } catch (error) {
    // A bad bucket list, say: release the timers and observers the earlier groups started.
    stopGroups();
    throw error;
  }

  const metrics: AnyMetric[] = groups.flatMap((g) => g.metrics);
  const taken = metrics.find((m) => registry.get(m.name) !== undefined);
  if (taken !== undefined) {
    stopGroups();
    throw new DuplicateMetricError(
      taken.name,
      `Cannot collect runtime metrics: "${taken.name}" is already registered. Runtime metrics are probably already being collected into this registry; call stop() on that collector first, or pass another registry or prefix.`,
    );
  }
  for (const metric of metrics) registry.register(metric);

  let stopped = false;
  return {
    metricNames: Object.freeze(metrics.map((m) => m.name)),
    stop() {
      if (stopped) return;
      stopped = true;
      stopGroups();
      for (const metric of metrics) {
        // Leave alone a metric someone registered under the same name after unregistering ours.
        if (registry.get(metric.name) === metric) registry.unregister(metric.name);
      }
    },
  };
}

function checkRegistry(registry: unknown): void {
  const r = registry as Partial<Registry> | null;
  if (
    r === null ||
    typeof r !== 'object' ||
    typeof r.register !== 'function' ||
    typeof r.unregister !== 'function' ||
    typeof r.get !== 'function'
  ) {
    throw new InvalidConfigError(
      'registry',
      'collectRuntimeMetrics(): registry must be a Registry (or omitted for defaultRegistry)',
    );
  }
}

function checkPrefix(prefix: unknown): void {
  if (typeof prefix !== 'string' || (prefix !== '' && !METRIC_NAME_RE.test(prefix))) {
    throw new InvalidConfigError(
      'prefix',
      `collectRuntimeMetrics(): prefix ${JSON.stringify(prefix)} would make invalid metric names; use letters, digits, '_' and ':' only, not starting with a digit (e.g. "myapp_")`,
    );
  }
}

function checkLabels(labels: unknown): Labels {
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
    throw new InvalidConfigError(
      'labels',
      'collectRuntimeMetrics(): labels must be an object of label name to string value',
    );
  }
  for (const [name, value] of Object.entries(labels)) {
    if (!LABEL_NAME_RE.test(name) || name.startsWith('__')) {
      throw new InvalidConfigError(
        'labels',
        `collectRuntimeMetrics(): label name ${JSON.stringify(name)} is invalid; use [a-zA-Z_][a-zA-Z0-9_]* not starting with "__"`,
      );
    }
    if (GROUP_LABELS.includes(name)) {
      throw new InvalidConfigError(
        'labels',
        `collectRuntimeMetrics(): label name "${name}" is used by the runtime metrics themselves (${GROUP_LABELS.join(', ')}); choose another name`,
      );
    }
    if (typeof value !== 'string') {
      throw new InvalidConfigError(
        'labels',
        `collectRuntimeMetrics(): label "${name}" has a ${typeof value} value; label values must be strings`,
      );
    }
  }
  return { ...(labels as Labels) };
}
