import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { StorageError } from '../errors.js';
import { labelsFromRecord } from '../labels/labels.js';
import { createMatcher } from '../labels/matchers.js';
import type { Querier } from '../types.js';
import { isStaleNaN, STALE_NAN } from '../value.js';
import { DB } from './db.js';
import type { DBOptions } from './options.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const quiet = { warn: () => {}, info: () => {} };
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'telemeter-db-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(dir: string, options: DBOptions = {}): DB {
  return DB.open(dir, { compactionIntervalMs: 0, retentionMs: 0, logger: quiet, ...options });
}

/** Appends `count` scrapes of `series` gauges every `stepMs` from `start`; value = t / 1000 + k. */
async function fill(db: DB, series: number, start: number, count: number, stepMs = 15_000): Promise<void> {
  const labels = Array.from({ length: series }, (_, k) =>
    labelsFromRecord({ __name__: 'load', instance: `i${k}` }),
  );
  for (let i = 0; i < count; i++) {
    const app = db.appender();
    const t = start + i * stepMs;
    for (let k = 0; k < series; k++) app.append(labels[k] as (typeof labels)[number], t, t / 1000 + k);
    await app.commit();
  }
}

function read(q: Querier, name = 'load'): Map<string, [number, number][]> {
  const out = new Map<string, [number, number][]>();
  for (const s of q.select([createMatcher('=', '__name__', name)])) {
    const samples: [number, number][] = [];
    const it = s.iterator();
    while (it.next()) samples.push([it.t, it.v]);
    assert.equal(it.err(), undefined);
    out.set(s.labels.map((l) => `${l.name}=${l.value}`).join(','), samples);
  }
  q.close();
  return out;
}

function countSamples(db: DB, name = 'load'): number {
  let n = 0;
  for (const samples of read(db.querier(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER), name).values())
    n += samples.length;
  return n;
}

describe('DB', () => {
  it('keeps committed samples across close and reopen, stale markers included', async () => {
    const dir = tempDir();
    let db = open(dir);
    await fill(db, 3, 0, 10);
    const app = db.appender();
    app.append(labelsFromRecord({ __name__: 'load', instance: 'i0' }), 10 * 15_000, STALE_NAN);
    app.setMetadata('load', { type: 'gauge', help: 'Synthetic load.', unit: '' });
    await app.commit();
    await db.close();
    db = open(dir);
    const data = read(db.querier(0, HOUR));
    assert.equal(data.size, 3);
    const i0 = data.get('__name__=load,instance=i0') ?? [];
    assert.equal(i0.length, 11);
    assert.deepEqual(i0[3], [45_000, 45]);
    assert.ok(isStaleNaN((i0[10] as [number, number])[1]));
    assert.deepEqual(db.metadata('load').get('load'), { type: 'gauge', help: 'Synthetic load.', unit: '' });
    await db.close();
  });

  it('refuses a second open of the same directory and a newer format', async () => {
    const dir = tempDir();
    const db = open(dir);
    assert.throws(
      () => open(dir),
      (e: unknown) => e instanceof StorageError && e.code === 'TM_STORAGE_LOCKED',
    );
    await db.close();
    writeFileSync(join(dir, 'storage.json'), '{"format": 99}');
    assert.throws(
      () => open(dir),
      (e: unknown) => e instanceof StorageError && e.code === 'TM_STORAGE_UNSUPPORTED_VERSION',
    );
  });

  it('cuts the head into blocks, compacts them, and reads the same data across head and blocks', async () => {
    const dir = tempDir();
    const db = open(dir, { blockRangeMs: 10 * MIN });
    await fill(db, 5, 0, 240); // one hour at 15 s
    const before = read(db.querier(0, 2 * HOUR));
    await db.compact();
    const stats = db.stats();
    assert.ok(stats.numBlocks >= 1, 'the head was cut into at least one block');
    assert.ok(
      stats.head.minTime >= 40 * MIN,
      `head keeps only the last ranges, starts at ${stats.head.minTime}`,
    );
    assert.deepEqual(read(db.querier(0, 2 * HOUR)), before);
    assert.equal(stats.numSamples, 5 * 240);
    await db.close();
    const again = open(dir, { blockRangeMs: 10 * MIN });
    assert.deepEqual(read(again.querier(0, 2 * HOUR)), before);
    await again.close();
  });

  it('rejects samples older than the persisted blocks as too_old', async () => {
    const db = open(tempDir(), { blockRangeMs: 10 * MIN });
    await fill(db, 1, 0, 240);
    await db.compact();
    const app = db.appender();
    app.append(labelsFromRecord({ __name__: 'load', instance: 'i0' }), 60_000, 1);
    const result = await app.commit();
    assert.equal(result.rejected.too_old, 1);
    assert.equal(result.appended, 0);
    await db.close();
  });

  it('deletes series by matcher in blocks and head, durably', async () => {
    const dir = tempDir();
    let db = open(dir, { blockRangeMs: 10 * MIN });
    await fill(db, 3, 0, 240);
    await db.compact();
    await db.deleteSeries([createMatcher('=', 'instance', 'i1')]);
    await db.deleteSeries([createMatcher('=', 'instance', 'i2')], 0, 30 * MIN - 1);
    const check = (d: DB) => {
      const data = read(d.querier(0, 2 * HOUR));
      assert.equal(data.get('__name__=load,instance=i1'), undefined);
      assert.equal(data.get('__name__=load,instance=i2')?.length, 120);
      assert.equal(data.get('__name__=load,instance=i0')?.length, 240);
    };
    check(db);
    await db.close();
    db = open(dir, { blockRangeMs: 10 * MIN });
    check(db);
    await db.close();
  });

  it('drops blocks past the age retention, by the given clock', async () => {
    let now = 0;
    const db = open(tempDir(), { blockRangeMs: 10 * MIN, retentionMs: 30 * MIN, now: () => now });
    await fill(db, 2, 0, 240);
    now = HOUR;
    await db.compact();
    const stats = db.stats();
    for (const b of stats.blocks)
      assert.ok(b.maxTime > now - 30 * MIN, `block ending at ${b.maxTime} should have been dropped`);
    assert.ok(countSamples(db) < 2 * 240);
    assert.ok(countSamples(db) >= 2 * 120, 'the last 30 minutes are kept');
    await db.close();
  });

  it('drops the oldest blocks while over the size retention', async () => {
    const db = open(tempDir(), { blockRangeMs: 10 * MIN });
    await fill(db, 20, 0, 480);
    await db.compact();
    const all = db.stats();
    assert.ok(all.numBlocks >= 2);
    await db.close();
    const budget = all.bytesOnDisk - (all.blocks[0]?.bytes ?? 0) + 1;
    const dir = db.dir;
    const limited = open(dir, { blockRangeMs: 10 * MIN, retentionBytes: budget });
    await limited.compact();
    const after = limited.stats();
    assert.ok(after.bytesOnDisk <= budget, `${after.bytesOnDisk} bytes on disk, budget ${budget}`);
    assert.equal(after.blocks[0]?.minTime === all.blocks[0]?.minTime, false, 'the oldest block went first');
    await limited.close();
  });

  it('rolls old raw data up and answers long ranges from the rollups after raw retention', async () => {
    let now = 0;
    const options: DBOptions = {
      blockRangeMs: 30 * MIN,
      retentionMs: 0,
      downsample: { resolutionMs: 5 * MIN, afterMs: 2 * HOUR, rawRetentionMs: 4 * HOUR },
      now: () => now,
    };
    const db = open(tempDir(), options);
    await fill(db, 1, 0, 4 * 120, 30_000); // 4 hours at 30 s
    now = 5 * HOUR;
    await db.compact();
    now = 10 * HOUR;
    await db.compact();
    const rollups = db.stats().blocks.filter((b) => b.resolutionMs === 5 * MIN);
    assert.ok(rollups.length >= 1, 'rollup blocks exist');
    const q = db.querier(0, 3 * HOUR - 1);
    const [series] = q.select([createMatcher('=', '__name__', 'load')], { func: 'max_over_time' });
    assert.ok(series, 'the series is still readable from rollups');
    assert.equal(
      series.labels.some((l) => l.name === '__rollup__'),
      false,
    );
    const it = series.iterator();
    const points: [number, number][] = [];
    while (it.next()) points.push([it.t, it.v]);
    q.close();
    // One point per 5 minutes, each the window's max: the last raw sample of the window (value = t/1000).
    assert.equal(points.length, 36);
    for (const [t, v] of points) assert.equal(v, t / 1000);
    await db.close();
  });

  it('writes a snapshot that opens as a data directory with the same data', async () => {
    const dir = tempDir();
    const db = open(dir, { blockRangeMs: 10 * MIN });
    await fill(db, 4, 0, 200);
    await db.compact();
    await fill(db, 4, 200 * 15_000, 5);
    const target = join(tempDir(), 'snap');
    await db.snapshot(target);
    const expected = read(db.querier(0, 2 * HOUR));
    await db.close();
    assert.ok(readdirSync(join(target, 'blocks')).length >= 2);
    const copy = open(target, { blockRangeMs: 10 * MIN });
    assert.deepEqual(read(copy.querier(0, 2 * HOUR)), expected);
    await copy.close();
  });

  it('lets a querier finish reading blocks that a compaction replaced', async () => {
    const db = open(tempDir(), { blockRangeMs: 10 * MIN });
    await fill(db, 2, 0, 300);
    await db.compact();
    const q = db.querier(0, 2 * HOUR);
    const series = q.select([createMatcher('=', '__name__', 'load')]);
    await fill(db, 2, 300 * 15_000, 300);
    await db.compact();
    let n = 0;
    for (const s of series) {
      const it = s.iterator();
      while (it.next()) n++;
      assert.equal(it.err(), undefined);
    }
    assert.equal(n, 2 * 300);
    q.close();
    await db.close();
  });

  it('reports stats for head, blocks and WAL', async () => {
    const db = open(tempDir(), { blockRangeMs: 10 * MIN });
    await fill(db, 10, 0, 100);
    const s = db.stats();
    assert.equal(s.head.numSeries, 10);
    assert.equal(s.head.numSamples, 1000);
    assert.ok(s.head.memoryBytes > 0);
    assert.ok(s.wal.bytes > 0);
    assert.equal(s.numBlocks, 0);
    assert.deepEqual(s.appends, {
      appended: 1000,
      seriesCreated: 10,
      rejected: { out_of_order: 0, duplicate: 0, too_old: 0, invalid: 0 },
    });
    const app = db.appender();
    app.append(labelsFromRecord({ __name__: 'load', instance: 'i0' }), 0, 5);
    app.append(labelsFromRecord({ __name__: 'load', instance: 'i0' }), 99 * 15_000, 7);
    await app.commit();
    assert.deepEqual(db.stats().appends.rejected, { out_of_order: 1, duplicate: 1, too_old: 0, invalid: 0 });
    await db.close();
  });
});
