// Integer parameters (`limit`, `limit_per_metric`) with Prometheus's defaults and wording.
import { goQuote } from '@telemeter/promql';
import { badData, invalidParam } from './errors.js';
import { parseGoInt } from './go-number.js';

/**
 * Prometheus's parseLimitParam for query, series and label endpoints: absent or empty is 0 (no
 * limit), otherwise a non-negative integer.
 */
export function limitParam(params: URLSearchParams, name = 'limit'): number {
  const text = params.get(name);
  if (text === null || text === '') return 0;
  const n = parseGoInt(text);
  if (n === undefined) {
    const why = /^[+-]?\d+$/.test(text) ? 'value out of range' : 'invalid syntax';
    throw invalidParam(name, `strconv.Atoi: parsing ${goQuote(text)}: ${why}`);
  }
  if (n < 0) throw invalidParam(name, `${name} must be non-negative`);
  return n;
}

/**
 * The metadata endpoints' limits: absent is -1 (no limit), otherwise any integer; anything else is
 * `<name> must be a number`.
 */
export function metadataLimitParam(params: URLSearchParams, name: string): number {
  const text = params.get(name);
  if (text === null || text === '') return -1;
  const n = parseGoInt(text);
  if (n === undefined) throw badData(`${name} must be a number`);
  return n;
}
