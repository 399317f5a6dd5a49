import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { labelsKey } from '../labels/labels.js';
import type { Interval, Labels } from '../types.js';
import type { Head } from './head.js';
import {
  commitBatch,
  type Opened,
  openHead,
  readSamples,
  removeDir,
  type Sample,
  series,
  tempDir,
} from './testing/head-fixtures.js';

const SERIES = 120;
const WINDOW = 40;

/** A small deterministic generator (mulberry32), so a failure replays the same interleaving. */
function random(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x6d2b79f5) >>> 0;
    let r = Math.imul(x ^ (x >>> 15), 1 | x);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 2 ** 32;
  };
}

interface HeadState {
  readonly samples: Map<string, Sample[]>;
  readonly tombstones: Map<string, readonly Interval[]>;
  readonly metadata: Map<string, unknown>;
}

/** What a reopened head must hold: samples at or above minValid, tombstones and metadata by labels. */
function stateOf(head: Head, minValid: number): HeadState {
  const samples = new Map<string, Sample[]>();
  for (const [key, list] of readSamples(head))
    samples.set(
      key,
      list.filter(([t]) => t >= minValid),
    );
  const tombstones = new Map<string, readonly Interval[]>();
  for (const s of head.byRef.values()) {
    const list = head.tombstones().get(s.ref);
    if (list.length > 0) tombstones.set(labelsKey(s.labels), list);
  }
  return { samples, tombstones, metadata: new Map(head.metadata()) };
}

/** Counts kept by the head agree with what it holds. */
function assertCounts(head: Head, minValid: number): void {
  let samples = 0;
  for (const list of readSamples(head).values()) samples += list.filter(([t]) => t >= minValid).length;
  let chunks = 0;
  for (const s of head.byRef.values()) chunks += s.numChunks;
  assert.deepEqual([head.numSamples, head.stats().numChunks], [samples, chunks], 'sample and chunk counts');
}

/**
 * Commits random batches (in-order and late samples, new series, series about to be dropped coming
 * back, deletions, metadata) one per turn of the event loop until `work` settles; returns how many
 * commits landed while it ran.
 */
async function commitWhile(
  head: Head,
  labels: Labels[],
  next: () => number,
  rand: () => number,
  work: Promise<void>,
): Promise<number> {
  let done = false;
  const ended = work.then(() => {
    done = true;
  });
  let commits = 0;
  while (!done) {
    const app = head.appender();
    for (let k = 0; k < 8; k++) {
      // Now and then one of the series the truncation drops comes back (10..39 never do).
      const id = rand() < 0.02 ? Math.floor(rand() * 10) : 40 + Math.floor(rand() * (labels.length - 40));
      const late = rand() < 0.3;
      const t = late ? head.maxTime - Math.floor(rand() * WINDOW) : next();
      app.append(labels[id] as Labels, t, Math.round(rand() * 1000) / 10);
    }
    if (rand() < 0.2) app.setMetadata('m', { type: 'gauge', help: `help ${commits}`, unit: '' });
    await app.commit();
    if (rand() < 0.2) {
      const id = Math.floor(rand() * labels.length);
      const from = head.maxTime - Math.floor(rand() * 100);
      await head.deleteSeries([{ type: '=', name: 'id', value: String(id) }], from, from + 20);
    }
    commits++;
    await new Promise((resolve) => setImmediate(resolve));
  }
  await ended;
  return commits;
}

describe('head truncation with commits in flight', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeDir));

  for (const seed of [1, 2, 3]) {
    it(`reopens to exactly the committed data (seed ${seed})`, async () => {
      const dir = tempDir();
      dirs.push(dir);
      const rand = random(seed);
      const options = { samplesPerChunk: 5, oooWindowMs: WINDOW, chunksDir: path.join(dir, 'chunks_head') };
      // Series SERIES..SERIES+29 are created only while truncations run.
      const labels = Array.from({ length: SERIES + 30 }, (_, i) => series('m', { id: String(i) }));
      let first: Opened | undefined = openHead(dir, options);
      const head = first.head;
      for (let t = 0; t < 600; t += 10) {
        // The first 40 series stop at 200: the truncation below drops them unless a commit revives them.
        const batch = labels
          .slice(0, SERIES)
          .flatMap((l, i) => (i < 40 && t >= 200 ? [] : [[l, t, t + i] as const]));
        await commitBatch(head, batch);
      }
      await head.deleteSeries([{ type: '=', name: 'id', value: '50' }], 100, 350);
      await head.deleteSeries([{ type: '=', name: 'id', value: '51' }], 0, 50);

      let nextT = 600;
      const next = () => nextT++;
      let minValid = 0;
      for (const mint of [300, 450]) {
        // As the DB does: late samples below the cut are refused from the start of the cut.
        head.setMinValidTime(mint);
        minValid = mint;
        const commits = await commitWhile(head, labels, next, rand, head.truncate(mint, 0));
        assert.ok(commits >= 3, `only ${commits} commits landed during the truncation`);
        assertCounts(head, minValid);
      }
      assert.ok(
        labels.slice(10, 40).every((l) => head.getRef(l) === undefined),
        'series without data at or above mint were dropped',
      );
      assert.notEqual(first.wal.stats().checkpoint, null);
      await commitBatch(head, [[labels[0] as Labels, nextT++, 1]]);
      const expected = stateOf(head, minValid);
      const expectedStats = [head.numSeries, head.numSamples, head.maxTime];
      await first.wal.close();
      head.close();
      first = undefined;

      const reopened = openHead(dir, { ...options, minValidTime: minValid });
      assert.deepEqual(stateOf(reopened.head, minValid), expected);
      assert.deepEqual(
        [reopened.head.numSeries, reopened.head.numSamples, reopened.head.maxTime],
        expectedStats,
      );
      await reopened.wal.close();
      reopened.head.close();
    });
  }
});
