// meta.json: a block's identity, time range and stats (fields in docs/format/block.md). It is the
// last file written before the block directory is renamed into place, so it is only ever read
// whole. A `crc32` field holds the CRC-32 of the compact JSON of every other field, in written
// order: a flipped digit in a time range would otherwise parse as a valid, wrong block.
// Every future version keeps `version` and `crc32` with this meaning.

import { crc32 } from 'node:zlib';
import { CorruptionError, StorageError } from '../errors.js';
import type { BlockMeta } from '../types.js';

export const BLOCK_VERSION = 1;
export const META_FILE = 'meta.json';

export interface BlockFileInfo {
  readonly name: string;
  readonly sizeBytes: number;
}

/** meta.json as stored: the BlockMeta plus the sizes of the block's immutable files. */
export interface StoredBlockMeta extends BlockMeta {
  readonly files: readonly BlockFileInfo[];
}

export function encodeMeta(meta: StoredBlockMeta): Uint8Array {
  const body = {
    ulid: meta.ulid,
    minTime: meta.minTime,
    maxTime: meta.maxTime,
    stats: {
      numSeries: meta.stats.numSeries,
      numSamples: meta.stats.numSamples,
      numChunks: meta.stats.numChunks,
    },
    compaction: { level: meta.compaction.level, sources: [...meta.compaction.sources] },
    resolutionMs: meta.resolutionMs,
    version: meta.version,
    files: meta.files.map((f) => ({ name: f.name, sizeBytes: f.sizeBytes })),
  };
  const withCrc = { ...body, crc32: crc32(JSON.stringify(body)) };
  return new TextEncoder().encode(`${JSON.stringify(withCrc, null, 2)}\n`);
}

export function decodeMeta(bytes: Uint8Array, file: string): StoredBlockMeta {
  const fail = (message: string): never => {
    throw new CorruptionError(file, 0, message);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    return fail(`not valid JSON: ${(err as Error).message}`);
  }
  if (!isObject(parsed)) return fail('not a JSON object');
  const { crc32: stored, ...body } = parsed;
  if (stored !== crc32(JSON.stringify(body))) return fail('checksum mismatch');

  const version = body.version;
  if (!isInt(version) || version < 1) return fail('missing or invalid version');
  if (version > BLOCK_VERSION) {
    throw new StorageError(
      'TM_STORAGE_UNSUPPORTED_VERSION',
      `${file}: block format version ${version} is not supported (this build reads up to ${BLOCK_VERSION}); upgrade @telemeter/storage`,
    );
  }
  const { ulid, minTime, maxTime, stats, compaction, resolutionMs, files } = body;
  if (typeof ulid !== 'string') return fail('missing ulid');
  if (!isInt(minTime) || !isInt(maxTime) || maxTime < minTime) return fail('invalid time range');
  if (!isObject(stats) || !isInt(stats.numSeries) || !isInt(stats.numSamples) || !isInt(stats.numChunks))
    return fail('invalid stats');
  if (!isObject(compaction) || !isInt(compaction.level) || !Array.isArray(compaction.sources))
    return fail('invalid compaction');
  if (!compaction.sources.every((s) => typeof s === 'string')) return fail('invalid compaction sources');
  if (!isInt(resolutionMs) || resolutionMs < 0) return fail('invalid resolutionMs');
  if (
    !Array.isArray(files) ||
    !files.every((f) => isObject(f) && typeof f.name === 'string' && isInt(f.sizeBytes))
  ) {
    return fail('invalid files list');
  }
  return {
    ulid,
    minTime,
    maxTime,
    stats: { numSeries: stats.numSeries, numSamples: stats.numSamples, numChunks: stats.numChunks },
    compaction: { level: compaction.level, sources: compaction.sources as string[] },
    resolutionMs,
    version,
    files: files as BlockFileInfo[],
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v);
}
