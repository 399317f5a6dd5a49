import { type ChildProcess, spawn as nodeSpawn, type SpawnOptions } from 'node:child_process';
import { type EventEmitter, errorMonitor } from 'node:events';
import { constants } from 'node:os';
import { InvalidConfigError } from '@telemeter/core';
import { type ProcessKitOptions, ProcessRecorder } from './metrics.js';
import { type SuperviseOptions, Supervisor } from './supervisor.js';

export interface ProcessManagerOptions extends ProcessKitOptions {
  /** The `process` label value: a name for this kind of child (never its command line). */
  name: string;
  /** Default grace period of stop(), in ms (default 5000). */
  graceMs?: number;
  /** The spawn function to wrap (default `node:child_process` spawn); same signature. */
  spawn?: (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;
}

export interface ProcessStopOptions {
  /** Time to wait after `signal` before SIGKILL, in ms (default: the manager's graceMs). */
  graceMs?: number;
  /** The polite signal (default SIGTERM). */
  signal?: NodeJS.Signals;
}

/** How a child ended: its exit code or signal; `error` when it failed to spawn. */
export interface ChildProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly error?: Error;
}

export interface ProcessStopResult extends ChildProcessExit {
  /** `not_running`: the child had already exited (or never started) and nothing was sent. */
  readonly result: 'graceful' | 'forced' | 'not_running';
  /** From the stop signal to exit (0 for not_running). */
  readonly seconds: number;
}

interface Tracked {
  spawnedAt: number | undefined;
  readonly exit: Promise<ChildProcessExit>;
  resolveExit: (info: ChildProcessExit) => void;
  stopping: Promise<ProcessStopResult> | undefined;
}

const DEFAULT_GRACE_MS = 5000;

/**
 * Spawns, tracks, stops and supervises child processes of one kind, and measures them: spawn
 * time, running children, lifetime, exits by code and signal, spawn errors, graceful vs forced
 * shutdowns and their duration, restarts.
 *
 * The manager observes children only through passive listeners: `exit`, `spawn`, and
 * `events.errorMonitor` for errors, so a child without an 'error' handler still throws as it
 * would without the manager.
 */
export class ProcessManager {
  readonly name: string;
  private readonly recorder: ProcessRecorder;
  private readonly graceMs: number;
  private readonly spawnFn: NonNullable<ProcessManagerOptions['spawn']>;
  private readonly tracked = new Map<ChildProcess, Tracked>();
  // Outlives tracking, so waitForExit() still reports how a child ended (including its spawn error).
  private readonly exits = new WeakMap<ChildProcess, Promise<ChildProcessExit>>();
  private disposed = false;

  constructor(options: ProcessManagerOptions) {
    if (
      options === null ||
      typeof options !== 'object' ||
      typeof options.name !== 'string' ||
      options.name === ''
    ) {
      throw new InvalidConfigError('name', 'createProcessManager: options.name must be a non-empty string');
    }
    this.name = options.name;
    this.graceMs = checkGrace(options.graceMs ?? DEFAULT_GRACE_MS, 'createProcessManager');
    this.spawnFn = options.spawn ?? nodeSpawn;
    if (typeof this.spawnFn !== 'function') {
      throw new InvalidConfigError('spawn', 'createProcessManager: spawn must be a function');
    }
    this.recorder = new ProcessRecorder(this.name, options);
  }

  /** Children tracked and not yet exited. */
  get children(): ChildProcess[] {
    return [...this.tracked.keys()];
  }

  /**
   * `child_process.spawn()`, measured: spawn time until the 'spawn' event, then the child is
   * tracked until it exits. A synchronous throw or an asynchronous spawn 'error' (ENOENT,
   * EACCES, ...) counts in child_process_spawn_errors_total and is passed on unchanged.
   */
  spawn(command: string, options?: SpawnOptions): ChildProcess;
  spawn(command: string, args?: readonly string[], options?: SpawnOptions): ChildProcess;
  spawn(command: string, ...rest: unknown[]): ChildProcess {
    const startedAt = performance.now();
    let child: ChildProcess;
    try {
      child = Reflect.apply(this.spawnFn, undefined, [command, ...rest]) as ChildProcess;
    } catch (error) {
      if (!this.disposed) this.recorder.spawnFailed(error);
      throw error;
    }
    this.watch(child, startedAt);
    return child;
  }

  /**
   * Tracks a child spawned elsewhere (its spawn time is unknown, so only what follows is
   * measured: running, lifetime from now, exit, stop). Returns the same child.
   */
  track<C extends ChildProcess>(child: C): C {
    this.watch(child, undefined);
    return child;
  }

  /** Resolves when a tracked child exits or fails to spawn; at once for one that already exited. */
  waitForExit(child: ChildProcess): Promise<ChildProcessExit> {
    return this.exits.get(child) ?? Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }

  /**
   * Sends `signal` (SIGTERM), then SIGKILL if the child is still running after `graceMs`.
   * Resolves once it exited, with how: `graceful` or `forced` (recorded with the duration), or
   * `not_running`. Concurrent calls for one child share the first stop. Untracked children are
   * tracked first.
   */
  stop(child: ChildProcess, options: ProcessStopOptions = {}): Promise<ProcessStopResult> {
    const graceMs = checkGrace(options.graceMs ?? this.graceMs, 'stop');
    const signal = options.signal ?? 'SIGTERM';
    if (typeof signal !== 'string' || !(signal in constants.signals)) {
      throw new InvalidConfigError(
        'signal',
        `stop: unknown signal ${String(signal)}; use a name such as SIGTERM`,
      );
    }
    if (!this.tracked.has(child)) this.track(child);
    const state = this.tracked.get(child);
    if (state === undefined || child.pid === undefined) return Promise.resolve(notRunning(child));
    state.stopping ??= this.terminate(child, state, signal, graceMs);
    return state.stopping;
  }

  /** Stops every tracked child (in parallel). */
  stopAll(options?: ProcessStopOptions): Promise<ProcessStopResult[]> {
    return Promise.all(this.children.map((child) => this.stop(child, options)));
  }

  /** Runs `command` and restarts it according to `options`, counting restarts. */
  supervise(command: string, args: readonly string[] = [], options: SuperviseOptions = {}): Supervisor {
    return new Supervisor(this, command, args, options, () => {
      if (!this.disposed) this.recorder.restarts.inc();
    });
  }

  /**
   * Stops recording and withdraws this manager's running children from child_process_active.
   * Everything else keeps working (spawn, stop, supervise, waitForExit), unmeasured. Totals stay;
   * remove the families with unregisterProcessMetrics().
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const state of this.tracked.values()) {
      if (state.spawnedAt !== undefined) this.recorder.active.dec();
    }
  }

  private watch(child: ChildProcess, startedAt: number | undefined): void {
    if (this.tracked.has(child)) return;
    if (child.exitCode !== null || child.signalCode !== null) return;
    let resolveExit!: (info: ChildProcessExit) => void;
    const exit = new Promise<ChildProcessExit>((resolve) => {
      resolveExit = resolve;
    });
    const state: Tracked = { spawnedAt: undefined, exit, resolveExit, stopping: undefined };
    this.tracked.set(child, state);
    this.exits.set(child, exit);
    const recorder = this.recorder;

    const spawned = (): void => {
      state.spawnedAt = performance.now();
      if (this.disposed) return;
      if (startedAt !== undefined) recorder.spawnDuration.observe((state.spawnedAt - startedAt) / 1000);
      recorder.active.inc();
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      (child as EventEmitter).removeListener(errorMonitor, onError);
      if (this.tracked.get(child) === state) {
        this.tracked.delete(child);
        if (!this.disposed) {
          if (state.spawnedAt !== undefined) {
            recorder.active.dec();
            recorder.lifetime.observe((performance.now() - state.spawnedAt) / 1000);
          }
          recorder.exited(code, signal);
        }
      }
      state.resolveExit({ code, signal });
    };
    // Only errors before 'spawn' are spawn failures (later ones are e.g. a failed kill or IPC send).
    const onError = (error: Error): void => {
      if (state.spawnedAt !== undefined) return;
      child.removeListener('exit', onExit);
      child.removeListener('spawn', onSpawn);
      (child as EventEmitter).removeListener(errorMonitor, onError);
      if (this.tracked.get(child) === state) {
        this.tracked.delete(child);
        if (!this.disposed) recorder.spawnFailed(error);
      }
      state.resolveExit({ code: child.exitCode, signal: child.signalCode, error });
    };

    child.once('exit', onExit);
    if (startedAt === undefined && child.pid !== undefined) {
      spawned();
      return;
    }
    const onSpawn = (): void => {
      (child as EventEmitter).removeListener(errorMonitor, onError);
      spawned();
    };
    child.once('spawn', onSpawn);
    (child as EventEmitter).on(errorMonitor, onError);
  }

  private async terminate(
    child: ChildProcess,
    state: Tracked,
    signal: NodeJS.Signals,
    graceMs: number,
  ): Promise<ProcessStopResult> {
    const startedAt = performance.now();
    let forced = signal === 'SIGKILL';
    if (!child.kill(signal)) {
      // Already exited (its 'exit' is on its way) or not ours to kill: nothing to measure.
      const exit = await withTimeout(state.exit, graceMs);
      return { ...(exit ?? notRunning(child)), result: 'not_running', seconds: 0 };
    }
    const timer = forced
      ? undefined
      : setTimeout(() => {
          forced = true;
          child.kill('SIGKILL');
        }, graceMs);
    const exit = await state.exit;
    clearTimeout(timer);
    const seconds = (performance.now() - startedAt) / 1000;
    const result = forced ? 'forced' : 'graceful';
    if (!this.disposed) this.recorder.shutdown(result, seconds);
    return { ...exit, result, seconds };
  }
}

/** Creates a ProcessManager (see its documentation). */
export function createProcessManager(options: ProcessManagerOptions): ProcessManager {
  return new ProcessManager(options);
}

function notRunning(child: ChildProcess): ProcessStopResult {
  return { code: child.exitCode, signal: child.signalCode, result: 'not_running', seconds: 0 };
}

/** `promise`'s value, or undefined after `ms` (the timer is cleared either way, so it never holds the process open). */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function checkGrace(graceMs: number, where: string): number {
  if (!(typeof graceMs === 'number' && graceMs >= 0 && Number.isFinite(graceMs))) {
    throw new InvalidConfigError('graceMs', `${where}: graceMs must be a finite number of milliseconds >= 0`);
  }
  return graceMs;
}
