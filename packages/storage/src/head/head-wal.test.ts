import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { labelsKey } from '../labels/labels.js';
import { encodeBatch } from '../record/batch.js';
import { encodeTombstones } from '../record/tombstones.js';
import { STALE_NAN } from '../value.js';
import { Wal } from '../wal/wal.js';
import { Head } from './head.js';
import type { HeadWal } from './head-wal.js';
import {
  commitBatch,
  openHead,
  quietLogger,
  readAll,
  readSamples,
  removeDir,
  series,
  tempDir,
} from './testing/head-fixtures.js';

const a = series('m', { s: 'a' });
const b = series('m', { s: 'b' });
const c = series('other');

describe('head: WAL replay, truncation and checkpoints', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeDir));
  const newDir = () => {
    const dir = tempDir();
    dirs.push(dir);
    return dir;
  };

  it('commit -> close -> reopen gives identical data, refs, metadata and bounds', async () => {
    const dir = newDir();
    const first = openHead(dir, { samplesPerChunk: 3, oooWindowMs: 1000 });
    for (let t = 0; t < 20; t++)
      await commitBatch(first.head, [
        [a, t * 10, t],
        [b, t * 10, -t],
      ]);
    await commitBatch(first.head, [
      [a, 55, STALE_NAN],
      [c, 100, Number.NaN],
      [b, 5, -0.5],
    ]);
    const app = first.head.appender();
    app.setMetadata('m', { type: 'counter', help: 'M.', unit: 'seconds' });
    await app.commit();
    const before = readAll(first.head);
    const refs = [a, b, c].map((l) => first.head.getRef(l));
    const stats = first.head.stats();
    await first.wal.close();

    const second = openHead(dir, { samplesPerChunk: 3, oooWindowMs: 1000 });
    assert.deepEqual(readAll(second.head), before);
    assert.deepEqual(
      [a, b, c].map((l) => second.head.getRef(l)),
      refs,
    );
    assert.deepEqual(second.head.metadata().get('m'), { type: 'counter', help: 'M.', unit: 'seconds' });
    const again = second.head.stats();
    assert.deepEqual(
      [again.numSeries, again.numSamples, again.minTime, again.maxTime],
      [stats.numSeries, stats.numSamples, stats.minTime, stats.maxTime],
    );
    // The policy state came back too: the last sample is a duplicate, the next ref is fresh.
    const res = await commitBatch(second.head, [
      [a, 190, 19],
      [a, 190, 1],
      [series('new'), 1, 1],
    ]);
    assert.deepEqual([res.appended, res.rejected.duplicate, res.seriesCreated], [1, 1, 1]);
    assert.ok((second.head.getRef(series('new')) as number) > Math.max(...(refs as number[])));
    await second.wal.close();
  });

  it('a failed WAL write leaves memory and the policy state untouched', async () => {
    const dir = newDir();
    const { wal, head: probe } = openHead(dir);
    let failNext = true;
    const failing: HeadWal = {
      log: (record) => {
        if (failNext) {
          failNext = false;
          throw new Error('disk full');
        }
        return wal.log(record);
      },
      replay: (visit) => wal.replay(visit),
      segmentRange: () => wal.segmentRange(),
      cutSegment: () => wal.cutSegment(),
      checkpoint: (upto, records) => wal.checkpoint(upto, records),
    };
    assert.equal(probe.numSeries, 0);
    const head = new Head({ wal: failing, logger: quietLogger() });
    failNext = false;
    await commitBatch(head, [[a, 10, 1]]);
    failNext = true;
    await assert.rejects(
      commitBatch(head, [
        [a, 20, 2],
        [b, 20, 2],
      ]),
      /disk full/,
    );
    assert.deepEqual(readSamples(head), new Map([[labelsKey(a), [[10, 1]]]]));
    assert.deepEqual([head.numSeries, head.numSamples, head.maxTime, head.getRef(b)], [1, 1, 10, undefined]);
    const retry = await commitBatch(head, [
      [a, 20, 2],
      [b, 20, 2],
    ]);
    assert.deepEqual([retry.appended, retry.seriesCreated, retry.rejected.duplicate], [2, 1, 0]);
    await wal.close();
    const reopened = openHead(dir);
    assert.deepEqual(readSamples(reopened.head), readSamples(head));
    await reopened.wal.close();
  });

  it('truncate drops old chunks and empty series, checkpoints, and reopens to the same data', async () => {
    const dir = newDir();
    const first = openHead(dir, { samplesPerChunk: 4, oooWindowMs: 50 });
    for (let t = 0; t < 100; t++)
      await commitBatch(first.head, [[a, t * 10, t], ...(t < 30 ? [[b, t * 10, t] as const] : [])]);
    await commitBatch(first.head, [[a, 975, 97.5]]);
    const segmentsBefore = first.wal.segmentRange();
    await first.head.truncate(500);
    assert.equal(first.head.getRef(b), undefined, 'b has nothing at or above 500');
    assert.equal(first.head.numSeries, 1);
    assert.ok(
      first.wal.segmentRange().first > segmentsBefore.last,
      'old segments replaced by the checkpoint',
    );
    assert.equal(first.head.minTime, 500, 'the head starts at mint');
    assert.equal(
      readSamples(first.head).get(labelsKey(a))?.[0]?.[0],
      480,
      'a chunk straddling mint is kept whole',
    );
    const after = readSamples(first.head);
    await commitBatch(first.head, [[a, 1000, 100]]);
    const withNew = readSamples(first.head);
    await first.wal.close();

    const second = openHead(dir, { samplesPerChunk: 4, oooWindowMs: 50, minValidTime: 500 });
    const expected = withNew.get(labelsKey(a))?.filter(([t]) => t >= 500);
    assert.deepEqual(readSamples(second.head).get(labelsKey(a)), expected);
    assert.equal(
      after.get(labelsKey(a))?.some(([t]) => t === 975),
      true,
    );
    assert.equal(second.head.getRef(b), undefined);
    const res = await commitBatch(second.head, [
      [a, 499, 1],
      [b, 2000, 1],
    ]);
    assert.deepEqual([res.rejected.too_old, res.appended, res.seriesCreated], [1, 1, 1]);
    await second.wal.close();
  });

  it('truncating twice in a row and reopening keeps everything at or above mint', async () => {
    const dir = newDir();
    const first = openHead(dir, { samplesPerChunk: 2 });
    for (let t = 0; t < 10; t++) await commitBatch(first.head, [[a, t, t]]);
    await first.head.truncate(3);
    await first.head.truncate(5);
    await first.wal.close();
    const second = openHead(dir, { minValidTime: 5 });
    assert.deepEqual(
      readSamples(second.head)
        .get(labelsKey(a))
        ?.map(([t]) => t),
      [5, 6, 7, 8, 9],
    );
    await second.wal.close();
  });

  it('deleteSeries records tombstones that survive replay and truncation', async () => {
    const dir = newDir();
    const first = openHead(dir);
    await commitBatch(first.head, [
      [a, 10, 1],
      [b, 10, 1],
      [c, 10, 1],
      [a, 100, 1],
      [b, 100, 1],
    ]);
    await first.head.deleteSeries([{ type: '=', name: '__name__', value: 'm' }], 0, 20);
    await first.head.deleteSeries([{ type: '=', name: 's', value: 'a' }], 21, 40);
    await first.head.deleteSeries([{ type: '=', name: 's', value: 'zzz' }], 0, 1);
    const refA = first.head.getRef(a) as number;
    const refB = first.head.getRef(b) as number;
    assert.deepEqual(first.head.tombstones().get(refA), [{ minTime: 0, maxTime: 40 }]);
    assert.equal(first.head.tombstones().size, 2);
    await first.wal.close();

    const second = openHead(dir);
    assert.deepEqual(second.head.tombstones().get(refA), [{ minTime: 0, maxTime: 40 }]);
    assert.deepEqual(second.head.tombstones().get(refB), [{ minTime: 0, maxTime: 20 }]);
    assert.deepEqual(second.head.tombstones().get(second.head.getRef(c) as number), []);
    await second.head.deleteSeries([{ type: '=', name: 's', value: 'b' }], 90, 95);
    await second.head.truncate(30);
    assert.deepEqual(second.head.tombstones().get(refA), [{ minTime: 0, maxTime: 40 }]);
    assert.deepEqual(second.head.tombstones().get(refB), [{ minTime: 90, maxTime: 95 }]);
    assert.equal(second.head.getRef(c), undefined);
    await second.wal.close();

    const third = openHead(dir, { minValidTime: 30 });
    assert.deepEqual(third.head.tombstones().get(refA), [{ minTime: 0, maxTime: 40 }]);
    assert.deepEqual(third.head.tombstones().get(refB), [{ minTime: 90, maxTime: 95 }]);
    assert.equal(third.head.tombstones().size, 2);
    await third.wal.close();
  });

  it('replay counts and warns about samples of unknown refs, and skips samples below minValidTime', async () => {
    const dir = newDir();
    const first = openHead(dir);
    await commitBatch(first.head, [
      [a, 10, 1],
      [a, 20, 2],
    ]);
    await first.wal.log(encodeBatch({ refs: [999, 999], ts: [1, 2], vs: [1, 1] }));
    await first.wal.log(encodeTombstones([{ ref: 998, minTime: 0, maxTime: 1 }]));
    await first.wal.close();
    const logger = quietLogger();
    const wal = Wal.open(path.join(dir, 'wal'), { fsync: 'none' });
    const head = new Head({ wal, logger });
    head.setMinValidTime(15);
    const stats = head.replay();
    assert.deepEqual([stats.unknownRefs, stats.skippedTooOld, stats.samples, stats.records], [3, 1, 1, 3]);
    assert.equal(logger.warnings.length, 1);
    assert.match(logger.warnings[0] as string, /3 samples or tombstones of unknown series/);
    assert.deepEqual(readSamples(head).get(labelsKey(a)), [[20, 2]]);
    await wal.close();
  });

  it('a head without a WAL commits, truncates and deletes in memory', async () => {
    const head = new Head();
    await commitBatch(head, [
      [a, 1, 1],
      [a, 5, 5],
    ]);
    await head.deleteSeries([{ type: '=', name: 's', value: 'a' }], 0, 2);
    await head.truncate(3);
    assert.deepEqual(readSamples(head).get(labelsKey(a)), [
      [1, 1],
      [5, 5],
    ]);
    assert.equal(head.tombstones().size, 0);
  });
});
