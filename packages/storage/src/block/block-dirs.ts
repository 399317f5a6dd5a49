import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { META_FILE } from './meta.js';
import { isUlid } from './ulid.js';

/** The files of a block directory. */
export const BLOCK_FILES = {
  chunks: 'chunks',
  index: 'index',
  tombstones: 'tombstones',
  meta: META_FILE,
} as const;

/** A block being written lives in `<ulid>.tmp` until it is complete and renamed to `<ulid>`. */
export const TMP_SUFFIX = '.tmp';

/** Whether a directory name is a finished block's (a ULID); `<ulid>.tmp` and anything else is not. */
export function isBlockDirName(name: string): boolean {
  return isUlid(name);
}

/** Finished block directories under `parentDir` (ULID-named, with a meta.json), sorted by name. */
export function listBlockDirs(parentDir: string): string[] {
  if (!existsSync(parentDir)) return [];
  return readdirSync(parentDir)
    .filter((name) => isBlockDirName(name) && existsSync(join(parentDir, name, META_FILE)))
    .sort()
    .map((name) => join(parentDir, name));
}
