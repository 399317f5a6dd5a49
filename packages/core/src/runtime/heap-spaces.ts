import { getHeapSpaceStatistics } from 'node:v8';
import { oncePerPass } from './once-per-pass.js';
import { labelledGauge, type RuntimeContext, type RuntimeGroup } from './runtime-context.js';

export interface HeapSpace {
  /** V8's space name without the `_space` suffix, as prom-client labels it: `new`, `old`, `code`, … */
  readonly space: string;
  readonly totalBytes: number;
  readonly usedBytes: number;
  readonly availableBytes: number;
}

export function heapSpaceLabel(spaceName: string): string {
  return spaceName.endsWith('_space') ? spaceName.slice(0, -'_space'.length) : spaceName;
}

export function readHeapSpaces(): HeapSpace[] {
  return getHeapSpaceStatistics().map((s) => ({
    space: heapSpaceLabel(s.space_name),
    totalBytes: s.space_size,
    usedBytes: s.space_used_size,
    availableBytes: s.space_available_size,
  }));
}

/** `undefined` where V8 heap-space statistics are not available (Bun throws ERR_NOT_IMPLEMENTED). */
export function heapSpaceMetrics(ctx: RuntimeContext): RuntimeGroup | undefined {
  try {
    if (readHeapSpaces().length === 0) return undefined;
  } catch {
    return undefined;
  }
  const read = oncePerPass(readHeapSpaces);
  const gauge = (kind: 'total' | 'used' | 'available', pick: (s: HeapSpace) => number) =>
    labelledGauge(
      ctx,
      `nodejs_heap_space_size_${kind}_bytes`,
      `Process heap space size ${kind} from Node.js in bytes.`,
      'space',
      () => read().map((s) => [s.space, pick(s)] as const),
    );
  return {
    metrics: [
      gauge('total', (s) => s.totalBytes),
      gauge('used', (s) => s.usedBytes),
      gauge('available', (s) => s.availableBytes),
    ],
  };
}
