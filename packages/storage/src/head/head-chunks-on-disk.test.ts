import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { labelsKey } from '../labels/labels.js';
import type { Labels } from '../types.js';
import {
  commitBatch,
  openHead,
  quietLogger,
  readSamples,
  removeDir,
  type Sample,
  series,
  tempDir,
} from './testing/head-fixtures.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) removeDir(d);
});

const SERIES: Labels[] = Array.from({ length: 40 }, (_, i) => series('disk_test', { i: String(i) }));

/** Samples [from, to) of every series, one batch per timestamp (a scrape loop). */
async function scrape(head: Parameters<typeof commitBatch>[0], from: number, to: number): Promise<void> {
  for (let t = from; t < to; t++)
    await commitBatch(
      head,
      SERIES.map((l, i) => [l, t * 1000, Math.sin(t + i)] as const),
    );
}

function expected(from: number, to: number): Map<string, Sample[]> {
  const out = new Map<string, Sample[]>();
  SERIES.forEach((l, i) => {
    const samples: Sample[] = [];
    for (let t = from; t < to; t++) samples.push([t * 1000, Math.sin(t + i)]);
    out.set(labelsKey(l), samples);
  });
  return out;
}

describe('head with full chunks on disk (chunks_head)', () => {
  it('writes full chunks to files, reads them back, and rebuilds them from the WAL after a reopen', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const chunksDir = path.join(dir, 'chunks_head');
    const first = openHead(dir, { samplesPerChunk: 10, chunksDir });
    await scrape(first.head, 0, 25);
    assert.deepEqual(readSamples(first.head), expected(0, 25));
    const onDisk = fs
      .readdirSync(chunksDir)
      .reduce((n, f) => n + fs.statSync(path.join(chunksDir, f)).size, 0);
    const stats = first.head.stats();
    assert.equal(stats.numChunks, 40 * 3);
    assert.equal(first.head.closed.size, 40 * 2, 'two full chunks per series are closed');
    // The write buffer may still hold them; what is in files plus the buffer is every closed chunk.
    assert.ok(onDisk >= 0);
    await first.wal.close();
    first.head.close();
    assert.equal(fs.existsSync(chunksDir), false);

    const second = openHead(dir, { samplesPerChunk: 10, chunksDir });
    assert.deepEqual(readSamples(second.head), expected(0, 25));
    await scrape(second.head, 25, 31);
    assert.deepEqual(readSamples(second.head), expected(0, 31));
    await second.wal.close();
    second.head.close();
  });

  it('keeps a chunk a reader took readable until the truncate after the one that dropped it', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const chunksDir = path.join(dir, 'chunks_head');
    const { wal, head } = openHead(dir, {
      samplesPerChunk: 10,
      chunksDir,
      chunkFileBytes: 4096,
      logger: quietLogger(),
    });
    await scrape(head, 0, 60);
    const ref = head.getRef(SERIES[0] as Labels) as number;
    const metas = head.index().series(ref)?.chunks ?? [];
    assert.equal(metas.length, 6);
    const filesBefore = fs.readdirSync(chunksDir).length;
    assert.ok(filesBefore > 2, `${filesBefore} chunk files`);

    await head.truncate(30_000);
    const reader = head.chunks();
    const dropped = metas[0] as (typeof metas)[0];
    const it = reader.chunk(dropped).iterator();
    let n = 0;
    while (it.next()) n++;
    assert.equal(n, 10, 'a chunk dropped by the truncate is still readable through its meta');

    await head.truncate(30_000);
    assert.ok(fs.readdirSync(chunksDir).length < filesBefore, 'files emptied by the first truncate are gone');
    assert.deepEqual(
      readSamples(head)
        .get(labelsKey(SERIES[0] as Labels))
        ?.map(([t]) => t),
      Array.from({ length: 30 }, (_, i) => (30 + i) * 1000),
    );
    await wal.close();
    head.close();
  });

  it('estimates less memory than a head keeping the same chunks in memory', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const disk = openHead(path.join(dir, 'a'), {
      samplesPerChunk: 10,
      chunksDir: path.join(dir, 'a', 'chunks_head'),
    });
    const memory = openHead(path.join(dir, 'b'), { samplesPerChunk: 10 });
    await scrape(disk.head, 0, 200);
    await scrape(memory.head, 0, 200);
    assert.ok(disk.head.stats().memoryBytes < memory.head.stats().memoryBytes);
    for (const o of [disk, memory]) {
      await o.wal.close();
      o.head.close();
    }
  });
});
