/**
 * Number spellings of the exposition formats.
 *
 * Sample values use JavaScript's shortest round-trip spelling (as prom-client does), which every
 * Prometheus and OpenMetrics parser reads back to the same float64. Label values that carry numbers
 * (`le`, `quantile`) are part of a series' identity, so there we copy the reference implementation
 * byte for byte: client_golang's `strconv.FormatFloat(f, 'g', -1, 64)` for the text format and its
 * `writeOpenMetricsFloat` (the same plus a `.0` on integers) for OpenMetrics.
 */

/** A sample value: `NaN`, `+Inf`, `-Inf`, else the shortest decimal that round-trips. */
export function formatValue(value: number): string {
  // Integers in int32 range are the common case (counts, most counters): skip the other checks.
  if ((value | 0) === value) return `${value}`;
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return `${value}`;
}

/** A timestamp given in milliseconds since the epoch, written in seconds as OpenMetrics requires. */
export function formatSecondsFromMs(ms: number): string {
  return formatValue(ms / 1000);
}

/** Go's `strconv.FormatFloat(value, 'g', -1, 64)`: `0.005`, `1`, `1e+06`, `1e-05`, `NaN`, `+Inf`, `-Inf`. */
export function formatGoFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  // toExponential() without an argument gives the same shortest round-trip digits Go picks.
  const exponential = value.toExponential();
  const e = exponential.indexOf('e');
  const exponent = Number(exponential.slice(e + 1));
  // Go switches to %e when the exponent is < -4 or >= 6 (its precision for shortest 'g').
  if (exponent >= -4 && exponent < 6) return `${value}`;
  const sign = exponent < 0 ? '-' : '+';
  const digits = Math.abs(exponent);
  return `${exponential.slice(0, e)}e${sign}${digits < 10 ? '0' : ''}${digits}`;
}

/** client_golang's `writeOpenMetricsFloat`: Go's `%g`, with `.0` appended to integral values (`1.0`, `10.0`). */
export function formatOpenMetricsFloat(value: number): string {
  const text = formatGoFloat(value);
  if (!Number.isFinite(value)) return text;
  return text.includes('e') || text.includes('.') ? text : `${text}.0`;
}
