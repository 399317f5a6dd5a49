/** Parser for Linux `/proc/self/limits`. */

// Columns are padded with runs of spaces; names ("Max open files") contain single spaces.
const COLUMN_SEPARATOR = / {2,}/;

/**
 * The soft limit on open files (`RLIMIT_NOFILE`), `Infinity` when it is "unlimited", or
 * `undefined` when the line is missing or unreadable.
 */
export function parseMaxOpenFiles(text: string): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith('Max open files')) continue;
    const soft = line.split(COLUMN_SEPARATOR)[1];
    if (soft === 'unlimited') return Number.POSITIVE_INFINITY;
    if (soft !== undefined && /^\d+$/.test(soft)) return Number(soft);
    return undefined;
  }
  return undefined;
}
