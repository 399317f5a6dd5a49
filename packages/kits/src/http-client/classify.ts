/**
 * Bounded label values for outgoing requests, following OpenTelemetry's HTTP semantic conventions:
 * statuses become a class (or an in-range code). Methods (shared/http-method.ts) and errors
 * (shared/error-type.ts) are normalised by the helpers every kit shares.
 */

/** Label value for a status outside the known, bounded set (OTel's `_OTHER`). */
export const OTHER = '_OTHER';

export type StatusLabelKind = 'class' | 'code';

const CLASSES = ['', '1xx', '2xx', '3xx', '4xx', '5xx'];

/** `2xx`-style class, or the exact code with `kind: 'code'`; `_OTHER` outside 100-599. */
export function statusLabel(status: number, kind: StatusLabelKind): string {
  if (!Number.isInteger(status) || status < 100 || status > 599) return OTHER;
  return kind === 'code' ? String(status) : CLASSES[(status / 100) | 0]!;
}

/**
 * Whether the caller gave up on the request (AbortController, `req.destroy()` without an error) rather
 * than the request failing. A timeout (`TimeoutError`, `UND_ERR_*_TIMEOUT`) is a failure, not an abort.
 */
export function isAbort(type: string): boolean {
  return type === 'AbortError' || type === 'ABORT_ERR' || type === 'UND_ERR_ABORTED';
}
