/**
 * What keeps the event loop alive. `getActiveResourcesInfo()` is the documented API (Node
 * >= 17.3) and names resources by async-resource type (`TCPWRAP`, `Timeout`, `FSReqCallback`);
 * `_getActiveHandles()` / `_getActiveRequests()` are the older, undocumented ones prom-client
 * reads for nodejs_active_handles / nodejs_active_requests, kept so existing dashboards work.
 * Each is optional: a runtime that lacks it simply does not get the metric.
 */
import type { Gauge } from '../gauge.js';
import { oncePerPass } from './once-per-pass.js';
import { labelledGauge, type RuntimeContext, type RuntimeGroup, valueGauge } from './runtime-context.js';

interface LegacyProcess {
  _getActiveHandles?: () => unknown[];
  _getActiveRequests?: () => unknown[];
}

export type CountReader = () => Map<string, number>;

/** Counts by `constructor.name` (`Socket`, `Server`, `Timeout`, `FSReqCallback`), as prom-client does. */
export function countByConstructorName(items: readonly unknown[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const name = (item as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    if (typeof name !== 'string' || name === '') continue;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

export function countStrings(items: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

function legacy(): LegacyProcess {
  return process as unknown as LegacyProcess;
}

export function activeHandlesReader(): CountReader | undefined {
  const get = legacy()._getActiveHandles;
  if (typeof get !== 'function') return undefined;
  return () => countByConstructorName(get.call(process));
}

export function activeRequestsReader(): CountReader | undefined {
  const get = legacy()._getActiveRequests;
  if (typeof get !== 'function') return undefined;
  return () => countByConstructorName(get.call(process));
}

export function activeResourcesReader(): CountReader | undefined {
  if (typeof process.getActiveResourcesInfo !== 'function') return undefined;
  return () => countStrings(process.getActiveResourcesInfo());
}

function totalOf(counts: Map<string, number>): number {
  let total = 0;
  for (const n of counts.values()) total += n;
  return total;
}

function pair(
  ctx: RuntimeContext,
  reader: CountReader | undefined,
  name: string,
  help: string,
  totalHelp: string,
): Gauge<readonly string[]>[] {
  if (reader === undefined) return [];
  const read = oncePerPass(reader);
  return [
    labelledGauge(ctx, name, help, 'type', read),
    valueGauge(ctx, `${name}_total`, totalHelp, () => totalOf(read())),
  ];
}

export function activeResourceMetrics(ctx: RuntimeContext): RuntimeGroup {
  return {
    metrics: [
      ...pair(
        ctx,
        activeResourcesReader(),
        'nodejs_active_resources',
        'Number of active resources that are currently keeping the event loop alive, grouped by async resource type.',
        'Total number of active resources.',
      ),
      ...pair(
        ctx,
        activeHandlesReader(),
        'nodejs_active_handles',
        'Number of active libuv handles grouped by handle type. Every handle type is C++ class name.',
        'Total number of active handles.',
      ),
      ...pair(
        ctx,
        activeRequestsReader(),
        'nodejs_active_requests',
        'Number of active libuv requests grouped by request type. Every request type is C++ class name.',
        'Total number of active requests.',
      ),
    ],
  };
}
