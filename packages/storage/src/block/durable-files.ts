import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';

/** Creates `path` (it must not exist) with `bytes` and fsyncs it. */
export function writeFileDurable(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'wx');
  try {
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a directory's entries (created, renamed files) durable. */
export function fsyncDir(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Replaces `path` atomically: write `path.tmp`, fsync, rename over `path`, fsync the directory. */
export function replaceFileAtomically(path: string, dir: string, bytes: Uint8Array): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  fsyncDir(dir);
}

/** `writeFileDurable` through the thread pool: neither the write nor the fsync holds up the event loop. */
export async function writeFileDurableAsync(path: string, bytes: Uint8Array): Promise<void> {
  const file = await open(path, 'wx');
  try {
    let done = 0;
    while (done < bytes.length) done += (await file.write(bytes, done, bytes.length - done)).bytesWritten;
    await file.sync();
  } finally {
    await file.close();
  }
}

/** `fsyncDir` through the thread pool. */
export async function fsyncDirAsync(path: string): Promise<void> {
  const dir = await open(path, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
