/** Block device I/O from /proc/diskstats, named as node_exporter's diskstats collector. */
import type { AnyMetric } from '@telemeter/core';
import { type SystemContext, scrapedCounter, scrapedGauge } from './family.js';
import type { DiskStats } from './parse-diskstats.js';

type Field = Exclude<keyof DiskStats, 'major' | 'minor' | 'device'>;

const FAMILIES: readonly { field: Field; name: string; help: string; gauge?: true }[] = [
  { field: 'readsCompleted', name: 'node_disk_reads_completed_total', help: 'Reads completed successfully.' },
  { field: 'readsMerged', name: 'node_disk_reads_merged_total', help: 'Adjacent reads merged into one.' },
  { field: 'readBytes', name: 'node_disk_read_bytes_total', help: 'Bytes read successfully.' },
  {
    field: 'readTimeSeconds',
    name: 'node_disk_read_time_seconds_total',
    help: 'Seconds spent by all reads (from issue to completion).',
  },
  {
    field: 'writesCompleted',
    name: 'node_disk_writes_completed_total',
    help: 'Writes completed successfully.',
  },
  { field: 'writesMerged', name: 'node_disk_writes_merged_total', help: 'Adjacent writes merged into one.' },
  { field: 'writtenBytes', name: 'node_disk_written_bytes_total', help: 'Bytes written successfully.' },
  {
    field: 'writeTimeSeconds',
    name: 'node_disk_write_time_seconds_total',
    help: 'Seconds spent by all writes (from issue to completion).',
  },
  { field: 'ioNow', name: 'node_disk_io_now', help: 'I/Os currently in progress.', gauge: true },
  {
    field: 'ioTimeSeconds',
    name: 'node_disk_io_time_seconds_total',
    help: 'Seconds the device had I/O in flight (rate() is its utilization, 0-1).',
  },
  {
    field: 'ioTimeWeightedSeconds',
    name: 'node_disk_io_time_weighted_seconds_total',
    help: 'Seconds spent doing I/Os weighted by the I/Os in flight (rate() is the average queue size).',
  },
  {
    field: 'discardsCompleted',
    name: 'node_disk_discards_completed_total',
    help: 'Discards completed successfully.',
  },
  {
    field: 'discardsMerged',
    name: 'node_disk_discards_merged_total',
    help: 'Adjacent discards merged into one.',
  },
  {
    field: 'discardedSectors',
    name: 'node_disk_discarded_sectors_total',
    help: '512-byte sectors discarded.',
  },
  {
    field: 'discardTimeSeconds',
    name: 'node_disk_discard_time_seconds_total',
    help: 'Seconds spent by all discards.',
  },
  {
    field: 'flushRequests',
    name: 'node_disk_flush_requests_total',
    help: 'Flush requests completed successfully.',
  },
  {
    field: 'flushTimeSeconds',
    name: 'node_disk_flush_requests_time_seconds_total',
    help: 'Seconds spent by all flush requests.',
  },
];

/**
 * @param read the devices that pass the filter, read once per scrape (throws when unreadable).
 * @param initial every device of the first reading: a family is registered when the kernel prints
 * its column (discards since Linux 4.18, flushes since 5.5).
 */
export function diskMetrics(
  ctx: SystemContext,
  read: () => readonly DiskStats[],
  initial: readonly DiskStats[],
): AnyMetric[] {
  return FAMILIES.filter(
    ({ field }) => field === 'readBytes' || initial.some((disk) => disk[field] !== undefined),
  ).map(({ field, name, help, gauge }) => {
    const spec = {
      name,
      help,
      labelNames: ['device'],
      fill(write: (labelValues: readonly string[], value: number) => void) {
        for (const disk of read()) {
          const value = disk[field];
          if (value !== undefined) write([disk.device], value);
        }
      },
    };
    return gauge ? scrapedGauge(ctx, spec) : scrapedCounter(ctx, spec);
  });
}
