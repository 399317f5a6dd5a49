import { TelemeterError } from '@telemeter/core';

/**
 * `track()`, `run()` or the decorator was used on something it cannot track: a name that is not a
 * non-empty string, a value that is not a function, a decorator on a field or accessor. Thrown when
 * the wrapper is created, never when a tracked operation runs.
 */
export class InvalidOperationError extends TelemeterError {
  /** The operation name involved ('' when unknown). */
  readonly operation: string;
  constructor(operation: string, message: string) {
    super('TELEMETER_ERR_INVALID_OPERATION', message);
    this.operation = operation;
  }
}
