// Group commit: callers wait for an fsync that covers what they wrote, and every caller that
// arrives while a sync is running shares the next one. A burst of N commits therefore costs two
// rounds of syncs, not N. The syncs run on libuv's threadpool, so the event loop keeps appending
// while the disk works.

import type { StorageLogger } from '../types.js';
import { fdatasyncAsync, fsyncDir } from './fsync.js';

/** A file syncs cover: writes mark it dirty; `syncing` counts syncs using its fd (do not close it). */
export interface SyncFile {
  readonly fd: number;
  dirty: boolean;
  syncing: number;
}

interface Waiter {
  readonly seq: number;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

const RESOLVED = Promise.resolve();

export class GroupSync {
  /** Records written so far; the first `durable` of them are known to be synced. */
  written = 0;
  private durable = 0;
  /** fdatasync and directory fsync calls made. */
  fsyncs = 0;
  /** A file was created or removed since the last sync: the directory needs one too. */
  dirDirty = false;
  /** The first failed sync (or unrecoverable write); once set, nothing more is accepted. */
  failure: unknown;
  private readonly waiters: Waiter[] = [];
  private running = false;

  constructor(
    private readonly dir: string,
    /** The files that may hold unsynced writes. */
    private readonly files: () => readonly SyncFile[],
    /** Called after each successful round, e.g. to close retired files. */
    private readonly afterSync: () => void,
    private readonly logger: StorageLogger,
  ) {}

  anythingDirty(): boolean {
    return this.dirDirty || this.files().some((f) => f.dirty);
  }

  /** Resolves once every record written before the call is synced. */
  sync(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const seq = this.written;
    if (seq <= this.durable && !this.anythingDirty()) return RESOLVED;
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ seq, resolve, reject });
      if (!this.running) void this.loop();
    });
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (this.waiters.length > 0 && this.failure === undefined) await this.round();
    } finally {
      this.running = false;
    }
  }

  /** One round: every file written since the last round, then the directory if it changed. */
  private async round(): Promise<void> {
    const target = this.written;
    const files = this.files().filter((f) => f.dirty);
    for (const f of files) {
      f.dirty = false;
      f.syncing++;
    }
    const syncDir = this.dirDirty;
    this.dirDirty = false;
    const results = await Promise.allSettled(files.map((f) => fdatasyncAsync(f.fd)));
    for (const f of files) f.syncing--;
    let error = results.find((r) => r.status === 'rejected')?.reason as unknown;
    if (error === undefined && syncDir) {
      try {
        await fsyncDir(this.dir);
      } catch (err) {
        error = err;
      }
    }
    this.fsyncs += files.length + (syncDir ? 1 : 0);
    if (error !== undefined) {
      // After a failed fsync the kernel may have dropped the dirty pages, so nothing written since
      // the last good sync can be trusted and retrying could report a loss as success (Postgres's
      // "fsyncgate"): the WAL stops accepting records.
      this.failure = error;
      this.logger.warn(`WAL ${this.dir}: fsync failed, refusing further writes: ${String(error)}`);
      for (const w of this.waiters.splice(0)) w.reject(error);
      return;
    }
    this.durable = Math.max(this.durable, target);
    this.afterSync();
    let done = 0;
    while (done < this.waiters.length && (this.waiters[done] as Waiter).seq <= this.durable) done++;
    for (const w of this.waiters.splice(0, done)) w.resolve();
  }
}
