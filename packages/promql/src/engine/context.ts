// The state one query evaluation carries: where to read, the time parameters, the limits, and the
// annotations collected so far. Long loops call `checkpoint()`, which enforces the timeout and the
// AbortSignal and hands the event loop back now and then so a big query does not starve the process.
import type { Querier } from '@telemeter/storage';
import { Annotations } from './annotations.js';
import { cancelledError, timeoutError, tooManySamplesError } from './errors.js';

export interface EvalOptions {
  readonly querier: Querier;
  readonly lookbackDeltaMs: number;
  /** The step of subqueries that give none (Prometheus's global evaluation interval). */
  readonly defaultSubqueryStepMs: number;
  /** The query's start and end: what `@ start()` and `@ end()` resolve to. */
  readonly queryStartMs: number;
  readonly queryEndMs: number;
  /** The range query's step (always positive), 0 for an instant query: what `step()` returns. */
  readonly queryStepMs: number;
  readonly maxSamples: number;
  /** Date.now() after which the query fails with TM_PROMQL_TIMEOUT. */
  readonly deadline: number;
  readonly signal: AbortSignal | undefined;
}

/** How long evaluation may run before it yields to the event loop, in ms. */
const SLICE_MS = 10;
/** Units of work (roughly: points touched) between two looks at the clock. */
const CHECK_EVERY = 4096;

export class EvalContext {
  readonly annotations = new Annotations();
  private samples = 0;
  private work = 0;
  private sliceStart = Date.now();

  constructor(readonly options: EvalOptions) {}

  get isRangeQuery(): boolean {
    return this.options.queryStepMs > 0;
  }

  /** Accounts for `n` more samples held; fails the query past maxSamples. */
  hold(n: number): void {
    this.samples += n;
    if (this.samples > this.options.maxSamples) throw tooManySamplesError();
  }

  release(n: number): void {
    this.samples = Math.max(0, this.samples - n);
  }

  /** Throws if the query was cancelled (cheap: no clock read). */
  private throwIfStopped(): void {
    if (this.options.signal?.aborted) throw cancelledError(this.options.signal.reason);
  }

  /**
   * Called between units of work (a step, a series), with roughly how many points were touched
   * since the last call. Checks cancellation and the deadline now and then, and yields to the
   * event loop once the current slice has run for a while.
   */
  async checkpoint(work = 1): Promise<void> {
    this.work += work;
    if (this.work < CHECK_EVERY) return;
    this.work = 0;
    this.throwIfStopped();
    const now = Date.now();
    if (now > this.options.deadline) throw timeoutError();
    if (now - this.sliceStart >= SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.sliceStart = Date.now();
      this.throwIfStopped();
      if (this.sliceStart > this.options.deadline) throw timeoutError();
    }
  }
}
