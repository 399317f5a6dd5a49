import { readdirSync, readFileSync } from 'node:fs';
import { parseMaxOpenFiles } from './proc-limits.js';
import { type RuntimeContext, type RuntimeGroup, valueGauge } from './runtime-context.js';

/**
 * Open file descriptors, from `/proc/self/fd`; `undefined` where there is no such directory
 * (any OS but Linux, or /proc not mounted).
 */
export function readOpenFds(): number | undefined {
  try {
    // readdir holds one descriptor open on the directory itself while it lists it.
    return readdirSync('/proc/self/fd').length - 1;
  } catch {
    return undefined;
  }
}

/** The soft `RLIMIT_NOFILE` (Infinity when unlimited), or `undefined` without `/proc/self/limits`. */
export function readMaxFds(): number | undefined {
  try {
    return parseMaxOpenFiles(readFileSync('/proc/self/limits', 'utf8'));
  } catch {
    return undefined;
  }
}

export function fileDescriptorMetrics(ctx: RuntimeContext): RuntimeGroup {
  const metrics = [];
  if (readOpenFds() !== undefined) {
    metrics.push(valueGauge(ctx, 'process_open_fds', 'Number of open file descriptors.', readOpenFds));
  }
  // Read at every scrape, not once as prom-client does: the limit can be raised at run time (prlimit).
  if (readMaxFds() !== undefined) {
    metrics.push(valueGauge(ctx, 'process_max_fds', 'Maximum number of open file descriptors.', readMaxFds));
  }
  return { metrics };
}
