/** Network interface counters from /proc/net/dev, named as node_exporter's netdev collector. */
import type { AnyMetric } from '@telemeter/core';
import { type SystemContext, scrapedCounter } from './family.js';
import type { NetDevStats } from './parse-net-dev.js';

type Field = Exclude<keyof NetDevStats, 'device'>;

// The four columns per direction dashboards use; fifo/frame/colls/carrier/compressed/multicast
// are rarely charted and would add six families per scrape.
const FAMILIES: readonly { field: Field; name: string; help: string }[] = [
  { field: 'receiveBytes', name: 'node_network_receive_bytes_total', help: 'Bytes received.' },
  { field: 'receivePackets', name: 'node_network_receive_packets_total', help: 'Packets received.' },
  { field: 'receiveErrs', name: 'node_network_receive_errs_total', help: 'Receive errors.' },
  { field: 'receiveDrop', name: 'node_network_receive_drop_total', help: 'Received packets dropped.' },
  { field: 'transmitBytes', name: 'node_network_transmit_bytes_total', help: 'Bytes transmitted.' },
  { field: 'transmitPackets', name: 'node_network_transmit_packets_total', help: 'Packets transmitted.' },
  { field: 'transmitErrs', name: 'node_network_transmit_errs_total', help: 'Transmit errors.' },
  { field: 'transmitDrop', name: 'node_network_transmit_drop_total', help: 'Packets dropped on transmit.' },
];

/** @param read the interfaces that pass the filter, read once per scrape (throws when unreadable). */
export function networkMetrics(ctx: SystemContext, read: () => readonly NetDevStats[]): AnyMetric[] {
  return FAMILIES.map(({ field, name, help }) =>
    scrapedCounter(ctx, {
      name,
      help,
      labelNames: ['device'],
      fill(write) {
        for (const stats of read()) {
          const value = stats[field];
          if (value !== undefined) write([stats.device], value);
        }
      },
    }),
  );
}
