import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { StorageError } from '../errors.js';
import { labelsKey } from '../labels/labels.js';
import type { CommitResult } from '../types.js';
import { STALE_NAN } from '../value.js';
import { Head } from './head.js';
import { commitBatch, openHead, readSamples, removeDir, series, tempDir } from './testing/head-fixtures.js';

const a = series('up', { job: 'a' });
const b = series('up', { job: 'b' });
const c = series('up', { job: 'c' });

function result(
  appended: number,
  seriesCreated: number,
  rejected: Partial<CommitResult['rejected']> = {},
): CommitResult {
  return {
    appended,
    seriesCreated,
    rejected: { out_of_order: 0, duplicate: 0, too_old: 0, invalid: 0, ...rejected },
  };
}

describe('head appender: the append policy', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach(removeDir));
  const open = () => {
    const dir = tempDir();
    dirs.push(dir);
    return openHead(dir);
  };

  it('accepts in-order samples and counts the series it creates', async () => {
    const { head } = open();
    assert.deepEqual(
      await commitBatch(head, [
        [a, 10, 1],
        [b, 10, 2],
        [a, 20, 3],
      ]),
      result(3, 2),
    );
    assert.deepEqual(
      readSamples(head),
      new Map([
        [
          labelsKey(a),
          [
            [10, 1],
            [20, 3],
          ],
        ],
        [labelsKey(b), [[10, 2]]],
      ]),
    );
    assert.equal(head.numSeries, 2);
    assert.deepEqual([head.minTime, head.maxTime, head.numSamples], [10, 20, 3]);
  });

  it('drops an identical re-send, rejects the rest per reason and commits what is left', async () => {
    const { head } = open();
    await commitBatch(head, [[a, 20, 3]]);
    const res = await commitBatch(head, [
      [a, 20, 3], // same t, same value: dropped silently
      [a, 20, 4], // duplicate
      [a, 15, 1], // out_of_order (no window)
      [a, Number.NaN, 1],
      [a, 1.5, 1],
      [a, Number.POSITIVE_INFINITY, 1],
      [a, 2 ** 52, 1], // beyond what chunks keep exactly
      [a, 30, 5],
    ]);
    assert.deepEqual(res, result(1, 0, { duplicate: 1, out_of_order: 1, invalid: 4 }));
    assert.deepEqual(readSamples(head).get(labelsKey(a)), [
      [20, 3],
      [30, 5],
    ]);
  });

  it('rejects samples below minValidTime as too_old without creating their series', async () => {
    const { head } = open();
    head.setMinValidTime(100);
    head.setMinValidTime(50); // never lowers
    assert.deepEqual(
      await commitBatch(head, [
        [a, 99, 1],
        [b, 100, 1],
      ]),
      result(1, 1, { too_old: 1 }),
    );
    assert.equal(head.getRef(a), undefined);
    assert.equal(head.numSeries, 1);
  });

  it('validates each sample against the earlier samples of the same batch', async () => {
    const { head } = open();
    const res = await commitBatch(head, [
      [c, 5, 1],
      [c, 5, 1],
      [c, 5, 2],
      [c, 4, 1],
      [c, 6, 1],
    ]);
    assert.deepEqual(res, result(2, 1, { duplicate: 1, out_of_order: 1 }));
    assert.deepEqual(readSamples(head).get(labelsKey(c)), [
      [5, 1],
      [6, 1],
    ]);
  });

  it('compares values by bits: -0 differs from 0, NaN equals NaN, the stale marker is its own value', async () => {
    const { head } = open();
    await commitBatch(head, [
      [a, 1, 0],
      [b, 1, Number.NaN],
      [c, 1, STALE_NAN],
    ]);
    const res = await commitBatch(head, [
      [a, 1, -0],
      [b, 1, Number.NaN],
      [b, 1, STALE_NAN],
      [c, 1, STALE_NAN],
      [c, 1, Number.NaN],
    ]);
    assert.deepEqual(res, result(0, 0, { duplicate: 3 }));
  });

  it('stores stale markers and returns them as such', async () => {
    const { head } = open();
    await commitBatch(head, [
      [a, 1, 1],
      [a, 2, STALE_NAN],
      [a, 3, Number.NaN],
    ]);
    const got = readSamples(head).get(labelsKey(a));
    assert.equal(got?.length, 3);
    assert.deepEqual(got?.slice(0, 2), [
      [1, 1],
      [2, 'stale'],
    ]);
    assert.ok(Number.isNaN(got?.[2]?.[1]));
  });

  it('rollback leaves nothing behind; a done appender refuses further use', async () => {
    const { head, wal } = open();
    const app = head.appender();
    app.append(a, 1, 1);
    app.setMetadata('up', { type: 'gauge', help: 'h', unit: '' });
    app.rollback();
    assert.equal(head.numSeries, 0);
    assert.equal(head.metadata().size, 0);
    assert.equal(wal.stats().recordsWritten, 0);
    assert.throws(
      () => app.append(a, 2, 1),
      (e: StorageError) => e.code === 'TM_STORAGE_APPENDER_DONE',
    );
    assert.throws(
      () => app.rollback(),
      (e: StorageError) => e.code === 'TM_STORAGE_APPENDER_DONE',
    );
    await assert.rejects(app.commit(), (e: StorageError) => e.code === 'TM_STORAGE_APPENDER_DONE');
    const committed = head.appender();
    committed.append(a, 1, 1);
    const pending = committed.commit();
    // Done from the moment commit() is called, not only once it resolves.
    assert.throws(
      () => committed.append(a, 2, 1),
      (e: StorageError) => e.code === 'TM_STORAGE_APPENDER_DONE',
    );
    await pending;
    assert.throws(() => committed.setMetadata('x', { type: 'gauge', help: '', unit: '' }), StorageError);
  });

  it('writes exactly one record per commit, and none when nothing changed', async () => {
    const { head, wal } = open();
    await commitBatch(head, [
      [a, 1, 1],
      [b, 1, 1],
    ]);
    assert.equal(wal.stats().recordsWritten, 1);
    assert.deepEqual(
      await commitBatch(head, [
        [a, 1, 1],
        [a, 0, 1],
      ]),
      result(0, 0, { out_of_order: 1 }),
    );
    assert.equal(wal.stats().recordsWritten, 1);
    const app = head.appender();
    app.setMetadata('up', { type: 'gauge', help: 'Up.', unit: '' });
    assert.deepEqual(await app.commit(), result(0, 0));
    assert.equal(wal.stats().recordsWritten, 2);
    assert.deepEqual(head.metadata().get('up'), { type: 'gauge', help: 'Up.', unit: '' });
    const again = head.appender();
    again.setMetadata('up', { type: 'gauge', help: 'Up.', unit: '' });
    await again.commit();
    assert.equal(wal.stats().recordsWritten, 2, 'unchanged metadata is not logged again');
  });

  it('appendRef skips the labels lookup and reports unknown refs', async () => {
    const { head } = open();
    assert.equal(head.getRef(a), undefined);
    await commitBatch(head, [[a, 1, 1]]);
    const ref = head.getRef(series('up', { job: 'a' }));
    assert.equal(typeof ref, 'number');
    const app = head.appender();
    assert.equal(app.appendRef(ref as number, 2, 2), true);
    assert.equal(app.appendRef(12345, 2, 2), false);
    assert.deepEqual(await app.commit(), result(1, 0));
    assert.deepEqual(readSamples(head).get(labelsKey(a)), [
      [1, 1],
      [2, 2],
    ]);
  });

  it('two appenders creating the same series end with one series', async () => {
    const { head } = open();
    const first = head.appender();
    const second = head.appender();
    first.append(a, 10, 1);
    second.append(series('up', { job: 'a' }), 10, 1);
    second.append(a, 11, 2);
    assert.deepEqual(await first.commit(), result(1, 1));
    assert.deepEqual(await second.commit(), result(1, 0));
    assert.equal(head.numSeries, 1);
    assert.deepEqual(readSamples(head).get(labelsKey(a)), [
      [10, 1],
      [11, 2],
    ]);
  });

  it('an appender holding a series that truncate removed appends to a fresh one', async () => {
    const { head } = open();
    await commitBatch(head, [[a, 10, 1]]);
    const oldRef = head.getRef(a);
    const app = head.appender();
    app.append(a, 30, 3);
    await head.truncate(20);
    assert.equal(head.numSeries, 0);
    assert.deepEqual(await app.commit(), result(1, 1));
    assert.notEqual(head.getRef(a), oldRef);
    assert.deepEqual(readSamples(head).get(labelsKey(a)), [[30, 3]]);
  });

  it('cuts chunks at samplesPerChunk and reports stats', async () => {
    const head = new Head({ samplesPerChunk: 4 });
    const app = head.appender();
    for (let t = 0; t < 10; t++) app.append(a, t * 1000, t);
    assert.deepEqual(await app.commit(), result(10, 1));
    const stats = head.stats();
    assert.deepEqual(
      [stats.numSeries, stats.numSamples, stats.numChunks, stats.minTime, stats.maxTime],
      [1, 10, 3, 0, 9000],
    );
    assert.ok(stats.memoryBytes > 0);
    assert.deepEqual(
      head
        .index()
        .series(head.getRef(a) as number)
        ?.chunks.map((m) => m.numSamples),
      [4, 4, 2],
    );
  });

  it('rejects bad options', () => {
    assert.throws(
      () => new Head({ samplesPerChunk: 0 }),
      (e: StorageError) => e.code === 'TM_STORAGE_INVALID_OPTION',
    );
    assert.throws(
      () => new Head({ oooWindowMs: -1 }),
      (e: StorageError) => e.code === 'TM_STORAGE_INVALID_OPTION',
    );
  });
});
