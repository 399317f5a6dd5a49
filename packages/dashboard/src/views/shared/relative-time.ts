// "3 s ago": how long ago a moment was, in the largest unit that reads naturally.

/** Go's zero time, which Prometheus (and telemeter) report before the first scrape. */
const GO_ZERO_TIME_MS = Date.parse('0001-01-01T00:00:00Z');

/** "never" for a missing or zero time, else "just now", "3 s ago", "5 min ago", "2 h ago", "4 d ago". */
export function timeAgo(timeMs: number | undefined, nowMs: number): string {
  if (timeMs === undefined || !Number.isFinite(timeMs) || timeMs <= GO_ZERO_TIME_MS) return 'never';
  const seconds = Math.round((nowMs - timeMs) / 1000);
  if (seconds < 1) return 'just now';
  if (seconds < 120) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}
