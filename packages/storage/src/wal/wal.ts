// The write-ahead log: a directory of numbered segments that records are appended to, plus at most
// one checkpoint. Records are never split across segments, so a torn write can only damage the
// end of the newest segment, which Wal.open cuts off (repair.ts).
//
// Durability (docs/format/wal.md, "Writing and fsync policies"): a record is written to the OS synchronously
// inside log(), in call order; what differs by policy is when log()'s promise resolves.
//   'commit'   after an fdatasync covering it, shared by concurrent callers (group-sync.ts).
//   'interval' at once; an unref'd timer syncs every fsyncIntervalMs (a crash of the machine, not of
//              the process, can lose up to that much).
//   'none'     at once; nothing is synced until close().

import * as fs from 'node:fs';
import * as path from 'node:path';
import { StorageError } from '../errors.js';
import type { StorageLogger } from '../types.js';
import { readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { FRAME_HEADER_SIZE, frameHeader, MAX_RECORD_BYTES, readFrames } from './frame.js';
import { writeAllSync } from './fsync.js';
import { GroupSync, type SyncFile } from './group-sync.js';
import {
  type FsyncPolicy,
  invalidOption,
  type ResolvedWalOptions,
  resolveWalOptions,
  type WalOptions,
  type WalStats,
} from './options.js';
import { scanAndRepair, type WalDirState, type WalRepairStats } from './repair.js';
import {
  checkpointName,
  checkSegmentHeader,
  SEGMENT_HEADER_SIZE,
  segmentHeader,
  segmentName,
} from './segment.js';

/** One segment file open for writing, or retired and waiting for its last sync before closing. */
interface OpenSegment extends SyncFile {
  readonly index: number;
  size: number;
}

export type { FsyncPolicy, WalOptions, WalStats } from './options.js';
export type { WalRepairStats } from './repair.js';

const RESOLVED = Promise.resolve();

export class Wal {
  private current: OpenSegment;
  private readonly retired: OpenSegment[] = [];
  /** Sizes of the live segments before the current one, by index. */
  private readonly closedSizes = new Map<number, number>();
  private firstSegment: number;
  private checkpointIndex: number | undefined;
  private checkpointSize: number;
  private readonly syncer: GroupSync;
  private readonly segmentBytes: number;
  readonly policy: FsyncPolicy;
  private readonly logger: StorageLogger;
  private readonly repair: WalRepairStats;
  private bytesWritten = 0;
  private closed = false;
  private closing: Promise<void> | undefined;
  /** Settles when the checkpoint being written has ended (never rejects). */
  private checkpointing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout | undefined;

  private constructor(
    readonly dir: string,
    options: ResolvedWalOptions,
    state: WalDirState,
  ) {
    this.segmentBytes = options.segmentBytes;
    this.policy = options.fsync;
    this.logger = options.logger;
    this.repair = state.repair;
    this.checkpointIndex = state.checkpoint;
    this.checkpointSize = state.checkpointBytes;
    this.syncer = new GroupSync(
      dir,
      () => [...this.retired, this.current],
      () => this.closeRetired(),
      this.logger,
    );
    const { segments } = state;
    for (const s of segments.slice(0, -1)) this.closedSizes.set(s.index, s.size);
    const first = segments[0];
    const last = segments.at(-1);
    if (first !== undefined && last !== undefined) {
      this.firstSegment = first.index;
      this.current = {
        index: last.index,
        fd: fs.openSync(path.join(dir, segmentName(last.index)), 'r+'),
        size: last.size,
        dirty: false,
        syncing: 0,
      };
    } else {
      const index = state.checkpoint === undefined ? 0 : state.checkpoint + 1;
      this.firstSegment = index;
      this.current = this.createSegment(index);
    }
    if (this.policy === 'interval') {
      this.timer = setInterval(() => this.backgroundSync(), options.fsyncIntervalMs);
      this.timer.unref();
    }
  }

  /**
   * Opens (creating if needed) the WAL in `dir`, repairing a torn or corrupt tail with a logged
   * warning. Throws TM_STORAGE_UNSUPPORTED_VERSION for segments of a newer format, before changing
   * anything, and CorruptionError for a damaged checkpoint.
   */
  static open(dir: string, options: WalOptions = {}): Wal {
    const resolved = resolveWalOptions(options);
    return new Wal(dir, resolved, scanAndRepair(dir, resolved.logger));
  }

  /**
   * Appends one record. The write happens before log() returns, so records reach the OS in call
   * order and the caller may apply the record to memory right away; the promise resolves when the
   * record is durable under the fsync policy. Throws synchronously — with nothing of the record
   * left in the log — when it cannot be written (WAL closed, disk full, an earlier sync failed).
   */
  log(record: Uint8Array): Promise<void> {
    this.checkWritable();
    if (record.length === 0 || record.length > MAX_RECORD_BYTES - FRAME_HEADER_SIZE) {
      throw invalidOption(
        `a WAL record must be 1 to ${MAX_RECORD_BYTES - FRAME_HEADER_SIZE} bytes, got ${record.length}`,
      );
    }
    const frameBytes = FRAME_HEADER_SIZE + record.length;
    if (this.current.size > SEGMENT_HEADER_SIZE && this.current.size + frameBytes > this.segmentBytes)
      this.nextSegment();
    const seg = this.current;
    try {
      writeAllSync(seg.fd, [frameHeader(record), record], seg.size);
    } catch (err) {
      this.undoPartialWrite(seg);
      throw err;
    }
    seg.size += frameBytes;
    seg.dirty = true;
    this.syncer.written++;
    this.bytesWritten += frameBytes;
    return this.policy === 'commit' ? this.syncer.sync() : RESOLVED;
  }

  /** Resolves once every record logged before the call is synced (under any policy). */
  sync(): Promise<void> {
    return this.syncer.sync();
  }

  /**
   * Calls `visit` with every record: the newest checkpoint's, then each later segment's, in order.
   * A record is a view into a file buffer: copy what must outlive the call.
   */
  replay(visit: (record: Uint8Array) => void): void {
    if (this.checkpointIndex !== undefined) readCheckpoint(this.dir, this.checkpointIndex, visit);
    for (let index = this.firstSegment; index <= this.current.index; index++) {
      const file = path.join(this.dir, segmentName(index));
      const buf = fs.readFileSync(file);
      checkSegmentHeader(buf, file);
      readFrames(buf, SEGMENT_HEADER_SIZE, file, visit);
    }
  }

  /** Starts a new segment and returns its index; everything before it may then be checkpointed. */
  cutSegment(): number {
    this.checkWritable();
    return this.nextSegment();
  }

  /** Live segments: `first` is the oldest on disk after the checkpoint, `last` the one being written. */
  segmentRange(): { first: number; last: number } {
    return { first: this.firstSegment, last: this.current.index };
  }

  /**
   * Replaces segments <= `uptoSegment` by a checkpoint holding `records` (what the head still needs
   * of them), atomically; then deletes those segments and the previous checkpoint. `uptoSegment`
   * must be below the segment being written: call cutSegment() first. Records may come from an
   * async iterable; the files are written with async I/O, and log() goes on meanwhile (into later
   * segments). Bad arguments, or a checkpoint already in flight, throw before anything is written.
   */
  checkpoint(uptoSegment: number, records: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<void> {
    this.checkWritable();
    if (!Number.isInteger(uptoSegment) || uptoSegment >= this.current.index) {
      throw invalidOption(
        `checkpoint(${uptoSegment}) must name a segment before the one being written (${this.current.index}); call cutSegment() first`,
      );
    }
    if (this.checkpointIndex !== undefined && uptoSegment <= this.checkpointIndex) {
      throw invalidOption(
        `checkpoint(${uptoSegment}) is not after the existing checkpoint ${this.checkpointIndex}`,
      );
    }
    if (this.checkpointing !== undefined) {
      throw invalidOption(`checkpoint(${uptoSegment}) while another checkpoint is being written`);
    }
    const run = this.writeCheckpoint(uptoSegment, records);
    const ended = () => {
      this.checkpointing = undefined;
    };
    this.checkpointing = run.then(ended, ended);
    return run;
  }

  private async writeCheckpoint(
    uptoSegment: number,
    records: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  ): Promise<void> {
    const size = await writeCheckpoint(this.dir, uptoSegment, records, this.segmentBytes);
    const previous = this.checkpointIndex;
    this.checkpointIndex = uptoSegment;
    this.checkpointSize = size;
    // From here on the checkpoint is in place; what remains is clean-up that the next open would
    // also do, so failures are only logged. Ascending deletion keeps the remaining segments consecutive.
    const cleanup = (what: string, fn: () => void) => {
      try {
        fn();
      } catch (err) {
        this.logger.warn(
          `WAL ${this.dir}: could not remove ${what} after checkpoint ${uptoSegment}: ${String(err)}`,
        );
      }
    };
    for (let index = this.firstSegment; index <= uptoSegment; index++) {
      this.closedSizes.delete(index);
      cleanup(segmentName(index), () => fs.rmSync(path.join(this.dir, segmentName(index)), { force: true }));
    }
    this.firstSegment = Math.max(this.firstSegment, uptoSegment + 1);
    if (previous !== undefined) {
      cleanup(checkpointName(previous), () =>
        fs.rmSync(path.join(this.dir, checkpointName(previous)), { recursive: true, force: true }),
      );
    }
  }

  /** Bytes on disk: live segments and the checkpoint. */
  sizeBytes(): number {
    let total = this.checkpointSize + this.current.size;
    for (const size of this.closedSizes.values()) total += size;
    return total;
  }

  stats(): WalStats {
    return {
      segments: this.current.index - this.firstSegment + 1,
      firstSegment: this.firstSegment,
      lastSegment: this.current.index,
      checkpoint: this.checkpointIndex ?? null,
      bytes: this.sizeBytes(),
      recordsWritten: this.syncer.written,
      bytesWritten: this.bytesWritten,
      fsyncs: this.syncer.fsyncs,
      repair: this.repair,
    };
  }

  /** Syncs everything written (under every policy) and closes the files. Later log() calls throw. */
  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    this.closed = true;
    // A checkpoint in flight ends first, so that nothing changes the directory once close() resolved.
    await this.checkpointing;
    if (this.timer !== undefined) clearInterval(this.timer);
    try {
      if (this.syncer.failure === undefined) await this.syncer.sync();
    } finally {
      for (const seg of [...this.retired, this.current]) fs.closeSync(seg.fd);
      this.retired.length = 0;
    }
    if (this.syncer.failure !== undefined) throw this.syncer.failure;
  }

  private checkWritable(): void {
    if (this.closed) throw new StorageError('TM_STORAGE_CLOSED', `the WAL in ${this.dir} is closed`);
    if (this.syncer.failure !== undefined) throw this.syncer.failure;
  }

  private createSegment(index: number): OpenSegment {
    const fd = fs.openSync(path.join(this.dir, segmentName(index)), 'w');
    try {
      writeAllSync(fd, [segmentHeader()], 0);
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
    this.syncer.dirDirty = true;
    return { index, fd, size: SEGMENT_HEADER_SIZE, dirty: true, syncing: 0 };
  }

  private nextSegment(): number {
    const old = this.current;
    this.current = this.createSegment(old.index + 1);
    this.closedSizes.set(old.index, old.size);
    // Under 'none' nothing will ever sync the old file, so it is closed as soon as no sync uses it.
    if (this.policy === 'none') old.dirty = false;
    this.retired.push(old);
    this.closeRetired();
    return this.current.index;
  }

  private closeRetired(): void {
    for (let i = this.retired.length - 1; i >= 0; i--) {
      const seg = this.retired[i] as OpenSegment;
      if (seg.dirty || seg.syncing > 0) continue;
      fs.closeSync(seg.fd);
      this.retired.splice(i, 1);
    }
  }

  /** A partial frame would hide every later record from replay, so it must not stay. */
  private undoPartialWrite(seg: OpenSegment): void {
    try {
      fs.ftruncateSync(seg.fd, seg.size);
    } catch (err) {
      this.syncer.failure = new StorageError(
        'TM_STORAGE_CORRUPTION',
        `WAL segment ${path.join(this.dir, segmentName(seg.index))} could not be cut back after a failed write; ` +
          'the WAL refuses further writes (reopen to repair)',
        { cause: err },
      );
    }
  }

  private backgroundSync(): void {
    if (this.syncer.failure === undefined && this.syncer.anythingDirty()) this.syncer.sync().catch(() => {});
  }
}
