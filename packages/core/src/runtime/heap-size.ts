import { oncePerPass } from './once-per-pass.js';
import { type RuntimeContext, type RuntimeGroup, valueGauge } from './runtime-context.js';

export interface HeapUsage {
  readonly heapTotalBytes: number;
  readonly heapUsedBytes: number;
  /** C++ objects bound to JS objects, including `arrayBuffersBytes`. */
  readonly externalBytes: number;
  /** ArrayBuffers and SharedArrayBuffers, including every Node.js Buffer. */
  readonly arrayBuffersBytes: number;
}

/** `undefined` when `process.memoryUsage()` fails, which it can on some platforms (prom-client #67). */
export function readHeapUsage(): HeapUsage | undefined {
  try {
    const usage = process.memoryUsage();
    return {
      heapTotalBytes: usage.heapTotal,
      heapUsedBytes: usage.heapUsed,
      externalBytes: usage.external,
      arrayBuffersBytes: usage.arrayBuffers,
    };
  } catch {
    return undefined;
  }
}

export function heapSizeMetrics(ctx: RuntimeContext): RuntimeGroup | undefined {
  if (readHeapUsage() === undefined) return undefined;
  const read = oncePerPass(readHeapUsage);
  return {
    metrics: [
      valueGauge(
        ctx,
        'nodejs_heap_size_total_bytes',
        'Process heap size from Node.js in bytes.',
        () => read()?.heapTotalBytes,
      ),
      valueGauge(
        ctx,
        'nodejs_heap_size_used_bytes',
        'Process heap size used from Node.js in bytes.',
        () => read()?.heapUsedBytes,
      ),
      valueGauge(
        ctx,
        'nodejs_external_memory_bytes',
        'Node.js external memory size in bytes.',
        () => read()?.externalBytes,
      ),
      valueGauge(
        ctx,
        'nodejs_array_buffers_bytes',
        'Memory allocated for ArrayBuffers and SharedArrayBuffers, including all Node.js Buffers, in bytes (part of nodejs_external_memory_bytes).',
        () => read()?.arrayBuffersBytes,
      ),
    ],
  };
}
