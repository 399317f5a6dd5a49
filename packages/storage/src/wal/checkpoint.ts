// Checkpoints: the records the head still needs from segments <= N, written as a directory
// checkpoint.N (segment files with the same header and frames as the log) so that those segments
// can be deleted. Written into checkpoint.N.tmp, synced, then renamed: a crash leaves either the
// old state (plus a .tmp leftover that the next open removes) or the complete new checkpoint.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { FRAME_HEADER_SIZE, frameHeader, readFrames } from './frame.js';
import { fsyncDirSync, writeAllSync } from './fsync.js';
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

/** Writes checkpoint.<upto> atomically; returns its size in bytes. */
export function writeCheckpoint(
  dir: string,
  upto: number,
  records: readonly Uint8Array[],
  segmentBytes: number,
): number {
  const final = path.join(dir, checkpointName(upto));
  const temp = `${final}.tmp`;
  fs.rmSync(temp, { recursive: true, force: true });
  fs.mkdirSync(temp);

  let total = 0;
  let index = 0;
  let fd = fs.openSync(path.join(temp, segmentName(index)), 'w');
  let size = 0;
  let pending: Uint8Array[] = [segmentHeader()];
  let pendingBytes = SEGMENT_HEADER_SIZE;
  const flush = () => {
    writeAllSync(fd, pending, size);
    size += pendingBytes;
    pending = [];
    pendingBytes = 0;
  };
  const finishFile = () => {
    flush();
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    total += size;
  };
  try {
    for (const record of records) {
      const frameBytes = FRAME_HEADER_SIZE + record.length;
      if (size + pendingBytes > SEGMENT_HEADER_SIZE && size + pendingBytes + frameBytes > segmentBytes) {
        finishFile();
        fd = fs.openSync(path.join(temp, segmentName(++index)), 'w');
        size = 0;
        pending = [segmentHeader()];
        pendingBytes = SEGMENT_HEADER_SIZE;
      }
      pending.push(frameHeader(record), record);
      pendingBytes += frameBytes;
      if (pendingBytes >= WRITE_CHUNK_BYTES || pending.length >= WRITE_CHUNK_BUFFERS) flush();
    }
    finishFile();
  } catch (err) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed by finishFile
    }
    fs.rmSync(temp, { recursive: true, force: true });
    throw err;
  }
  fsyncDirSync(temp);
  fs.renameSync(temp, final);
  fsyncDirSync(dir);
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
