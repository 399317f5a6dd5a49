// The 9-byte header every binary file of a block starts with (index, chunks, tombstones):
//
//   magic u32 BE | format version u8 | CRC-32 of those 5 bytes, u32 BE
//
// The header has its own checksum so that a damaged version byte reads as corruption, not as a
// file from the future; a version the reader does not know (with a valid checksum) is refused
// with TM_STORAGE_UNSUPPORTED_VERSION. Every future version keeps this header.

import { crc32 } from 'node:zlib';
import { CorruptionError, StorageError } from '../errors.js';

export const FILE_HEADER_BYTES = 9;

export function encodeFileHeader(magic: number, version: number): Uint8Array {
  const out = new Uint8Array(FILE_HEADER_BYTES);
  const view = new DataView(out.buffer);
  view.setUint32(0, magic);
  view.setUint8(4, version);
  view.setUint32(5, crc32(out.subarray(0, 5)));
  return out;
}

/** Checks magic, checksum and version; returns the version. */
export function checkFileHeader(
  buf: Uint8Array,
  file: string,
  magic: number,
  supportedVersion: number,
  what: string,
): number {
  if (buf.length < FILE_HEADER_BYTES)
    throw new CorruptionError(file, 0, `too short for a ${what} file (${buf.length} bytes)`);
  const view = new DataView(buf.buffer, buf.byteOffset, FILE_HEADER_BYTES);
  const found = view.getUint32(0);
  if (found !== magic) {
    throw new CorruptionError(
      file,
      0,
      `not a ${what} file: magic 0x${found.toString(16)}, expected 0x${magic.toString(16)}`,
    );
  }
  if (view.getUint32(5) !== crc32(buf.subarray(0, 5)))
    throw new CorruptionError(file, 5, 'header checksum mismatch');
  const version = view.getUint8(4);
  if (version < 1 || version > supportedVersion) {
    throw new StorageError(
      'TM_STORAGE_UNSUPPORTED_VERSION',
      `${file}: ${what} format version ${version} is not supported (this build reads up to ${supportedVersion}); upgrade @telemeter/storage`,
    );
  }
  return version;
}
