import { InvalidConfigError } from '@telemeter/core';
import { SemaphoreQueueFullError } from './errors.js';
import { type ConcurrencyKitOptions, concurrencyMetrics, limiterSeries } from './metrics.js';
import { LimiterRecorder, type PermitRecord } from './recorder.js';

export interface SemaphoreOptions extends ConcurrencyKitOptions {
  /** The `semaphore` label value: a fixed name for this limiter (never an id or a user input). */
  name: string;
  /** Permits available at once: a whole number >= 1, or Infinity. */
  limit: number;
  /** Acquisitions allowed to wait; one more is refused with SemaphoreQueueFullError. Default Infinity; 0 = never wait. */
  maxQueue?: number;
}

export interface SemaphoreAcquireOptions {
  /** Aborting it while waiting removes the acquisition from the queue and rejects with `signal.reason`. */
  signal?: AbortSignal;
}

/** Gives the permit back. Calling it again does nothing. */
export type SemaphoreRelease = () => void;

interface Waiter {
  readonly resolve: (release: SemaphoreRelease) => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly enqueuedAt: number;
  onAbort: (() => void) | undefined;
  prev: Waiter | undefined;
  next: Waiter | undefined;
}

/**
 * A counting semaphore (FIFO, abortable, optionally bounded queue) that measures itself: queue
 * wait, queue depth, active and max active operations, acquisitions by outcome, and operations
 * that ran alone vs alongside others.
 *
 * ```ts
 * const db = new InstrumentedSemaphore({ name: 'db', limit: 4, maxQueue: 100 });
 * const rows = await db.run(() => query(sql));
 * ```
 *
 * Fairness: a released permit is handed straight to the oldest waiter, so a newcomer can never
 * overtake the queue.
 */
export class InstrumentedSemaphore {
  readonly name: string;
  private limitValue: number;
  private readonly maxQueue: number;
  private activeCount = 0;
  private queueLength = 0;
  // A doubly linked list, so an aborted waiter leaves the queue in O(1).
  private head: Waiter | undefined;
  private tail: Waiter | undefined;
  private readonly recorder: LimiterRecorder;

  constructor(options: SemaphoreOptions) {
    if (options === null || typeof options !== 'object') {
      throw new InvalidConfigError(
        'options',
        'InstrumentedSemaphore: expected an options object with name and limit',
      );
    }
    const { name, limit, maxQueue = Number.POSITIVE_INFINITY } = options;
    if (typeof name !== 'string' || name === '') {
      throw new InvalidConfigError('name', 'InstrumentedSemaphore: name must be a non-empty string');
    }
    checkLimit(limit, 'InstrumentedSemaphore');
    if (!(maxQueue === Number.POSITIVE_INFINITY || (Number.isSafeInteger(maxQueue) && maxQueue >= 0))) {
      throw new InvalidConfigError(
        'maxQueue',
        'InstrumentedSemaphore: maxQueue must be a whole number >= 0, or Infinity',
      );
    }
    this.name = name;
    this.limitValue = limit;
    this.maxQueue = maxQueue;
    this.recorder = new LimiterRecorder(limiterSeries(concurrencyMetrics(options), name), limit);
  }

  /** Permits available at once. */
  get limit(): number {
    return this.limitValue;
  }

  /** Operations holding a permit. */
  get active(): number {
    return this.activeCount;
  }

  /** Acquisitions waiting. */
  get pending(): number {
    return this.queueLength;
  }

  /**
   * Changes the number of permits. Raising it grants waiters at once; lowering it lets current
   * holders finish (no new grants until `active` drops below the new limit).
   */
  setLimit(limit: number): void {
    checkLimit(limit, 'InstrumentedSemaphore.setLimit');
    this.limitValue = limit;
    this.recorder.setLimit(limit);
    while (this.head !== undefined && this.activeCount < this.limitValue) {
      this.activeCount++;
      this.grantHead();
    }
  }

  /** Resolves with a release function once a permit is granted. */
  acquire(options?: SemaphoreAcquireOptions): Promise<SemaphoreRelease> {
    const signal = options?.signal;
    if (signal?.aborted) {
      this.recorder.failed('aborted');
      return Promise.reject(signal.reason);
    }
    if (this.activeCount < this.limitValue && this.head === undefined) {
      this.activeCount++;
      return Promise.resolve(this.releaser(this.recorder.grant('immediate', 0)));
    }
    if (this.queueLength >= this.maxQueue) {
      this.recorder.failed('rejected');
      return Promise.reject(new SemaphoreQueueFullError(this.name, this.maxQueue));
    }
    return new Promise<SemaphoreRelease>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        enqueuedAt: performance.now(),
        onAbort: undefined,
        prev: this.tail,
        next: undefined,
      };
      if (signal !== undefined) {
        waiter.onAbort = () => this.abortWaiter(waiter);
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      if (this.tail === undefined) this.head = waiter;
      else this.tail.next = waiter;
      this.tail = waiter;
      this.queueLength++;
      this.recorder.enqueued();
    });
  }

  /** A release function if a permit is free right now (and nobody is waiting), else undefined. Never waits. */
  tryAcquire(): SemaphoreRelease | undefined {
    if (this.activeCount >= this.limitValue || this.head !== undefined) return undefined;
    this.activeCount++;
    return this.releaser(this.recorder.grant('immediate', 0));
  }

  /** Runs `fn` holding a permit, and releases it when `fn`'s result settles (or `fn` throws). */
  async run<T>(fn: () => T | PromiseLike<T>, options?: SemaphoreAcquireOptions): Promise<Awaited<T>> {
    const release = await this.acquire(options);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /**
   * Stops recording metrics for this semaphore and withdraws its share of the gauges (active,
   * queue depth, limit). The semaphore keeps working. Counters and histograms keep their totals;
   * remove the families with unregisterConcurrencyMetrics().
   */
  dispose(): void {
    this.recorder.dispose();
  }

  private releaser(record: PermitRecord): SemaphoreRelease {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.recorder.release(record);
      // Hand the permit straight to the oldest waiter (no barging), unless the limit was lowered.
      if (this.head !== undefined && this.activeCount <= this.limitValue) this.grantHead();
      else this.activeCount--;
    };
  }

  /** Grants the head waiter a permit already counted in activeCount. */
  private grantHead(): void {
    const waiter = this.head!;
    this.unlink(waiter);
    const wait = (performance.now() - waiter.enqueuedAt) / 1000;
    waiter.resolve(this.releaser(this.recorder.grant('queued', wait)));
  }

  private abortWaiter(waiter: Waiter): void {
    this.unlink(waiter);
    this.recorder.failed('aborted');
    waiter.reject(waiter.signal!.reason);
  }

  private unlink(waiter: Waiter): void {
    if (waiter.prev === undefined) this.head = waiter.next;
    else waiter.prev.next = waiter.next;
    if (waiter.next === undefined) this.tail = waiter.prev;
    else waiter.next.prev = waiter.prev;
    waiter.prev = waiter.next = undefined;
    this.queueLength--;
    this.recorder.dequeued();
    if (waiter.onAbort !== undefined) waiter.signal!.removeEventListener('abort', waiter.onAbort);
  }
}

function checkLimit(limit: number, where: string): void {
  if (!(limit === Number.POSITIVE_INFINITY || (Number.isSafeInteger(limit) && limit >= 1))) {
    throw new InvalidConfigError('limit', `${where}: limit must be a whole number >= 1, or Infinity`);
  }
}
