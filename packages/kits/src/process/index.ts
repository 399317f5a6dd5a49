/**
 * Child-process kit: spawn, track, stop and supervise child processes, measuring spawn time,
 * running children, lifetime, exits, spawn errors, graceful vs forced shutdowns and restarts.
 * See docs/kits/process.md.
 */
export type { KitOptions } from '../shared/kit-options.js';
export type { ProcessKitOptions, ProcessShutdownResult } from './metrics.js';
export {
  DEFAULT_PROCESS_LIFETIME_BUCKETS,
  DEFAULT_PROCESS_SHUTDOWN_BUCKETS,
  DEFAULT_PROCESS_SPAWN_BUCKETS,
  unregisterProcessMetrics,
} from './metrics.js';
export type {
  ChildProcessExit,
  ProcessManagerOptions,
  ProcessStopOptions,
  ProcessStopResult,
} from './process-manager.js';
export { createProcessManager, ProcessManager } from './process-manager.js';
export type { RestartBackoffOptions, SuperviseOptions, SupervisorResult } from './supervisor.js';
export { Supervisor } from './supervisor.js';
