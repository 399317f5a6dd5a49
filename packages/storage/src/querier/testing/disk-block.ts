// Real blocks on disk from the same specs as mem-block.ts, for compaction and downsampling tests.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Block, openBlock } from '../../block/block.js';
import { writeBlock } from '../../block/write-block.js';
import { XorChunk } from '../../chunkenc/xor.js';
import { compareLabels, normalizeLabels } from '../../labels/labels.js';
import type { MemBlockSpec } from './mem-block.js';

/** Writes and opens a block; each series' chunks must be in time order and must not overlap. */
export function writeSpecBlock(parentDir: string, spec: MemBlockSpec): Block {
  const series = spec.series
    .map((s) => ({
      labels: normalizeLabels(s.labels),
      chunks: s.chunks
        .filter((samples) => samples.length > 0)
        .map((samples) => {
          const chunk = new XorChunk();
          for (const [t, v] of samples) chunk.append(t, v);
          return { chunk, minTime: chunk.minTime, maxTime: chunk.maxTime };
        }),
    }))
    .sort((a, b) => compareLabels(a.labels, b.labels));
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const s of series) {
    for (const c of s.chunks) {
      lo = Math.min(lo, c.minTime);
      hi = Math.max(hi, c.maxTime);
    }
  }
  const minTime = spec.minTime ?? (Number.isFinite(lo) ? lo : 0);
  const maxTime = spec.maxTime ?? (Number.isFinite(hi) ? hi + 1 : minTime + 1);
  const meta = writeBlock(parentDir, {
    minTime,
    maxTime,
    series,
    ...(spec.resolutionMs === undefined ? {} : { resolutionMs: spec.resolutionMs }),
  });
  return openBlock(join(parentDir, meta.ulid));
}

/** A fresh temp directory and its removal. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `telemeter-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
