import { join } from 'node:path';
import { type Block, openBlock } from '../block/block.js';
import { compactBlocks } from '../compact/compact.js';
import { planCompaction } from '../compact/plan.js';
import { downsampleBlock } from '../downsample/downsample.js';
import type { DB } from './db.js';

/**
 * One pass of the background work, in the order Prometheus's db.reload does it: persist the head,
 * merge small blocks into bigger ones, roll old raw data up, then drop what retention no longer
 * keeps. Each step leaves the directory valid if the process dies in the middle of it.
 */
export async function runMaintenance(db: DB, flushHead: boolean): Promise<void> {
  await cutHead(db, flushHead);
  await compactBlockGroups(db);
  await downsampleOldBlocks(db);
  applyRetention(db);
}

/**
 * The head becomes a block once it spans 1.5 block ranges, so that the newest full range stays in
 * memory for late samples. Samples below the cut are refused from the moment the cut starts
 * (`setMinValidTime`) so none can slip into the head range being written and then be truncated.
 */
async function cutHead(db: DB, all: boolean): Promise<void> {
  const range = db.options.blockRangeMs;
  for (;;) {
    const head = db.head;
    if (head.numSeries === 0 || head.numSamples === 0) return;
    if (!all && head.maxTime - head.minTime <= (range * 3) / 2) return;
    const mint = Math.floor(head.minTime / range) * range;
    const maxt = mint + range;
    head.setMinValidTime(maxt);
    const meta = await compactBlocks([head.rangeReader(mint, maxt - 1)], join(db.dir, 'blocks'), {
      minTime: mint,
      maxTime: maxt,
      level: 1,
      samplesPerChunk: db.options.sealedSamplesPerChunk,
    });
    if (meta !== undefined) db.replaceBlocks([openBlock(join(db.dir, 'blocks', meta.ulid))], []);
    await head.truncate(maxt);
  }
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
    const meta = await compactBlocks(inputs, join(db.dir, 'blocks'), {
      samplesPerChunk: db.options.sealedSamplesPerChunk,
    });
    db.replaceBlocks(meta === undefined ? [] : [openBlock(join(db.dir, 'blocks', meta.ulid))], inputs);
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
    const meta = await downsampleBlock(block, ds.resolutionMs, join(db.dir, 'blocks'));
    // Rollups of the pieces this block was compacted from are superseded by the new one.
    const superseded = rollups.filter((r) => r.meta.compaction.sources.every((s) => sources.includes(s)));
    db.replaceBlocks(meta === undefined ? [] : [openBlock(join(db.dir, 'blocks', meta.ulid))], superseded);
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
