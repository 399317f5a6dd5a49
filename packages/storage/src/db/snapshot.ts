import { copyFileSync, linkSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactBlocks } from '../compact/compact.js';
import { StorageError } from '../errors.js';
import type { BlockMeta } from '../types.js';
import type { DB } from './db.js';
import { DATA_DIR_FORMAT } from './format.js';
import { exclusively } from './maintenance.js';

/**
 * A snapshot is a data directory another `openDB` can use: every block's files are hard-linked
 * (blocks are immutable; tombstones are replaced by rename, never edited in place, so a link
 * keeps the version of the moment), falling back to copies across file systems, and the head is
 * written as one more block. The WAL is not copied: the head block holds what it would replay.
 * It waits for a running maintenance pass and holds the next one off: a head cut during the
 * snapshot would truncate head data that is neither among the linked blocks nor written yet.
 * Appends go on while the head block is written; it covers the head's time range as of the start.
 */
export function writeSnapshot(db: DB, target: string, withHead: boolean): Promise<BlockMeta[]> {
  return exclusively(db, () => snapshotNow(db, target, withHead));
}

async function snapshotNow(db: DB, target: string, withHead: boolean): Promise<BlockMeta[]> {
  mkdirSync(target, { recursive: true });
  if (readdirSync(target).length > 0) {
    throw new StorageError(
      'TM_STORAGE_INVALID_OPTION',
      `snapshot target ${target} must be an empty directory`,
    );
  }
  const blocksDir = join(target, 'blocks');
  mkdirSync(blocksDir);
  writeFileSync(
    join(target, 'storage.json'),
    `${JSON.stringify({ format: DATA_DIR_FORMAT, createdBy: '@telemeter/storage snapshot' }, null, 2)}\n`,
  );
  const metas: BlockMeta[] = [];
  for (const block of db.blocks) {
    const dest = join(blocksDir, block.meta.ulid);
    mkdirSync(dest);
    for (const file of readdirSync(block.dir)) {
      try {
        linkSync(join(block.dir, file), join(dest, file));
      } catch {
        copyFileSync(join(block.dir, file), join(dest, file));
      }
    }
    metas.push(block.meta);
  }
  if (withHead && db.head.numSeries > 0) {
    const head = db.head;
    const meta = await compactBlocks([head.rangeReader(head.minTime, head.maxTime)], blocksDir, {
      minTime: head.minTime,
      maxTime: head.maxTime + 1,
      level: 1,
      samplesPerChunk: db.options.sealedSamplesPerChunk,
    });
    if (meta !== undefined) metas.push(meta);
  }
  return metas;
}
