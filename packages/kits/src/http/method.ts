/**
 * HTTP method normalisation as OpenTelemetry's semantic conventions define it: a known method is
 * kept as sent (case-sensitive, so `get` is not `GET`), anything else becomes `_OTHER`, so a client
 * inventing methods cannot grow the label set.
 */

/** RFC 9110 methods plus PATCH (RFC 5789): OTel's default set (`OTEL_INSTRUMENTATION_HTTP_KNOWN_METHODS`). */
export const KNOWN_HTTP_METHODS: readonly string[] = Object.freeze([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'TRACE',
]);

/** The label value OTel prescribes for a method outside the known set. */
export const OTHER_METHOD = '_OTHER';
