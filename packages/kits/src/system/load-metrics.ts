/** Load averages (node_exporter's loadavg collector), from /proc/loadavg or `os.loadavg()`. */
import type { AnyMetric } from '@telemeter/core';
import { type SystemContext, scrapedGauge } from './family.js';
import type { LoadAverage } from './parse-loadavg.js';

const FAMILIES = [
  { key: 'load1', name: 'node_load1', help: '1m load average.' },
  { key: 'load5', name: 'node_load5', help: '5m load average.' },
  { key: 'load15', name: 'node_load15', help: '15m load average.' },
] as const;

/** @param read throws when the load average cannot be read. */
export function loadMetrics(ctx: SystemContext, read: () => LoadAverage): AnyMetric[] {
  return FAMILIES.map(({ key, name, help }) =>
    scrapedGauge(ctx, {
      name,
      help,
      fill(write) {
        write([], read()[key]);
      },
    }),
  );
}
