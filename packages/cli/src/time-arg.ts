import { parseDuration } from './durations.js';

/**
 * A point in time for `--time`, as Unix seconds: `now`, `-5m` / `now-5m` (that long ago), Unix
 * seconds (`1700000000`, `1700000000.5`) or RFC 3339 (`2025-01-31T12:00:00Z`). Undefined when it
 * is none of these.
 */
export function parseTime(text: string, nowMs: number): number | undefined {
  const trimmed = text.trim();
  if (trimmed === 'now') return nowMs / 1000;
  const relative = /^(?:now)?-(.+)$/.exec(trimmed);
  if (relative) {
    const ago = parseDuration(relative[1]!);
    return ago === undefined ? undefined : (nowMs - ago) / 1000;
  }
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(trimmed)) {
    const ms = Date.parse(trimmed);
    return Number.isNaN(ms) ? undefined : ms / 1000;
  }
  return undefined;
}
