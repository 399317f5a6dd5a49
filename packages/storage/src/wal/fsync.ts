// Directory fsync makes creates, renames and deletes durable. Windows cannot open a directory for
// syncing, and there renames are durable once they return, so its refusal is ignored.

import * as fs from 'node:fs';

const IGNORED_DIR_SYNC_ERRORS = new Set(['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'EBADF']);

function ignorable(err: unknown): boolean {
  return (
    process.platform === 'win32' && IGNORED_DIR_SYNC_ERRORS.has((err as NodeJS.ErrnoException).code ?? '')
  );
}

export function fsyncDirSync(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch (err) {
    if (!ignorable(err)) throw err;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export async function fsyncDir(dir: string): Promise<void> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(dir, 'r');
    await handle.sync();
  } catch (err) {
    if (!ignorable(err)) throw err;
  } finally {
    await handle?.close();
  }
}

export function fdatasyncAsync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
}

/** Writes all of `buffers` at `position`, looping over short writes. */
export function writeAllSync(fd: number, buffers: readonly Uint8Array[], position: number): void {
  let total = 0;
  for (const b of buffers) total += b.length;
  let written = fs.writevSync(fd, buffers, position);
  while (written < total) {
    const rest: Uint8Array[] = [];
    let skip = written;
    for (const b of buffers) {
      if (skip >= b.length) skip -= b.length;
      else {
        rest.push(b.subarray(skip));
        skip = 0;
      }
    }
    const n = fs.writevSync(fd, rest, position + written);
    if (n === 0) throw new Error(`write to fd ${fd} made no progress at byte ${position + written}`);
    written += n;
  }
}
