// Test helpers for the head: temp directories with a real WAL, label shorthands, and a reader that
// turns any BlockReader into plain arrays while checking the chunk metas it was handed.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { labelsFromRecord, labelsKey } from '../../labels/labels.js';
import type { BlockReader, Labels, StorageLogger } from '../../types.js';
import { isStaleNaN } from '../../value.js';
import { Wal } from '../../wal/wal.js';
import { Head, type HeadOptions } from '../head.js';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'tm-head-'));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export function series(name: string, extra: Record<string, string> = {}): Labels {
  return labelsFromRecord({ __name__: name, ...extra });
}

export interface Opened {
  readonly wal: Wal;
  readonly head: Head;
}

/** Opens the WAL in dir/wal and a head over it, replaying what is there (after minValidTime, if given). */
export function openHead(
  dir: string,
  options: Omit<HeadOptions, 'wal'> & { minValidTime?: number } = {},
): Opened {
  const wal = Wal.open(path.join(dir, 'wal'), { fsync: 'none', segmentBytes: 64 * 1024 });
  const head = new Head({ ...options, wal, logger: options.logger ?? quietLogger() });
  if (options.minValidTime !== undefined) head.setMinValidTime(options.minValidTime);
  head.replay();
  return { wal, head };
}

export function quietLogger(): StorageLogger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, warn: (m) => warnings.push(m), info: () => {} };
}

/** A sample as tests compare it: stale markers become the string 'stale' so deepEqual can see them. */
export type Sample = [t: number, v: number | 'stale'];

export function sample(t: number, v: number): Sample {
  return [t, Number.isNaN(v) && isStaleNaN(v) ? 'stale' : v];
}

/**
 * Every series of the reader with its samples, keyed by labelsKey. Checks on the way that chunk
 * metas are ascending and disjoint and agree with the chunks' contents.
 */
export function readAll(reader: BlockReader): Map<string, { labels: Labels; samples: Sample[] }> {
  const out = new Map<string, { labels: Labels; samples: Sample[] }>();
  const index = reader.index();
  const chunks = reader.chunks();
  for (const ref of index.allPostings()) {
    const entry = index.series(ref);
    assert.ok(entry !== undefined, `series ${ref} listed but missing`);
    const samples: Sample[] = [];
    let prevMax = Number.NEGATIVE_INFINITY;
    for (const meta of entry.chunks) {
      assert.ok(meta.minTime > prevMax, `chunk metas overlap or are out of order in series ${ref}`);
      assert.ok(meta.minTime <= meta.maxTime);
      prevMax = meta.maxTime;
      const it = chunks.chunk(meta).iterator();
      let n = 0;
      let first = Number.NaN;
      let last = Number.NaN;
      while (it.next()) {
        if (n === 0) first = it.t;
        else assert.ok(it.t > last, `chunk samples not ascending in series ${ref}`);
        last = it.t;
        n++;
        samples.push(sample(it.t, it.v));
      }
      assert.equal(it.err(), undefined);
      assert.deepEqual(
        [n, first, last],
        [meta.numSamples, meta.minTime, meta.maxTime],
        'chunk meta disagrees with chunk',
      );
    }
    out.set(labelsKey(entry.labels), { labels: entry.labels, samples });
  }
  return out;
}

/** readAll reduced to labelsKey → samples, for deepEqual against a model. */
export function readSamples(reader: BlockReader): Map<string, Sample[]> {
  const out = new Map<string, Sample[]>();
  for (const [key, { samples }] of readAll(reader)) out.set(key, samples);
  return out;
}

/** Appends each [labels, t, v] in one batch and commits it. */
export async function commitBatch(head: Head, samples: readonly (readonly [Labels, number, number])[]) {
  const app = head.appender();
  for (const [labels, t, v] of samples) app.append(labels, t, v);
  return app.commit();
}
