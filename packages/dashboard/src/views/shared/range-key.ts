// A string that changes exactly when the selected range does, for effect dependencies: the range
// object itself may be rebuilt on every render of the shell.
import type { TimeRange } from '../../data/time-range.js';

export function rangeKey(range: TimeRange): string {
  return range.kind === 'live' ? `live:${range.windowMs}` : `${range.startMs}-${range.endMs}`;
}
