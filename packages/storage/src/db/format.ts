import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CorruptionError, StorageError } from '../errors.js';

/** Version of the data directory layout; each part (WAL, block, index, chunks) also versions itself. */
export const DATA_DIR_FORMAT = 1;
const FILE = 'storage.json';

/**
 * Records the layout version on first open and refuses a directory written by a newer version,
 * so an old binary never misreads (or "repairs") data it does not understand.
 */
export function checkDataDirFormat(dir: string): void {
  const path = join(dir, FILE);
  if (!existsSync(path)) {
    const tmp = `${path}.tmp`;
    writeFileSync(
      tmp,
      `${JSON.stringify({ format: DATA_DIR_FORMAT, createdBy: '@telemeter/storage' }, null, 2)}\n`,
    );
    renameSync(tmp, path);
    return;
  }
  let format: unknown;
  try {
    format = (JSON.parse(readFileSync(path, 'utf8')) as { format?: unknown }).format;
  } catch (err) {
    throw new CorruptionError(path, 0, 'not valid JSON', { cause: err });
  }
  if (typeof format !== 'number' || !Number.isInteger(format) || format < 1) {
    throw new CorruptionError(path, 0, `"format" must be a positive integer, got ${JSON.stringify(format)}`);
  }
  if (format > DATA_DIR_FORMAT) {
    throw new StorageError(
      'TM_STORAGE_UNSUPPORTED_VERSION',
      `${path}: data directory format ${format} is newer than this version understands (${DATA_DIR_FORMAT}); upgrade telemeter`,
    );
  }
}
