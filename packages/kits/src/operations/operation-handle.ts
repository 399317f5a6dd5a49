/**
 * The manual form, for work that does not fit one function call: a step that starts in one
 * callback and ends in another, a queue item, a request across event handlers.
 */
import type { OperationState } from './operation-state.js';
import { isOperationOutcome, type OperationOutcome } from './outcome.js';

/** One started operation; end it exactly once (further `end()`/`fail()` calls are ignored). */
export class OperationHandle {
  /** The operation name as recorded (`__overflow__` past the tracker's `maxOperations`). */
  readonly operation: string;
  private readonly state: OperationState | null;
  private readonly start: number;
  private readonly signal: AbortSignal | undefined;
  private seconds = -1;

  /** @internal Created by `tracker.begin()`; `state` null records nothing (unregistered tracker, telemetry disabled). */
  constructor(state: OperationState | null, operation: string, signal: AbortSignal | undefined) {
    this.state = state;
    this.operation = operation;
    this.signal = signal;
    this.start = state === null ? performance.now() : state.begin();
  }

  /** Whether end() or fail() was called. */
  get ended(): boolean {
    return this.seconds >= 0;
  }

  /**
   * Records the outcome (default `success`) and returns the seconds since `begin()`. For `error`,
   * `error` gives the `error_type` (`_OTHER` without one). An unknown outcome string is recorded as
   * `error`. Idempotent: later calls record nothing and return the first call's duration.
   */
  end(outcome: OperationOutcome = 'success', error?: unknown): number {
    if (this.seconds >= 0) return this.seconds;
    const known = isOperationOutcome(outcome) ? outcome : 'error';
    this.seconds =
      this.state === null
        ? (performance.now() - this.start) / 1000
        : this.state.finish(this.start, known, error);
    return this.seconds;
  }

  /**
   * Ends with the outcome `error` classifies to (timeout, cancelled, or error with its error_type), as
   * a tracked function that threw it would; the signal given to `begin()` is taken into account.
   */
  fail(error: unknown): number {
    if (this.seconds >= 0) return this.seconds;
    this.seconds =
      this.state === null
        ? (performance.now() - this.start) / 1000
        : this.state.fail(this.start, error, this.signal);
    return this.seconds;
  }
}
