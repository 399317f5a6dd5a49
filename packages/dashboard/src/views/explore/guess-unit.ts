// A unit for the numbers of an ad-hoc query, read from the metric names' suffixes (the naming
// convention says a name ends in its unit), so "0.0042" shows as "4.2 ms" without asking.
import type { PanelUnit } from '../../dashboards/definition.js';

/** The unit the query's values are most likely in; 'none' when unsure. */
export function guessUnit(query: string): PanelUnit {
  // Label values inside {} could contain anything; only names count.
  const q = query.replace(/\{[^}]*\}/g, '').replace(/"[^"]*"/g, '');
  if (/\b(count|count_over_time|count_values|changes|resets|absent)\s*\(/.test(q)) return 'none';
  const isRate = /\b(rate|irate|increase)\s*\(/.test(q);
  if (/histogram_quantile\s*\(/.test(q)) {
    if (/_seconds_bucket\b/.test(q)) return 'seconds';
    if (/_bytes_bucket\b/.test(q)) return 'bytes';
    return 'none';
  }
  if (/_bytes_total\b/.test(q)) return isRate ? 'bytes_per_second' : 'bytes';
  if (/_bytes\b/.test(q)) return 'bytes';
  // rate(cpu_seconds_total) is seconds per second: a fraction of a core, not a duration.
  if (/_seconds_total\b/.test(q)) return 'none';
  if (/_seconds(_sum)?\b/.test(q)) return 'seconds';
  if (/_ratio\b/.test(q)) return 'ratio';
  if (isRate && /_(total|count)\b/.test(q)) return /\bincrease\s*\(/.test(q) ? 'count' : 'per_second';
  return 'none';
}
