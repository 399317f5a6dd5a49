// Pieces of the append policy (docs/design/storage-api.md, "head/") shared by the appender and
// WAL replay.

import type { RejectReason } from '../types.js';
import { isStaleNaN } from '../value.js';

/**
 * Largest |t| accepted. XOR chunks keep timestamps exact while |t| < 2^51 and a batch record needs
 * every timestamp within 2^52 of the first, so anything beyond is `invalid` rather than silently
 * rounded. 2^51 ms is about 71,000 years either side of 1970.
 */
export const MAX_ABS_TIMESTAMP = 2 ** 51 - 1;

/** True for an integer timestamp in [-MAX_ABS_TIMESTAMP, MAX_ABS_TIMESTAMP] (false for NaN). */
export function isValidTimestamp(t: number): boolean {
  return t >= -MAX_ABS_TIMESTAMP && t <= MAX_ABS_TIMESTAMP && Math.floor(t) === t;
}

/**
 * Same value for the idempotent re-send rule: identical bits, except that all NaNs other than the
 * stale marker count as one value (storage does not promise to keep their payloads).
 */
export function sameValue(a: number, b: number): boolean {
  if (Number.isNaN(a)) return Number.isNaN(b) && isStaleNaN(a) === isStaleNaN(b);
  return Object.is(a, b);
}

export function emptyRejections(): Record<RejectReason, number> {
  return { out_of_order: 0, duplicate: 0, too_old: 0, invalid: 0 };
}
