/**
 * Bounded error labels. A label value is a class of error, never a message: messages carry ids,
 * paths and user input, so every distinct one would be a new series.
 */

/**
 * `error_type` of a thrown non-Error (a string, a number, undefined), of `end('error')` without an
 * error, and of a method or status outside the known set: OpenTelemetry's `_OTHER`.
 */
export const OTHER_ERROR_TYPE = '_OTHER';

/** Longer values are cut: a class name or code is short, anything longer is probably not one. */
const MAX_ERROR_TYPE_LENGTH = 64;

/** Names that say nothing a constructor or code would not say better. */
const GENERIC_NAMES = new Set(['', 'Error', 'Object']);

function bounded(value: string): string {
  return value.length <= MAX_ERROR_TYPE_LENGTH ? value : value.slice(0, MAX_ERROR_TYPE_LENGTH);
}

/**
 * The error's type for the `error_type` label (OpenTelemetry's `error.type`), in order of
 * preference: a string `code` (`ECONNREFUSED`, `UND_ERR_SOCKET`, `TELEMETER_ERR_INVALID_CONFIG`);
 * a specific `name` (`TypeError`, DOMException's `AbortError`, `TimeoutError`); the constructor's
 * name (`class QuotaError extends Error` without a `name`); an integer `code` (`503`, a gRPC
 * status) — after the name because DOMException carries legacy numeric codes; `Error` for any
 * other Error; `_OTHER` for everything else. Never throws.
 */
export function errorTypeOf(error: unknown): string {
  if (error === null || (typeof error !== 'object' && typeof error !== 'function')) return OTHER_ERROR_TYPE;
  try {
    const { code, name } = error as { code?: unknown; name?: unknown };
    if (typeof code === 'string' && code !== '') return bounded(code);
    if (typeof name === 'string' && !GENERIC_NAMES.has(name)) return bounded(name);
    const ctor = (error as { constructor?: unknown }).constructor;
    const ctorName = typeof ctor === 'function' ? ctor.name : undefined;
    if (typeof ctorName === 'string' && !GENERIC_NAMES.has(ctorName)) return bounded(ctorName);
    if (typeof code === 'number' && Number.isSafeInteger(code)) return String(code);
    return error instanceof Error ? 'Error' : OTHER_ERROR_TYPE;
  } catch {
    return OTHER_ERROR_TYPE;
  }
}

// Node's codes are E* (errno) and ERR_* (argument errors).
const NODE_ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * The `code` label of a failed Node call (file system, spawn): the error's Node-style `code`
 * (`ENOENT`, `ERR_INVALID_ARG_TYPE`), else `unknown`.
 */
export function nodeErrorCode(error: unknown): string {
  const raw = (error as { code?: unknown } | null)?.code;
  return typeof raw === 'string' && NODE_ERROR_CODE.test(raw) ? raw : 'unknown';
}
