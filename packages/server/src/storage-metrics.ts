import { Counter, Gauge, type Registry } from '@telemeter/core';
import type { DB } from '@telemeter/storage';

/**
 * The store's own figures as metrics of the server. Read from `db.stats()` just before each
 * self-scrape rather than updated on the append path, which must stay cheap.
 */
export class StorageMetrics {
  private readonly headSeries: Gauge;
  private readonly headSamples: Gauge;
  private readonly headMemory: Gauge;
  private readonly blocks: Gauge;
  private readonly diskBytes: Gauge;
  private readonly walBytes: Gauge;
  private readonly appended: Counter;
  private readonly rejected: Counter<readonly ['reason']>;
  private lastAppended = 0;
  private readonly lastRejected = new Map<string, number>();

  constructor(
    registry: Registry,
    private readonly db: DB,
  ) {
    const gauge = (name: string, help: string) => new Gauge({ name, help, registry });
    this.headSeries = gauge('telemeter_storage_head_series', 'Series in the in-memory head.');
    this.headSamples = gauge('telemeter_storage_head_samples', 'Samples in the in-memory head.');
    this.headMemory = gauge(
      'telemeter_storage_head_memory_bytes',
      "Estimated memory held by the head's series and chunks.",
    );
    this.blocks = gauge('telemeter_storage_blocks', 'Persistent blocks on disk.');
    this.diskBytes = gauge('telemeter_storage_disk_bytes', 'Bytes of blocks and WAL on disk.');
    this.walBytes = gauge('telemeter_storage_wal_bytes', 'Bytes of the write-ahead log.');
    this.appended = new Counter({
      name: 'telemeter_storage_samples_appended_total',
      help: 'Samples committed to the store since it was opened.',
      registry,
    });
    this.rejected = new Counter({
      name: 'telemeter_storage_samples_rejected_total',
      help: 'Samples the store refused, by reason (too_old, out_of_order, duplicate, invalid).',
      labelNames: ['reason'] as const,
      registry,
    });
  }

  refresh(): void {
    const stats = this.db.stats();
    this.headSeries.set(stats.head.numSeries);
    this.headSamples.set(stats.head.numSamples);
    this.headMemory.set(stats.head.memoryBytes);
    this.blocks.set(stats.numBlocks);
    this.diskBytes.set(stats.bytesOnDisk);
    this.walBytes.set(stats.wal.bytes);
    this.appended.inc(Math.max(0, stats.appends.appended - this.lastAppended));
    this.lastAppended = stats.appends.appended;
    for (const [reason, count] of Object.entries(stats.appends.rejected)) {
      const previous = this.lastRejected.get(reason) ?? 0;
      this.rejected.labels({ reason }).inc(Math.max(0, count - previous));
      this.lastRejected.set(reason, count);
    }
  }
}
