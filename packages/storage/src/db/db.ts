import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Block, openBlock } from '../block/block.js';
import { StorageError } from '../errors.js';
import { Head } from '../head/head.js';
import { createQuerier } from '../querier/querier.js';
import type {
  Appender,
  BlockMeta,
  BlockReader,
  LabelMatcher,
  MetricMetadata,
  Querier,
  SelectHints,
  Series,
} from '../types.js';
import { Wal } from '../wal/wal.js';
import { checkDataDirFormat } from './format.js';
import { DirectoryLock } from './lock.js';
import { type DeletionLog, maintenanceIdle, runMaintenance } from './maintenance.js';
import { type DBOptions, type ResolvedDBOptions, resolveOptions } from './options.js';
import { writeSnapshot } from './snapshot.js';
import { collectStats, type DBStats } from './stats.js';

const BLOCK_DIR = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * An open data directory: the WAL-backed head plus the persisted blocks, with a background loop
 * that cuts the head into blocks, compacts, downsamples and applies retention.
 *
 * Reads are synchronous; a querier pins the blocks it was opened on, so a compaction that replaces
 * them deletes the old directories only after every querier using them is closed.
 */
export class DB {
  readonly dir: string;
  readonly options: ResolvedDBOptions;
  /** @internal */ readonly head: Head;
  /** @internal */ readonly wal: Wal;
  /** @internal */ blocks: Block[];
  private readonly lock: DirectoryLock;
  private readonly pins = new Map<Block, number>();
  private readonly retired = new Set<Block>();
  private timer: NodeJS.Timeout | undefined;
  private maintenance: Promise<void> | undefined;
  private closed = false;
  /** @internal Set while maintenance writes a block that will replace current ones (maintenance.ts). */
  deletionLog: DeletionLog | undefined;

  private constructor(
    dir: string,
    options: ResolvedDBOptions,
    lock: DirectoryLock,
    wal: Wal,
    head: Head,
    blocks: Block[],
  ) {
    this.dir = dir;
    this.options = options;
    this.lock = lock;
    this.wal = wal;
    this.head = head;
    this.blocks = blocks;
  }

  /** Opens (creating if needed) a data directory; replays the WAL, repairing a torn tail. */
  static open(dir: string, options: DBOptions = {}): DB {
    const resolved = resolveOptions(options);
    mkdirSync(dir, { recursive: true });
    const lock = DirectoryLock.acquire(dir);
    try {
      checkDataDirFormat(dir);
      const blocks = openBlocks(join(dir, 'blocks'), resolved);
      const wal = Wal.open(join(dir, 'wal'), {
        segmentBytes: resolved.walSegmentBytes,
        fsync: resolved.fsync,
        fsyncIntervalMs: resolved.fsyncIntervalMs,
        logger: resolved.logger,
      });
      const head = new Head({
        wal,
        samplesPerChunk: resolved.samplesPerChunk,
        oooWindowMs: resolved.outOfOrderWindowMs,
        logger: resolved.logger,
        // Full head chunks live on disk, as Prometheus's chunks_head/ (head/chunk-store.ts).
        chunksDir: join(dir, 'chunks_head'),
      });
      // Samples the blocks already hold are skipped by replay: a crash between writing a block and
      // truncating the WAL would otherwise load them into the head a second time.
      const newestBlockEnd = blocks.reduce(
        (max, b) => (b.meta.resolutionMs === 0 ? Math.max(max, b.meta.maxTime) : max),
        Number.NEGATIVE_INFINITY,
      );
      if (Number.isFinite(newestBlockEnd)) head.setMinValidTime(newestBlockEnd);
      try {
        head.replay();
      } catch (err) {
        head.close();
        throw err;
      }
      const db = new DB(dir, resolved, lock, wal, head, blocks);
      if (resolved.compactionIntervalMs > 0) {
        db.timer = setInterval(
          () =>
            void db
              .compact()
              .catch((err) =>
                resolved.logger.warn(`background compaction failed: ${(err as Error).message}`),
              ),
          resolved.compactionIntervalMs,
        );
        db.timer.unref();
      }
      return db;
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageError('TM_STORAGE_CLOSED', `data directory ${this.dir} is closed`);
  }

  /** A batch of samples; nothing is visible or durable until `commit()`. */
  appender(): Appender {
    this.assertOpen();
    return this.head.appender();
  }

  /** Reads samples in [mint, maxt] from the blocks and the head; close it when done. */
  querier(mint: number, maxt: number): Querier {
    this.assertOpen();
    const readers: BlockReader[] = this.blocks.filter((b) => b.meta.maxTime > mint && b.meta.minTime <= maxt);
    for (const b of readers as Block[]) this.pins.set(b, (this.pins.get(b) ?? 0) + 1);
    readers.push(this.head);
    const inner = createQuerier(readers, mint, maxt);
    let open = true;
    return {
      minTime: inner.minTime,
      maxTime: inner.maxTime,
      select: (matchers: readonly LabelMatcher[], hints?: SelectHints): Series[] =>
        inner.select(matchers, hints),
      labelNames: (matchers?: readonly LabelMatcher[]) => inner.labelNames(matchers),
      labelValues: (name: string, matchers?: readonly LabelMatcher[]) => inner.labelValues(name, matchers),
      close: () => {
        if (!open) return;
        open = false;
        inner.close();
        for (const r of readers) if (r !== this.head) this.unpin(r as Block);
      },
    };
  }

  private unpin(block: Block): void {
    const n = (this.pins.get(block) ?? 1) - 1;
    if (n > 0) {
      this.pins.set(block, n);
      return;
    }
    this.pins.delete(block);
    if (this.retired.has(block)) this.dropBlockFiles(block);
  }

  /** @internal Swaps the block list; blocks no longer listed are deleted once no querier pins them. */
  replaceBlocks(added: readonly Block[], removed: readonly Block[]): void {
    const gone = new Set(removed);
    this.blocks = [...this.blocks.filter((b) => !gone.has(b)), ...added].sort(
      (a, b) => a.meta.minTime - b.meta.minTime || a.meta.resolutionMs - b.meta.resolutionMs,
    );
    for (const b of removed) {
      if (this.pins.has(b)) this.retired.add(b);
      else this.dropBlockFiles(b);
    }
  }

  private dropBlockFiles(block: Block): void {
    this.retired.delete(block);
    block.close();
    removeBlockDir(block.dir);
  }

  /** Label names across the whole store (or the series matching `matchers`). */
  labelNames(
    matchers?: readonly LabelMatcher[],
    mint = Number.MIN_SAFE_INTEGER,
    maxt = Number.MAX_SAFE_INTEGER,
  ): string[] {
    const q = this.querier(mint, maxt);
    try {
      return q.labelNames(matchers);
    } finally {
      q.close();
    }
  }

  labelValues(
    name: string,
    matchers?: readonly LabelMatcher[],
    mint = Number.MIN_SAFE_INTEGER,
    maxt = Number.MAX_SAFE_INTEGER,
  ): string[] {
    const q = this.querier(mint, maxt);
    try {
      return q.labelValues(name, matchers);
    } finally {
      q.close();
    }
  }

  /** Type, help and unit per metric name, as the last appender set them. */
  metadata(metricName?: string): Map<string, MetricMetadata> {
    const all = this.head.metadata();
    if (metricName === undefined) return new Map(all);
    const one = all.get(metricName);
    return one === undefined ? new Map() : new Map([[metricName, one]]);
  }

  /**
   * Deletes the matching series' samples in [mint, maxt] (tombstones now; compaction removes
   * the bytes later). Resolves when the deletion is durable.
   */
  async deleteSeries(
    matchers: readonly LabelMatcher[],
    mint = Number.MIN_SAFE_INTEGER,
    maxt = Number.MAX_SAFE_INTEGER,
  ): Promise<void> {
    this.assertOpen();
    if (matchers.length === 0)
      throw new StorageError('TM_STORAGE_INVALID_MATCHER', 'deleteSeries needs at least one matcher');
    for (const b of this.blocks) {
      if (b.meta.maxTime > mint && b.meta.minTime <= maxt) b.delete(matchers, mint, maxt);
    }
    // A block being written from these blocks or the head may have read them before this: it gets
    // the deletion before it replaces them, and only then is the deletion durable everywhere.
    const carried = this.deletionLog?.record(matchers, mint, maxt);
    await this.head.deleteSeries(matchers, mint, maxt);
    await carried;
  }

  /** Counts and sizes of everything stored. */
  stats(): DBStats {
    return collectStats(this);
  }

  /**
   * Cuts the head into blocks when it spans more than 1.5 block ranges, compacts, downsamples and
   * applies retention. Runs on a timer too; concurrent calls share one run. `flushHead` writes all
   * of the head to blocks (before a backup or a shutdown for good); later samples must be newer.
   */
  async compact(options: { flushHead?: boolean } = {}): Promise<void> {
    this.assertOpen();
    // Passes queue behind each other (maintenance.ts `exclusively`), so a flush simply waits its turn.
    if (options.flushHead) return runMaintenance(this, true);
    if (this.maintenance === undefined) {
      this.maintenance = runMaintenance(this, false).finally(() => {
        this.maintenance = undefined;
      });
    }
    return this.maintenance;
  }

  /** Writes a consistent copy of the data (blocks hard-linked, head written as a block) to `target`. */
  async snapshot(target: string, options: { withHead?: boolean } = {}): Promise<BlockMeta[]> {
    this.assertOpen();
    return writeSnapshot(this, target, options.withHead ?? true);
  }

  /** Flushes the WAL, stops the background loop and releases the directory. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer) clearInterval(this.timer);
    await maintenanceIdle(this);
    this.closed = true;
    await this.wal.close();
    this.head.close();
    for (const b of this.blocks) b.close();
    for (const b of this.retired) b.close();
    this.lock.release();
  }
}

function openBlocks(dir: string, options: ResolvedDBOptions): Block[] {
  mkdirSync(dir, { recursive: true });
  const blocks: Block[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name.endsWith('.tmp') || name.endsWith('.tmp-for-deletion')) {
      // A compaction or head cut that did not finish: its inputs are still in place.
      rmSync(path, { recursive: true, force: true });
      continue;
    }
    if (!BLOCK_DIR.test(name)) continue;
    blocks.push(openBlock(path));
  }
  // A crash between writing a compacted block and deleting its inputs leaves both. Sources are the
  // level-1 blocks a block was made from, so a block whose sources another block of the same
  // resolution covers (and exceeds) is redundant.
  const kept = blocks.filter((b) => {
    const mine = b.meta.compaction.sources;
    const covered = blocks.some(
      (o) =>
        o !== b &&
        o.meta.resolutionMs === b.meta.resolutionMs &&
        o.meta.compaction.sources.length > mine.length &&
        mine.every((s) => o.meta.compaction.sources.includes(s)),
    );
    if (!covered) return true;
    options.logger.warn(`removing block ${b.meta.ulid}: its data was already compacted into a newer block`);
    b.close();
    removeBlockDir(b.dir);
    return false;
  });
  return kept.sort((a, b) => a.meta.minTime - b.meta.minTime || a.meta.resolutionMs - b.meta.resolutionMs);
}

/**
 * A block is renamed out of the way before its files go, so a crash half-way through the removal
 * leaves a `.tmp-for-deletion` directory (cleaned up at the next open), never a block with files missing.
 */
function removeBlockDir(dir: string): void {
  const doomed = `${dir}.tmp-for-deletion`;
  renameSync(dir, doomed);
  rmSync(doomed, { recursive: true, force: true });
}

export function openDB(dir: string, options?: DBOptions): DB {
  return DB.open(dir, options);
}
