import { readFileSync } from 'node:fs';
import { oncePerPass } from './once-per-pass.js';
import { type ProcStatus, parseProcStatus } from './proc-status.js';
import { type RuntimeContext, type RuntimeGroup, valueGauge } from './runtime-context.js';

/**
 * Resident, virtual and data-segment sizes. On Linux all three come from `/proc/self/status`
 * (a read of kernel memory that never blocks on disk); elsewhere only the resident size is
 * known, from `process.memoryUsage.rss()`, and the other fields are absent.
 */
export function readProcessMemory(): ProcStatus {
  if (process.platform === 'linux') {
    try {
      return parseProcStatus(readFileSync('/proc/self/status', 'utf8'));
    } catch {
      // /proc not mounted (some sandboxes): fall through to what libuv can tell us.
    }
  }
  try {
    return { residentBytes: process.memoryUsage.rss() };
  } catch {
    return {};
  }
}

export function processMemoryMetrics(ctx: RuntimeContext): RuntimeGroup {
  const available = readProcessMemory();
  const read = oncePerPass(readProcessMemory);
  const metrics = [];
  // Only what this platform can report is registered (prom-client does the same off Linux).
  if (available.residentBytes !== undefined) {
    metrics.push(
      valueGauge(
        ctx,
        'process_resident_memory_bytes',
        'Resident memory size in bytes.',
        () => read().residentBytes,
      ),
    );
  }
  if (available.virtualBytes !== undefined) {
    metrics.push(
      valueGauge(
        ctx,
        'process_virtual_memory_bytes',
        'Virtual memory size in bytes.',
        () => read().virtualBytes,
      ),
    );
  }
  if (available.dataBytes !== undefined) {
    metrics.push(
      valueGauge(ctx, 'process_heap_bytes', 'Process heap size in bytes.', () => read().dataBytes),
    );
  }
  return { metrics };
}
