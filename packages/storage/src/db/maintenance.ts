import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Block, openBlock } from '../block/block.js';
import { compactBlocks } from '../compact/compact.js';
import { planCompaction } from '../compact/plan.js';
import { downsampleBlock } from '../downsample/downsample.js';
import type { Head } from '../head/head.js';
import type { BlockMeta, BlockReader, IndexReader, LabelMatcher } from '../types.js';
import type { DB } from './db.js';

/**
 * One pass of the background work, in the order Prometheus's db.reload does it: persist the head,
 * merge small blocks into bigger ones, roll old raw data up, then drop what retention no longer
 * keeps. Each step leaves the directory valid if the process dies in the middle of it.
 *
 * Block writing runs in slices (block/write-block.ts writeBlockAsync), so appends, commits and
 * queries go on meanwhile; passes (and snapshots) of one DB run one at a time.
 */
export function runMaintenance(db: DB, flushHead: boolean): Promise<void> {
  return exclusively(db, async () => {
    await cutHead(db, flushHead);
    await compactBlockGroups(db);
    await downsampleOldBlocks(db);
    applyRetention(db);
  });
}

const running = new WeakMap<DB, Promise<unknown>>();

/**
 * Runs `work` after every earlier maintenance pass or snapshot of `db` has ended: two passes at
 * once would compact the same blocks twice, and a head cut during a snapshot would truncate head
 * data the snapshot has not written yet.
 */
export function exclusively<T>(db: DB, work: () => Promise<T>): Promise<T> {
  const previous = running.get(db) ?? Promise.resolve();
  const next = previous.then(work, work);
  running.set(
    db,
    next.catch(() => {}),
  );
  return next;
}

/** Resolves once every maintenance pass and snapshot of `db` started so far has ended. */
export function maintenanceIdle(db: DB): Promise<void> {
  return (running.get(db) ?? Promise.resolve()).then(() => {});
}

/**
 * Deletions made while a maintenance step writes a block that will replace the current ones. The
 * step read the tombstones when it started, so `db.deleteSeries` records what comes later here
 * and the step applies it to the new block before that block takes the old ones' place.
 */
export class DeletionLog {
  private readonly entries: { matchers: readonly LabelMatcher[]; mint: number; maxt: number }[] = [];
  private settle!: () => void;
  private readonly settled = new Promise<void>((resolve) => {
    this.settle = resolve;
  });

  /** Resolves (never rejects) once the step has applied the deletion to its block or ended without one. */
  record(matchers: readonly LabelMatcher[], mint: number, maxt: number): Promise<void> {
    this.entries.push({ matchers, mint, maxt });
    return this.settled;
  }

  /** @internal */
  applyTo(block: Block): void {
    for (const d of this.entries) block.delete(d.matchers, d.mint, d.maxt);
  }

  /** @internal */
  close(): void {
    this.settle();
  }
}

/**
 * Writes a block with `write` and hands it to `install`, which must swap it in synchronously:
 * between applying the logged deletions and the swap nothing else may run, or a deletion could
 * reach the old blocks only. A block that cannot take its deletions is removed again.
 */
async function writeReplacement(
  db: DB,
  write: () => Promise<BlockMeta | undefined>,
  install: (block: Block | undefined) => void,
): Promise<void> {
  const log = new DeletionLog();
  db.deletionLog = log;
  try {
    const meta = await write();
    const block = meta === undefined ? undefined : openBlock(join(db.dir, 'blocks', meta.ulid));
    if (block !== undefined) {
      try {
        log.applyTo(block);
      } catch (err) {
        block.close();
        removeDir(block.dir);
        throw err;
      }
    }
    install(block);
  } finally {
    if (db.deletionLog === log) db.deletionLog = undefined;
    log.close();
  }
}

/**
 * The head becomes a block once it spans 1.5 block ranges, so that the newest full range stays in
 * memory for late samples. Samples below the cut are refused from the moment the cut starts
 * (`setMinValidTime`) so none can slip into the head range being written and then be truncated.
 * A flush writes the ranges up to the newest sample of when it started, so appends that go on
 * meanwhile cannot keep it going.
 */
async function cutHead(db: DB, all: boolean): Promise<void> {
  const range = db.options.blockRangeMs;
  const flushUntil = db.head.maxTime;
  for (;;) {
    const head = db.head;
    if (head.numSeries === 0 || head.numSamples === 0) return;
    if (!all && head.maxTime - head.minTime <= (range * 3) / 2) return;
    const mint = Math.floor(head.minTime / range) * range;
    if (all && mint > flushUntil) return;
    const maxt = mint + range;
    head.setMinValidTime(maxt);
    await writeReplacement(
      db,
      () =>
        compactBlocks([headRange(head, mint, maxt - 1)], join(db.dir, 'blocks'), {
          minTime: mint,
          maxTime: maxt,
          level: 1,
          samplesPerChunk: db.options.sealedSamplesPerChunk,
        }),
      (block) => {
        if (block !== undefined) db.replaceBlocks([block], []);
      },
    );
    await head.truncate(maxt);
  }
}

/**
 * The head's [mint, maxt] (inclusive) for a block writer. The range reader's own allPostings lists
 * only series with samples in the range, which means a pass over every series in one go (50-200 ms
 * at 100k series); the writer's series stream reads series one at a time between turns of the
 * event loop and skips those without chunks in the range, so here it gets every head series.
 */
export function headRange(head: Head, mint: number, maxt: number): BlockReader {
  const range = head.rangeReader(mint, maxt);
  return {
    get meta() {
      return range.meta;
    },
    index: () => listingEverySeries(range.index(), head),
    chunks: () => range.chunks(),
    tombstones: () => range.tombstones(),
    sizeBytes: () => range.sizeBytes(),
  };
}

function listingEverySeries(index: IndexReader, head: Head): IndexReader {
  return {
    postings: (name, value) => index.postings(name, value),
    // A copy: the head's list is live and changes with the next commit.
    allPostings: () => head.postings.allPostings().slice(),
    postingsForMatchers: (matchers) => index.postingsForMatchers(matchers),
    series: (ref) => index.series(ref),
    labelNames: () => index.labelNames(),
    labelValues: (name) => index.labelValues(name),
    sortedByLabels: (refs) => index.sortedByLabels(refs),
  };
}

async function compactBlockGroups(db: DB): Promise<void> {
  for (;;) {
    const raw = db.blocks.filter((b) => b.meta.resolutionMs === 0);
    const groups = planCompaction(
      raw.map((b) => b.meta),
      {
        blockRangeMs: db.options.blockRangeMs,
        headMinTime: db.head.numSeries === 0 ? Number.POSITIVE_INFINITY : db.head.minTime,
      },
    );
    const group = groups[0];
    if (group === undefined) return;
    const inputs = group.map((m) => raw.find((b) => b.meta.ulid === m.ulid) as Block);
    await writeReplacement(
      db,
      () =>
        compactBlocks(inputs, join(db.dir, 'blocks'), { samplesPerChunk: db.options.sealedSamplesPerChunk }),
      (block) => db.replaceBlocks(block === undefined ? [] : [block], inputs),
    );
  }
}

async function downsampleOldBlocks(db: DB): Promise<void> {
  const ds = db.options.downsample;
  if (ds === undefined) return;
  const cutoff = db.options.now() - ds.afterMs;
  for (const block of db.blocks.filter((b) => b.meta.resolutionMs === 0 && b.meta.maxTime <= cutoff)) {
    const rollups = db.blocks.filter((b) => b.meta.resolutionMs === ds.resolutionMs);
    const sources = block.meta.compaction.sources;
    if (rollups.some((r) => sources.every((s) => r.meta.compaction.sources.includes(s)))) continue;
    // Rollups of the pieces this block was compacted from are superseded by the new one.
    const superseded = rollups.filter((r) => r.meta.compaction.sources.every((s) => sources.includes(s)));
    await writeReplacement(
      db,
      () => downsampleBlock(block, ds.resolutionMs, join(db.dir, 'blocks')),
      (rollup) => db.replaceBlocks(rollup === undefined ? [] : [rollup], superseded),
    );
  }
}

/**
 * Age retention drops blocks whose newest sample is older than the retention (raw blocks use the
 * raw retention when downsampling keeps rollups longer); size retention then drops the oldest
 * blocks while blocks + WAL exceed the byte budget. The head is never dropped.
 */
function applyRetention(db: DB): void {
  const { retentionMs, retentionBytes, downsample } = db.options;
  const now = db.options.now();
  if (retentionMs > 0 || downsample !== undefined) {
    const expired = db.blocks.filter((b) => {
      const keep =
        b.meta.resolutionMs === 0 && downsample !== undefined ? downsample.rawRetentionMs : retentionMs;
      return keep > 0 && b.meta.maxTime <= now - keep;
    });
    if (expired.length > 0) db.replaceBlocks([], expired);
  }
  if (retentionBytes > 0) {
    let total = db.wal.sizeBytes() + db.blocks.reduce((sum, b) => sum + b.sizeBytes(), 0);
    const byAge = [...db.blocks].sort((a, b) => a.meta.minTime - b.meta.minTime);
    const dropped: Block[] = [];
    for (const b of byAge) {
      if (total <= retentionBytes) break;
      total -= b.sizeBytes();
      dropped.push(b);
    }
    if (dropped.length > 0) db.replaceBlocks([], dropped);
  }
}

/** As db.ts removes blocks: renamed out of the way first, so a crash never leaves half a block. */
function removeDir(dir: string): void {
  const doomed = `${dir}.tmp-for-deletion`;
  renameSync(dir, doomed);
  rmSync(doomed, { recursive: true, force: true });
}
