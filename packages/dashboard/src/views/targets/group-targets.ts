// Targets grouped by scrape pool, in the order a person scans them: pools by name, and inside a
// pool the unhealthy targets first, then by endpoint.
import type { ActiveTarget } from '@telemeter/server';

export interface TargetPool {
  readonly name: string;
  readonly targets: readonly ActiveTarget[];
  readonly up: number;
}

const HEALTH_ORDER: Record<string, number> = { down: 0, unknown: 1, up: 2 };

export function groupTargets(targets: readonly ActiveTarget[]): TargetPool[] {
  const pools = new Map<string, ActiveTarget[]>();
  for (const t of targets) {
    const list = pools.get(t.scrapePool);
    if (list === undefined) pools.set(t.scrapePool, [t]);
    else list.push(t);
  }
  return [...pools.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, list]) => ({
      name,
      up: list.filter((t) => t.health === 'up').length,
      targets: [...list].sort(
        (a, b) =>
          (HEALTH_ORDER[a.health] ?? 1) - (HEALTH_ORDER[b.health] ?? 1) ||
          (a.scrapeUrl < b.scrapeUrl ? -1 : a.scrapeUrl > b.scrapeUrl ? 1 : 0),
      ),
    }));
}
