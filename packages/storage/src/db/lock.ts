import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StorageError } from '../errors.js';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One process owns a data directory at a time. The lock file holds the owner's pid; a lock left by
 * a process that no longer exists (a crash, kill -9) is taken over, since nothing can release it.
 */
export class DirectoryLock {
  private constructor(private readonly path: string) {}

  static acquire(dir: string): DirectoryLock {
    const path = join(dir, 'lock');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx');
        writeSync(fd, `${process.pid}\n`);
        closeSync(fd);
        return new DirectoryLock(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
        if (Number.isInteger(owner) && owner !== process.pid && processAlive(owner)) {
          throw new StorageError('TM_STORAGE_LOCKED', `data directory ${dir} is in use by process ${owner}`);
        }
        if (owner === process.pid) {
          throw new StorageError(
            'TM_STORAGE_LOCKED',
            `data directory ${dir} is already open in this process`,
          );
        }
        unlinkSync(path);
      }
    }
    throw new StorageError('TM_STORAGE_LOCKED', `could not lock data directory ${dir}`);
  }

  release(): void {
    try {
      unlinkSync(this.path);
    } catch {
      // Already gone: nothing to release.
    }
  }
}
