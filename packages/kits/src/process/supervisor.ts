import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { InvalidConfigError } from '@telemeter/core';
import type { ChildProcessExit, ProcessManager, ProcessStopOptions } from './process-manager.js';

export interface RestartBackoffOptions {
  /** Delay before the first restart of a run of failures, in ms (default 100). */
  initialMs?: number;
  /** Multiplier per further restart in a row (default 2). */
  factor?: number;
  /** Upper bound of the delay, in ms (default 30 000). */
  maxMs?: number;
}

export interface SuperviseOptions {
  /** `on-failure` (default): restart after a non-zero exit, a signal, or a spawn error. `always`: after any exit. */
  restart?: 'on-failure' | 'always';
  /** Restarts allowed in a row (see resetAfterMs) before giving up (default Infinity). */
  maxRestarts?: number;
  /** Delay before a restart: a fixed number of ms, exponential options, or a function of the restart number in a row (0-based). */
  backoff?: number | RestartBackoffOptions | ((attempt: number) => number);
  /** A child that ran at least this long resets the restarts in a row and the backoff (default 10 000 ms). */
  resetAfterMs?: number;
  /** Passed to spawn for every start. */
  spawnOptions?: SpawnOptions;
  /** Called with every child started (attach stdio or IPC handlers here). */
  onSpawn?: (child: ChildProcess) => void;
  /** Called after every exit, before deciding whether to restart. */
  onExit?: (exit: ChildProcessExit) => void;
}

export interface SupervisorResult {
  /** stopped: stop() was called; exited: ended without needing a restart; max_restarts: gave up; error: spawn() threw. */
  readonly reason: 'stopped' | 'exited' | 'max_restarts' | 'error';
  readonly restarts: number;
  readonly lastExit: ChildProcessExit | undefined;
  readonly error?: unknown;
}

/** Keeps a command running (see ProcessManager.supervise). Created by the manager. */
export class Supervisor {
  private current: ChildProcess | undefined;
  private restartCount = 0;
  private inARow = 0;
  private stopping = false;
  private timer: NodeJS.Timeout | undefined;
  private lastExit: ChildProcessExit | undefined;
  private finish!: (result: SupervisorResult) => void;
  private readonly delayOf: (attempt: number) => number;
  private readonly restart: 'on-failure' | 'always';
  private readonly maxRestarts: number;
  private readonly resetAfterMs: number;
  /** Resolves when supervision ends; never rejects. */
  readonly done: Promise<SupervisorResult>;

  constructor(
    private readonly manager: ProcessManager,
    private readonly command: string,
    private readonly args: readonly string[],
    private readonly options: SuperviseOptions,
    private readonly onRestart: () => void,
  ) {
    const { restart = 'on-failure', maxRestarts = Number.POSITIVE_INFINITY, resetAfterMs = 10_000 } = options;
    if (restart !== 'on-failure' && restart !== 'always') {
      throw new InvalidConfigError('restart', 'supervise: restart must be "on-failure" or "always"');
    }
    if (
      !(maxRestarts === Number.POSITIVE_INFINITY || (Number.isSafeInteger(maxRestarts) && maxRestarts >= 0))
    ) {
      throw new InvalidConfigError(
        'maxRestarts',
        'supervise: maxRestarts must be a whole number >= 0, or Infinity',
      );
    }
    if (!(resetAfterMs >= 0)) {
      throw new InvalidConfigError('resetAfterMs', 'supervise: resetAfterMs must be a number of ms >= 0');
    }
    this.restart = restart;
    this.maxRestarts = maxRestarts;
    this.resetAfterMs = resetAfterMs;
    this.delayOf = backoffFunction(options.backoff);
    this.done = new Promise((resolve) => {
      this.finish = resolve;
    });
    this.start();
  }

  /** The running child (undefined between a crash and its restart, and after the end). */
  get child(): ChildProcess | undefined {
    return this.current;
  }

  /** Restarts so far. */
  get restarts(): number {
    return this.restartCount;
  }

  /** Ends supervision: cancels a pending restart and stops the running child (SIGTERM, then SIGKILL). */
  async stop(options?: ProcessStopOptions): Promise<SupervisorResult> {
    if (!this.stopping) {
      this.stopping = true;
      if (this.timer !== undefined) {
        clearTimeout(this.timer);
        this.timer = undefined;
        this.end('stopped');
      }
      if (this.current !== undefined) await this.manager.stop(this.current, options);
    }
    return this.done;
  }

  private start(): void {
    let child: ChildProcess;
    try {
      child = this.manager.spawn(this.command, this.args, this.options.spawnOptions ?? {});
    } catch (error) {
      this.end('error', error);
      return;
    }
    this.current = child;
    // The supervisor owns its children: a spawn error is a failure to restart from, not a crash of the parent.
    child.on('error', () => {});
    const startedAt = performance.now();
    try {
      this.options.onSpawn?.(child);
    } catch {}
    void this.manager.waitForExit(child).then((exit) => this.exited(exit, performance.now() - startedAt));
  }

  private exited(exit: ChildProcessExit, ranMs: number): void {
    this.current = undefined;
    this.lastExit = exit;
    try {
      this.options.onExit?.(exit);
    } catch {}
    const failed = exit.error !== undefined || exit.code !== 0 || exit.signal !== null;
    if (ranMs >= this.resetAfterMs) this.inARow = 0;
    if (this.stopping) this.end('stopped');
    else if (!failed && this.restart === 'on-failure') this.end('exited');
    else if (this.inARow >= this.maxRestarts) this.end('max_restarts');
    else this.scheduleRestart();
  }

  private scheduleRestart(): void {
    const delay = this.delayOf(this.inARow);
    this.inARow++;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.restartCount++;
      this.onRestart();
      this.start();
    }, delay);
  }

  private end(reason: SupervisorResult['reason'], error?: unknown): void {
    const result: SupervisorResult = { reason, restarts: this.restartCount, lastExit: this.lastExit };
    this.finish(error === undefined ? result : { ...result, error });
  }
}

function backoffFunction(backoff: SuperviseOptions['backoff']): (attempt: number) => number {
  if (typeof backoff === 'function') {
    return (attempt) => {
      const ms = backoff(attempt);
      return Number.isFinite(ms) && ms > 0 ? ms : 0;
    };
  }
  if (typeof backoff === 'number') {
    if (!(backoff >= 0 && Number.isFinite(backoff))) {
      throw new InvalidConfigError('backoff', 'supervise: backoff must be a number of ms >= 0');
    }
    return () => backoff;
  }
  const { initialMs = 100, factor = 2, maxMs = 30_000 } = backoff ?? {};
  if (!(initialMs >= 0 && factor >= 1 && maxMs >= initialMs)) {
    throw new InvalidConfigError(
      'backoff',
      'supervise: backoff needs initialMs >= 0, factor >= 1 and maxMs >= initialMs',
    );
  }
  return (attempt) => Math.min(maxMs, initialMs * factor ** attempt);
}
