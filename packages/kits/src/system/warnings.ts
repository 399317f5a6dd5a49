/** Warning codes of the system kit (never reused for another meaning). */
export const SYSTEM_WARNING_CODES = {
  /**
   * statfs() of a mountpoint failed or did not answer in time at collect time; it reports
   * node_filesystem_device_error 1. (A /proc file failing at collect time is reported by the
   * registry as TELEMETER_W_COLLECT_FAILED, once per metric left out.)
   */
  statfsFailed: 'TELEMETER_W_SYSTEM_STATFS_FAILED',
  /** On Linux, a /proc file was unreadable at start: its metrics fall back to `node:os` or are not registered. */
  unavailable: 'TELEMETER_W_SYSTEM_UNAVAILABLE',
} as const;

/** Emits each (code, key) warning at most once for the lifetime of a collector. */
export class OnceWarner {
  private readonly emitted = new Set<string>();

  warn(code: string, key: string, message: string): void {
    const id = `${code}\u0000${key}`;
    if (this.emitted.has(id)) return;
    this.emitted.add(id);
    process.emitWarning(message, { code });
  }
}
