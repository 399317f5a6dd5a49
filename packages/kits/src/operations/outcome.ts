/**
 * How an operation ended. Timeouts and cancellations are told apart from errors because they
 * mean different things on a dashboard: a timeout is the caller's deadline (or a dependency's)
 * passing, a cancellation is someone no longer wanting the result; neither is necessarily a bug.
 */

/** The `outcome` label values, in the order the tracker keeps them. */
export const OPERATION_OUTCOMES = Object.freeze(['success', 'error', 'timeout', 'cancelled'] as const);

export type OperationOutcome = (typeof OPERATION_OUTCOMES)[number];

/** Outcomes a thrown error can map to. */
export type FailureOutcome = Exclude<OperationOutcome, 'success'>;

/** Index of each outcome in the per-operation arrays (OperationState). */
export const OUTCOME_INDEX: Readonly<Record<OperationOutcome, number>> = Object.freeze({
  success: 0,
  error: 1,
  timeout: 2,
  cancelled: 3,
});

/** Causes followed when classifying; real chains are 1-3 deep, and a cycle must not loop forever. */
const MAX_CAUSE_DEPTH = 5;

function field(value: unknown, key: 'name' | 'code' | 'cause'): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * `TimeoutError` is what `AbortSignal.timeout()` aborts with (a DOMException) and the name p-timeout and
 * many clients use; `ETIMEDOUT`/`ESOCKETTIMEDOUT` are Node socket codes; undici (Node's fetch) uses
 * `UND_ERR_CONNECT_TIMEOUT`, `UND_ERR_HEADERS_TIMEOUT`, `UND_ERR_BODY_TIMEOUT`.
 */
function isTimeout(value: unknown): boolean {
  const name = field(value, 'name');
  if (typeof name === 'string' && name.endsWith('TimeoutError')) return true;
  const code = field(value, 'code');
  return typeof code === 'string' && (code.endsWith('TIMEOUT') || code.endsWith('TIMEDOUT'));
}

/** DOMException `AbortError` (fetch, AbortSignal) and Node's AbortError (`code: 'ABORT_ERR'`, timers, streams, fs). */
function isAbort(value: unknown): boolean {
  return field(value, 'name') === 'AbortError' || field(value, 'code') === 'ABORT_ERR';
}

/** Whether `error` is `reason` or has it in its cause chain (Node's AbortError carries the reason as `cause`). */
function causedBy(error: unknown, reason: unknown): boolean {
  let current = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current !== undefined; depth++) {
    if (current === reason) return true;
    current = field(current, 'cause');
  }
  return false;
}

/**
 * Classifies a thrown value: `timeout` for a TimeoutError (by `name`, or a `*TIMEOUT`/`*TIMEDOUT` code)
 * anywhere in the cause chain; `cancelled` for an AbortError; `error` otherwise. When `signal` is given,
 * is aborted and the error is its reason (or caused by it), the reason decides: a TimeoutError reason is a
 * timeout, any other reason a cancellation (so `controller.abort(new MyStop())` counts as cancelled).
 * Never throws: a value whose properties throw on access is an `error`.
 */
export function classifyFailure(error: unknown, signal?: AbortSignal | null): FailureOutcome {
  try {
    if (signal?.aborted === true && causedBy(error, signal.reason)) {
      return isTimeout(signal.reason) ? 'timeout' : 'cancelled';
    }
    let aborted = false;
    let current = error;
    for (let depth = 0; depth < MAX_CAUSE_DEPTH && current !== undefined; depth++) {
      if (isTimeout(current)) return 'timeout';
      if (isAbort(current)) aborted = true;
      current = field(current, 'cause');
    }
    return aborted ? 'cancelled' : 'error';
  } catch {
    return 'error';
  }
}

/** Whether `value` is one of the four outcomes (manual `end()` accepts only these). */
export function isOperationOutcome(value: unknown): value is OperationOutcome {
  return value === 'success' || value === 'error' || value === 'timeout' || value === 'cancelled';
}

/**
 * The AbortSignal a tracked call was given, if any: an argument that is an AbortSignal, or an object
 * argument with an own `signal` data property holding one (`fetch(url, { signal })`, the MCP SDK's
 * `extra.signal`). Own data properties only, so no getter of the caller's runs. Error path only.
 */
export function findSignal(args: ArrayLike<unknown>): AbortSignal | undefined {
  try {
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (arg === null || typeof arg !== 'object') continue;
      if (arg instanceof AbortSignal) return arg;
      const descriptor = Object.getOwnPropertyDescriptor(arg, 'signal');
      if (descriptor !== undefined && descriptor.value instanceof AbortSignal) return descriptor.value;
    }
  } catch {
    // A Proxy argument whose trap throws: no signal.
  }
  return undefined;
}
