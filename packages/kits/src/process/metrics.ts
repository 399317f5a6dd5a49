import type { Counter, CounterChild, Gauge, GaugeChild, Histogram, HistogramChild } from '@telemeter/core';
import { nodeErrorCode } from '../shared/error-type.js';
import { type KitOptions, resolveKitOptions, unregisterFamilies } from '../shared/kit-options.js';

/** fork/exec of a binary takes 1-20 ms; a loaded machine or a huge parent heap pushes it up. */
export const DEFAULT_PROCESS_SPAWN_BUCKETS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];
/** From short-lived tools (ms) to long-running workers (a day). */
export const DEFAULT_PROCESS_LIFETIME_BUCKETS: readonly number[] = [
  0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 1800, 3600, 14400, 86400,
];
/** From SIGTERM to exit: graceful shutdowns take ms to seconds; forced ones take the grace period. */
export const DEFAULT_PROCESS_SHUTDOWN_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

export interface ProcessKitOptions extends KitOptions {
  spawnBuckets?: readonly number[];
  lifetimeBuckets?: readonly number[];
  shutdownBuckets?: readonly number[];
}

export type ProcessShutdownResult = 'graceful' | 'forced';

const KIT_LABELS = ['process', 'code', 'signal', 'result'] as const;
// Exit codes are 0-255 and signals a few dozen; the limit only guards against a misbehaving platform.
const EXIT_SERIES_LIMIT = 1000;
type Names = readonly string[];

/** Records the life of the children of one process name (shared by managers with the same options). */
export class ProcessRecorder {
  readonly spawnDuration: HistogramChild;
  readonly active: GaugeChild;
  readonly lifetime: HistogramChild;
  readonly restarts: CounterChild;
  private readonly exits: Counter<Names>;
  private readonly spawnErrors: Counter<Names>;
  private readonly shutdowns: Counter<Names>;
  private readonly shutdownDuration: Histogram<Names>;
  private readonly base: Readonly<Record<string, string>>;

  constructor(name: string, options: ProcessKitOptions) {
    const { registry, prefix, constLabels, constNames } = resolveKitOptions(
      options,
      KIT_LABELS,
      'process kit',
    );
    const by = (...names: string[]): Names => ['process', ...names, ...constNames];
    this.base = { ...constLabels, process: name };
    const histogram = (metric: string, help: string, buckets: readonly number[], labels: Names = by()) =>
      registry.histogram({ name: prefix + metric, help, labelNames: labels, buckets });
    const spawnDuration = histogram(
      'child_process_spawn_duration_seconds',
      'Time from calling spawn() until the child process was running (its spawn event).',
      options.spawnBuckets ?? DEFAULT_PROCESS_SPAWN_BUCKETS,
    );
    const lifetime = histogram(
      'child_process_lifetime_seconds',
      'Time from spawn until exit, per exited child process.',
      options.lifetimeBuckets ?? DEFAULT_PROCESS_LIFETIME_BUCKETS,
    );
    const active: Gauge<Names> = registry.gauge({
      name: `${prefix}child_process_active`,
      help: 'Child processes running (spawned and not yet exited).',
      labelNames: by(),
    });
    const restarts = registry.counter({
      name: `${prefix}child_process_restarts_total`,
      help: 'Restarts of supervised child processes.',
      labelNames: by(),
    });
    this.exits = registry.counter({
      name: `${prefix}child_process_exits_total`,
      help: 'Child process exits by exit code (empty when killed by a signal) and signal (empty on a normal exit).',
      labelNames: by('code', 'signal'),
      cardinalityLimit: EXIT_SERIES_LIMIT,
    });
    this.spawnErrors = registry.counter({
      name: `${prefix}child_process_spawn_errors_total`,
      help: 'Child processes that failed to start, by error code (ENOENT, EACCES, ...).',
      labelNames: by('code'),
      cardinalityLimit: EXIT_SERIES_LIMIT,
    });
    this.shutdowns = registry.counter({
      name: `${prefix}child_process_shutdowns_total`,
      help: 'Stops requested through the process manager: graceful (exited within the grace period after the stop signal) or forced (killed with SIGKILL).',
      labelNames: by('result'),
    });
    this.shutdownDuration = histogram(
      'child_process_shutdown_duration_seconds',
      'Time from sending the stop signal (SIGTERM) until the child exited.',
      options.shutdownBuckets ?? DEFAULT_PROCESS_SHUTDOWN_BUCKETS,
      by('result'),
    );
    this.spawnDuration = spawnDuration.labels(this.base);
    this.lifetime = lifetime.labels(this.base);
    this.active = active.labels(this.base);
    this.restarts = restarts.labels(this.base);
  }

  exited(code: number | null, signal: string | null): void {
    this.exits.labels({ ...this.base, code: code === null ? '' : String(code), signal: signal ?? '' }).inc();
  }

  spawnFailed(error: unknown): void {
    const code = nodeErrorCode(error);
    this.spawnErrors.labels({ ...this.base, code }).inc();
  }

  shutdown(result: ProcessShutdownResult, seconds: number): void {
    const labels = { ...this.base, result };
    this.shutdowns.labels(labels).inc();
    this.shutdownDuration.labels(labels).observe(seconds);
  }
}

/** Removes the kit's metric families (those `options` describe) from their registry. */
export function unregisterProcessMetrics(options: KitOptions = {}): void {
  unregisterFamilies(options, KIT_LABELS, 'unregisterProcessMetrics', [
    'child_process_spawn_duration_seconds',
    'child_process_lifetime_seconds',
    'child_process_active',
    'child_process_restarts_total',
    'child_process_exits_total',
    'child_process_spawn_errors_total',
    'child_process_shutdowns_total',
    'child_process_shutdown_duration_seconds',
  ]);
}
