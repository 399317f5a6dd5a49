// Frames: how records sit in a segment. A frame is
//   u32 payload length (big-endian, > 0) | u32 CRC-32/IEEE of the payload | payload
// There is no page structure: a record is never split across segments, and a torn write can only
// damage the end of the segment being written.

import * as zlib from 'node:zlib';
import { CorruptionError } from '../errors.js';

export const FRAME_HEADER_SIZE = 8;
/** Lengths are u32; a zero length is never written, so zero-filled space reads as damage. */
export const MAX_RECORD_BYTES = 0xffff_ffff;

export function frameHeader(payload: Uint8Array): Uint8Array {
  const header = new Uint8Array(FRAME_HEADER_SIZE);
  const view = new DataView(header.buffer);
  view.setUint32(0, payload.length);
  view.setUint32(4, zlib.crc32(payload));
  return header;
}

/** Where and why a scan stopped before the end of the data. */
export interface FrameDamage {
  readonly offset: number;
  readonly reason: string;
}

export interface FrameScan {
  /** Offset just past the last whole, valid frame. */
  readonly end: number;
  readonly records: number;
  /** Set when bytes after `end` are not a valid frame (torn or corrupt). */
  readonly damage?: FrameDamage;
}

/**
 * Walks the frames of `buf` from `start`, calling `visit` with each payload (a view into `buf`), and
 * stops at the first frame that is cut short or fails its checksum.
 */
export function scanFrames(
  buf: Uint8Array,
  start: number,
  visit?: (payload: Uint8Array, offset: number) => void,
): FrameScan {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = start;
  let records = 0;
  while (pos < buf.length) {
    if (buf.length - pos < FRAME_HEADER_SIZE)
      return { end: pos, records, damage: { offset: pos, reason: 'torn frame header' } };
    const length = view.getUint32(pos);
    const crc = view.getUint32(pos + 4);
    if (length === 0) return { end: pos, records, damage: { offset: pos, reason: 'zero frame length' } };
    const payloadStart = pos + FRAME_HEADER_SIZE;
    if (length > buf.length - payloadStart) {
      return {
        end: pos,
        records,
        damage: { offset: pos, reason: `frame of ${length} bytes runs past the end of the file` },
      };
    }
    const payload = buf.subarray(payloadStart, payloadStart + length);
    if (zlib.crc32(payload) !== crc)
      return { end: pos, records, damage: { offset: pos, reason: 'checksum mismatch' } };
    visit?.(payload, payloadStart);
    records++;
    pos = payloadStart + length;
  }
  return { end: pos, records };
}

/** Like scanFrames, but damage is an error: for data that was already validated (replay, checkpoints). */
export function readFrames(
  buf: Uint8Array,
  start: number,
  file: string,
  visit: (payload: Uint8Array) => void,
): number {
  const scan = scanFrames(buf, start, visit);
  if (scan.damage) throw new CorruptionError(file, scan.damage.offset, scan.damage.reason);
  return scan.records;
}
