// Checkpoints: the records the head still needs from segments <= N, written as a directory
// checkpoint.N (segment files with the same header and frames as the log) so that those segments
// can be deleted. Written into checkpoint.N.tmp, synced, then renamed: a crash leaves either the
// old state (plus a .tmp leftover that the next open removes) or the complete new checkpoint.
//
// The records may come from an async iterable and the files are written with async I/O, so the
// producer can build them in slices while appends and queries go on (head/head-truncate.ts).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { FRAME_HEADER_SIZE, frameHeader, readFrames } from './frame.js';
import { fsyncDir } from './fsync.js';
import {
  checkpointName,
  checkSegmentHeader,
  listSegments,
  SEGMENT_HEADER_SIZE,
  segmentHeader,
  segmentName,
} from './segment.js';

/** Frames are gathered into writes of about this size rather than one syscall per record. */
const WRITE_CHUNK_BYTES = 1 << 20;
const WRITE_CHUNK_BUFFERS = 512;

/** One file of the checkpoint being written. */
class CheckpointFile {
  private size = 0;
  private pending: Uint8Array[] = [segmentHeader()];
  private pendingBytes = SEGMENT_HEADER_SIZE;

  private constructor(private readonly handle: fs.promises.FileHandle) {}

  static async create(file: string): Promise<CheckpointFile> {
    return new CheckpointFile(await fs.promises.open(file, 'w'));
  }

  /** Bytes written and buffered. */
  get length(): number {
    return this.size + this.pendingBytes;
  }

  async add(record: Uint8Array): Promise<void> {
    this.pending.push(frameHeader(record), record);
    this.pendingBytes += FRAME_HEADER_SIZE + record.length;
    if (this.pendingBytes >= WRITE_CHUNK_BYTES || this.pending.length >= WRITE_CHUNK_BUFFERS)
      await this.flush();
  }

  /** Writes what is buffered, syncs and closes; returns the file's size. */
  async finish(): Promise<number> {
    await this.flush();
    await this.handle.sync();
    await this.handle.close();
    return this.size;
  }

  /** Closes after a failure, if still open (the caller removes the temp directory). */
  async abandon(): Promise<void> {
    await this.handle.close().catch(() => {});
  }

  private async flush(): Promise<void> {
    let buffers = this.pending;
    const total = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    let written = 0;
    while (written < total) {
      const { bytesWritten } = await this.handle.writev(buffers, this.size + written);
      if (bytesWritten === 0)
        throw new Error(`checkpoint write made no progress at byte ${this.size + written}`);
      written += bytesWritten;
      buffers = remainder(buffers, bytesWritten);
    }
    this.size += total;
  }
}

/** What is left of `buffers` after their first `skip` bytes were written. */
function remainder(buffers: readonly Uint8Array[], skip: number): Uint8Array[] {
  const rest: Uint8Array[] = [];
  for (const b of buffers) {
    if (skip >= b.length) skip -= b.length;
    else {
      rest.push(skip === 0 ? b : b.subarray(skip));
      skip = 0;
    }
  }
  return rest;
}

/**
 * Writes checkpoint.<upto> atomically from `records`, taken one at a time (a record is written
 * or buffered before the next is asked for); returns its size in bytes.
 */
export async function writeCheckpoint(
  dir: string,
  upto: number,
  records: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  segmentBytes: number,
): Promise<number> {
  const final = path.join(dir, checkpointName(upto));
  const temp = `${final}.tmp`;
  await fs.promises.rm(temp, { recursive: true, force: true });
  await fs.promises.mkdir(temp);

  let total = 0;
  let index = 0;
  let file: CheckpointFile | undefined;
  try {
    file = await CheckpointFile.create(path.join(temp, segmentName(index)));
    for await (const record of records) {
      const frameBytes = FRAME_HEADER_SIZE + record.length;
      if (file.length > SEGMENT_HEADER_SIZE && file.length + frameBytes > segmentBytes) {
        total += await file.finish();
        file = await CheckpointFile.create(path.join(temp, segmentName(++index)));
      }
      await file.add(record);
    }
    total += await file.finish();
  } catch (err) {
    await file?.abandon();
    await fs.promises.rm(temp, { recursive: true, force: true });
    throw err;
  }
  await fsyncDir(temp);
  await fs.promises.rename(temp, final);
  await fsyncDir(dir);
  return total;
}

/** Visits every record of checkpoint.<index>; damage throws (a checkpoint was complete when renamed). */
export function readCheckpoint(dir: string, index: number, visit: (record: Uint8Array) => void): number {
  const cpDir = path.join(dir, checkpointName(index));
  let records = 0;
  for (const segment of listSegments(cpDir)) {
    const file = path.join(cpDir, segmentName(segment));
    const buf = fs.readFileSync(file);
    checkSegmentHeader(buf, file);
    records += readFrames(buf, SEGMENT_HEADER_SIZE, file, visit);
  }
  return records;
}

export function checkpointBytes(dir: string, index: number): number {
  const cpDir = path.join(dir, checkpointName(index));
  let total = 0;
  for (const segment of listSegments(cpDir))
    total += fs.statSync(path.join(cpDir, segmentName(segment))).size;
  return total;
}
