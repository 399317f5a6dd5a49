// Errors raised while evaluating a query. Each carries a stable code callers can branch on; codes are
// only ever added to. Messages follow Prometheus's wording, which clients and test scripts compare.

export type PromQLErrorCode =
  /** The query ran longer than the engine's timeout. */
  | 'TM_PROMQL_TIMEOUT'
  /** The caller's AbortSignal fired. */
  | 'TM_PROMQL_CANCELLED'
  /** The query would have held more samples in memory than the engine's maxSamples. */
  | 'TM_PROMQL_TOO_MANY_SAMPLES'
  /** Evaluation failed: many-to-many matching, duplicate series, an invalid argument value, ... */
  | 'TM_PROMQL_EXECUTION'
  /** The query cannot run as asked: a range query over a range vector, a bad step or time range. */
  | 'TM_PROMQL_BAD_QUERY'
  /** The query needs something this engine does not support (native histograms, `info()`). */
  | 'TM_PROMQL_UNSUPPORTED'
  /** The storage failed while the query read from it. */
  | 'TM_PROMQL_STORAGE';

export class PromQLError extends Error {
  readonly code: PromQLErrorCode;
  constructor(code: PromQLErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PromQLError';
    this.code = code;
  }
}

/** An evaluation error worded like Prometheus's `ev.errorf(...)`. */
export function executionError(message: string): PromQLError {
  return new PromQLError('TM_PROMQL_EXECUTION', message);
}

export function tooManySamplesError(): PromQLError {
  return new PromQLError(
    'TM_PROMQL_TOO_MANY_SAMPLES',
    'query processing would load too many samples into memory in query execution',
  );
}

export function timeoutError(): PromQLError {
  return new PromQLError('TM_PROMQL_TIMEOUT', 'query timed out in expression evaluation');
}

export function cancelledError(reason?: unknown): PromQLError {
  return new PromQLError('TM_PROMQL_CANCELLED', 'query was canceled in expression evaluation', {
    cause: reason,
  });
}
