// Segment files: names, the 8-byte header, and what a WAL directory holds.
//
//   <dir>/00000000, 00000001, ...        segments: header, then frames (frame.ts)
//   <dir>/checkpoint.00000007/00000000   a checkpoint of everything up to segment 7 (checkpoint.ts)
//   <dir>/checkpoint.00000007.tmp/       a checkpoint being written; a leftover is removed at open

import * as fs from 'node:fs';
import { CorruptionError, StorageError } from '../errors.js';

/** "TMWL": telemeter write log. */
export const SEGMENT_MAGIC = 0x544d574c;
/** Written into every segment header; bumped (never reused) when the segment or record layout changes. */
export const WAL_FORMAT_VERSION = 1;
/** magic u32 | version u8 | 3 reserved bytes, zero in version 1. */
export const SEGMENT_HEADER_SIZE = 8;

const SEGMENT_NAME = /^\d{8,}$/;
const CHECKPOINT_NAME = /^checkpoint\.(\d{8,})$/;
const CHECKPOINT_TEMP_NAME = /^checkpoint\.\d{8,}\.tmp$/;

export function segmentName(index: number): string {
  return String(index).padStart(8, '0');
}

export function checkpointName(index: number): string {
  return `checkpoint.${segmentName(index)}`;
}

export function segmentHeader(): Uint8Array {
  const header = new Uint8Array(SEGMENT_HEADER_SIZE);
  new DataView(header.buffer).setUint32(0, SEGMENT_MAGIC);
  header[4] = WAL_FORMAT_VERSION;
  return header;
}

/**
 * What is wrong with a segment's header, or undefined when it is sound. A version this code does
 * not know throws instead (before anything is repaired) so that an older binary never truncates
 * data a newer one wrote.
 */
export function segmentHeaderDamage(buf: Uint8Array, file: string): string | undefined {
  if (buf.length < SEGMENT_HEADER_SIZE) return 'segment header cut short';
  const magic = new DataView(buf.buffer, buf.byteOffset, 4).getUint32(0);
  if (magic !== SEGMENT_MAGIC) return 'bad segment magic';
  const version = buf[4] as number;
  if (version > WAL_FORMAT_VERSION) {
    throw new StorageError(
      'TM_STORAGE_UNSUPPORTED_VERSION',
      `${file}: WAL format version ${version} is newer than this version of @telemeter/storage reads ` +
        `(${WAL_FORMAT_VERSION}); upgrade @telemeter/storage to open this directory`,
    );
  }
  if (version === 0) return 'WAL format version 0';
  return undefined;
}

/** Throws CorruptionError unless the header is sound: for data that was already validated. */
export function checkSegmentHeader(buf: Uint8Array, file: string): void {
  const damage = segmentHeaderDamage(buf, file);
  if (damage !== undefined) throw new CorruptionError(file, 0, damage);
}

export interface WalDirListing {
  /** Segment indexes, ascending. */
  readonly segments: number[];
  /** Completed checkpoints by the segment they cover, ascending. */
  readonly checkpoints: number[];
  /** Names of unfinished checkpoint directories. */
  readonly temps: string[];
}

export function listWalDir(dir: string): WalDirListing {
  const segments: number[] = [];
  const checkpoints: number[] = [];
  const temps: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (SEGMENT_NAME.test(name)) segments.push(Number(name));
    else if (CHECKPOINT_TEMP_NAME.test(name)) temps.push(name);
    else {
      const m = CHECKPOINT_NAME.exec(name);
      if (m) checkpoints.push(Number(m[1]));
    }
  }
  segments.sort((a, b) => a - b);
  checkpoints.sort((a, b) => a - b);
  return { segments, checkpoints, temps };
}

/** Segment files of a directory (a checkpoint's), ascending. */
export function listSegments(dir: string): number[] {
  return listWalDir(dir).segments;
}
