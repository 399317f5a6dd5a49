// What Wal.open does before anything is written: find the segments and the newest checkpoint,
// remove leftovers of interrupted checkpoints, and cut damaged data off the end of the log.
//
// Repair rules (docs/format/wal.md, "Repair"): a torn or corrupt frame in the last segment is cut
// off with a warning; damage in an earlier segment keeps everything before it and drops the rest of
// the log, with a louder warning. Only data after the first damaged frame is ever removed, and
// nothing is touched before every header has passed the version check.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StorageLogger } from '../types.js';
import { checkpointBytes, readCheckpoint } from './checkpoint.js';
import { type FrameDamage, scanFrames } from './frame.js';
import { fsyncDirSync } from './fsync.js';
import {
  checkpointName,
  listWalDir,
  SEGMENT_HEADER_SIZE,
  segmentHeader,
  segmentHeaderDamage,
  segmentName,
} from './segment.js';

export interface WalRepairStats {
  /** Segment files cut back to their last whole record. */
  readonly truncatedSegments: number;
  /** Bytes removed by truncation and by dropping segments. */
  readonly bytesRemoved: number;
  /** Segments deleted because they followed damage in an earlier segment. */
  readonly segmentsDropped: number;
  /** Leftovers of interrupted checkpoints removed (temp dirs, older checkpoints, covered segments). */
  readonly leftoversRemoved: number;
}

export interface WalDirState {
  readonly checkpoint: number | undefined;
  readonly checkpointBytes: number;
  /** Live segments (after the checkpoint), ascending and consecutive, with their sizes after repair. */
  readonly segments: { index: number; size: number }[];
  readonly repair: WalRepairStats;
}

export function scanAndRepair(dir: string, logger: StorageLogger): WalDirState {
  fs.mkdirSync(dir, { recursive: true });
  const listing = listWalDir(dir);
  const checkpoint = listing.checkpoints.at(-1);
  const live = listing.segments.filter((i) => checkpoint === undefined || i > checkpoint);

  // Read-only checks first: an unknown format version or a damaged checkpoint stops the open
  // before any file is changed.
  for (const index of live) checkHeaderVersion(path.join(dir, segmentName(index)));
  if (checkpoint !== undefined) readCheckpoint(dir, checkpoint, () => {});

  const repair = { truncatedSegments: 0, bytesRemoved: 0, segmentsDropped: 0, leftoversRemoved: 0 };
  const removeLeftover = (name: string) => {
    fs.rmSync(path.join(dir, name), { recursive: true, force: true });
    repair.leftoversRemoved++;
    logger.info(`WAL ${dir}: removed ${name}, left over from an interrupted checkpoint`);
  };
  for (const name of listing.temps) removeLeftover(name);
  if (checkpoint !== undefined) {
    for (const older of listing.checkpoints.slice(0, -1)) removeLeftover(checkpointName(older));
    for (const index of listing.segments) if (index <= checkpoint) removeLeftover(segmentName(index));
    if (live.length > 0 && (live[0] as number) > checkpoint + 1) {
      logger.warn(
        `WAL ${dir}: segments ${segmentName(checkpoint + 1)} to ${segmentName((live[0] as number) - 1)} ` +
          'are missing between the checkpoint and the log; their records are lost',
      );
    }
  }

  const segments: { index: number; size: number }[] = [];
  for (let k = 0; k < live.length; k++) {
    const index = live[k] as number;
    const file = path.join(dir, segmentName(index));
    if (k > 0 && index !== (live[k - 1] as number) + 1) {
      dropRest(
        dir,
        live.slice(k),
        repair,
        logger,
        `segment ${segmentName((live[k - 1] as number) + 1)} is missing`,
      );
      break;
    }
    const buf = fs.readFileSync(file);
    const damage = findDamage(buf, file);
    if (damage === undefined) {
      segments.push({ index, size: buf.length });
      continue;
    }
    const kept = truncateSegment(file, buf.length, damage.offset);
    repair.truncatedSegments++;
    repair.bytesRemoved += buf.length - kept;
    segments.push({ index, size: kept });
    const later = live.slice(k + 1);
    const where = `${file} at byte ${damage.offset} (${damage.reason})`;
    if (later.length === 0) {
      logger.warn(
        `WAL: torn or corrupt record at ${where}; truncated the segment from ${buf.length} to ${kept} bytes. ` +
          'Only records whose commit had not completed can be lost this way.',
      );
    } else {
      logger.warn(
        `WAL CORRUPTION: damaged record at ${where}, in a segment that is not the last. Kept the records ` +
          `before it, truncated the segment from ${buf.length} to ${kept} bytes and dropped the rest of the log.`,
      );
      dropRest(dir, later, repair, logger, `damage in ${file}`);
    }
    break;
  }
  // Make every byte replay will read durable, even what a killed process left in the page cache:
  // records appended from now on must never sit after data that a power loss could still remove.
  for (const { index } of segments) syncFile(path.join(dir, segmentName(index)));
  if (repair.truncatedSegments + repair.segmentsDropped + repair.leftoversRemoved > 0) fsyncDirSync(dir);

  return {
    checkpoint,
    checkpointBytes: checkpoint === undefined ? 0 : checkpointBytes(dir, checkpoint),
    segments,
    repair,
  };
}

function checkHeaderVersion(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    const header = new Uint8Array(SEGMENT_HEADER_SIZE);
    const n = fs.readSync(fd, header, 0, SEGMENT_HEADER_SIZE, 0);
    segmentHeaderDamage(header.subarray(0, n), file);
  } finally {
    fs.closeSync(fd);
  }
}

function findDamage(buf: Uint8Array, file: string): FrameDamage | undefined {
  const reason = segmentHeaderDamage(buf, file);
  if (reason !== undefined) return { offset: 0, reason };
  return scanFrames(buf, SEGMENT_HEADER_SIZE).damage;
}

/** Cuts `file` back to `offset`; a damaged header is rewritten so the segment stays usable. Returns the new size. */
function truncateSegment(file: string, size: number, offset: number): number {
  const fd = fs.openSync(file, 'r+');
  try {
    if (offset < SEGMENT_HEADER_SIZE) {
      fs.ftruncateSync(fd, 0);
      fs.writeSync(fd, segmentHeader(), 0, SEGMENT_HEADER_SIZE, 0);
      offset = SEGMENT_HEADER_SIZE;
    } else if (offset < size) {
      fs.ftruncateSync(fd, offset);
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return offset;
}

function dropRest(
  dir: string,
  indexes: number[],
  repair: { segmentsDropped: number; bytesRemoved: number },
  logger: StorageLogger,
  why: string,
): void {
  let bytes = 0;
  for (const index of indexes) {
    const file = path.join(dir, segmentName(index));
    bytes += fs.statSync(file).size;
    fs.unlinkSync(file);
  }
  repair.segmentsDropped += indexes.length;
  repair.bytesRemoved += bytes;
  logger.warn(
    `WAL CORRUPTION in ${dir}: ${why}; deleted ${indexes.length} later segment(s) ` +
      `(${segmentName(indexes[0] as number)} to ${segmentName(indexes.at(-1) as number)}, ${bytes} bytes). ` +
      'Their records are lost.',
  );
}

function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
