import assert from 'node:assert/strict';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { StorageError } from '../errors.js';
import { FRAME_HEADER_SIZE } from './frame.js';
import { SEGMENT_HEADER_SIZE } from './segment.js';
import {
  capturingLogger,
  numberedRecord,
  range,
  replayNumbers,
  segmentFiles,
  tempDir,
} from './testing/wal-fixtures.js';
import { Wal } from './wal.js';

describe('Wal', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('logs and replays records in order across segment boundaries and reopens', async () => {
    const logger = capturingLogger();
    let wal = Wal.open(dir, { segmentBytes: 256, logger });
    for (let i = 0; i < 100; i++) await wal.log(numberedRecord(i));
    assert.deepEqual(replayNumbers(wal), range(0, 100));
    const files = segmentFiles(dir);
    assert.ok(files.length > 10, `${files.length} segments`);
    for (const f of files.slice(0, -1)) assert.ok(fs.statSync(path.join(dir, f)).size <= 256);
    assert.deepEqual(wal.segmentRange(), { first: 0, last: files.length - 1 });
    await wal.close();

    wal = Wal.open(dir, { segmentBytes: 256, logger });
    assert.deepEqual(replayNumbers(wal), range(0, 100));
    for (let i = 100; i < 120; i++) await wal.log(numberedRecord(i));
    await wal.close();
    wal = Wal.open(dir, { segmentBytes: 256, logger });
    assert.deepEqual(replayNumbers(wal), range(0, 120));
    await wal.close();
    assert.deepEqual(logger.warnings, []);
  });

  it('gives an oversized record a segment of its own', async () => {
    const wal = Wal.open(dir, { segmentBytes: 100 });
    await wal.log(numberedRecord(1));
    const big = new Uint8Array(500).fill(7);
    await wal.log(big);
    await wal.log(numberedRecord(2));
    const sizes = segmentFiles(dir).map((f) => fs.statSync(path.join(dir, f)).size);
    assert.deepEqual(sizes, [
      SEGMENT_HEADER_SIZE + FRAME_HEADER_SIZE + 5,
      SEGMENT_HEADER_SIZE + FRAME_HEADER_SIZE + 500,
      SEGMENT_HEADER_SIZE + FRAME_HEADER_SIZE + 6,
    ]);
    const seen: number[] = [];
    wal.replay((r) => seen.push(r.length));
    assert.deepEqual(seen, [5, 500, 6]);
    assert.equal(
      wal.sizeBytes(),
      sizes.reduce((a, b) => a + b),
    );
    await wal.close();
  });

  it("group commit: concurrent log() calls all resolve, in order, sharing far fewer fsyncs ('commit')", async () => {
    const wal = Wal.open(dir, { segmentBytes: 4096 });
    const resolved: number[] = [];
    const pending = range(0, 300).map((i) => wal.log(numberedRecord(i)).then(() => resolved.push(i)));
    await Promise.all(pending);
    assert.deepEqual(resolved, range(0, 300));
    const { fsyncs, recordsWritten } = wal.stats();
    assert.equal(recordsWritten, 300);
    // Each group sync touches at most the files written since the previous one and the directory.
    assert.ok(fsyncs < 60, `${fsyncs} fsyncs for 300 records`);
    assert.deepEqual(replayNumbers(wal), range(0, 300));
    await wal.close();
  });

  it("'commit' resolves only after an fsync that covers the record", async () => {
    const wal = Wal.open(dir);
    const before = wal.stats().fsyncs;
    await wal.log(numberedRecord(1));
    assert.ok(wal.stats().fsyncs > before);
    await wal.close();
  });

  it("'none' resolves without syncing; close() syncs", async () => {
    const wal = Wal.open(dir, { fsync: 'none', segmentBytes: 128 });
    for (let i = 0; i < 50; i++) await wal.log(numberedRecord(i));
    assert.equal(wal.stats().fsyncs, 0);
    await wal.close();
    assert.ok(wal.stats().fsyncs > 0);
    const reopened = Wal.open(dir, { fsync: 'none' });
    assert.deepEqual(replayNumbers(reopened), range(0, 50));
    await reopened.close();
  });

  it("'interval' resolves at once and a timer syncs in the background", async () => {
    const wal = Wal.open(dir, { fsync: 'interval', fsyncIntervalMs: 10 });
    await wal.log(numberedRecord(1));
    assert.equal(wal.stats().fsyncs, 0);
    while (wal.stats().fsyncs === 0) await new Promise((r) => setTimeout(r, 5));
    await wal.sync();
    await wal.close();
  });

  it('rejects bad options, empty records and use after close', async () => {
    const bad = [
      { segmentBytes: 10 },
      { segmentBytes: 1.5e3 + 0.5 },
      { fsync: 'always' as never },
      { fsyncIntervalMs: 0 },
    ];
    for (const options of bad) {
      assert.throws(
        () => Wal.open(dir, options),
        (e: unknown) => e instanceof StorageError && e.code === 'TM_STORAGE_INVALID_OPTION',
      );
    }
    const wal = Wal.open(dir);
    assert.throws(() => wal.log(new Uint8Array(0)), StorageError);
    await wal.close();
    await wal.close();
    assert.throws(
      () => wal.log(numberedRecord(1)),
      (e: unknown) => e instanceof StorageError && e.code === 'TM_STORAGE_CLOSED',
    );
  });

  it('refuses a segment of a newer format version without touching it', async () => {
    const wal = Wal.open(dir);
    await wal.log(numberedRecord(1));
    await wal.close();
    const file = path.join(dir, '00000000');
    const bytes = fs.readFileSync(file);
    bytes[4] = 2;
    bytes[bytes.length - 1] = (bytes.at(-1) as number) ^ 0xff; // also damaged: an old reader must not "repair" it
    fs.writeFileSync(file, bytes);
    assert.throws(
      () => Wal.open(dir),
      (e: unknown) => e instanceof StorageError && e.code === 'TM_STORAGE_UNSUPPORTED_VERSION',
    );
    assert.deepEqual(fs.readFileSync(file), bytes);
  });

  it('reports size, segments and records in stats()', async () => {
    const wal = Wal.open(dir, { segmentBytes: 200 });
    for (let i = 0; i < 20; i++) await wal.log(numberedRecord(i));
    const stats = wal.stats();
    const onDisk = segmentFiles(dir).reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
    assert.equal(stats.bytes, onDisk);
    assert.equal(stats.segments, segmentFiles(dir).length);
    assert.equal(stats.recordsWritten, 20);
    assert.equal(stats.checkpoint, null);
    assert.deepEqual(stats.repair, {
      truncatedSegments: 0,
      bytesRemoved: 0,
      segmentsDropped: 0,
      leftoversRemoved: 0,
    });
    await wal.close();
  });

  it('cutSegment starts the next segment', async () => {
    const wal = Wal.open(dir);
    await wal.log(numberedRecord(1));
    assert.equal(wal.cutSegment(), 1);
    await wal.log(numberedRecord(2));
    assert.deepEqual(wal.segmentRange(), { first: 0, last: 1 });
    assert.deepEqual(replayNumbers(wal), [1, 2]);
    await wal.close();
  });

  it('a failed write leaves no partial frame behind and the WAL keeps working', async () => {
    const wal = Wal.open(dir, { fsync: 'none' });
    wal.log(numberedRecord(1));
    const original = fs.writevSync;
    fs.writevSync = ((fd: number, buffers: readonly NodeJS.ArrayBufferView[], position?: number) => {
      original(fd, [buffers[0] as NodeJS.ArrayBufferView], position); // the frame header gets out, then:
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    }) as typeof fs.writevSync;
    syncBuiltinESMExports(); // the WAL reads fs through named exports, which follow the default only on sync
    try {
      assert.throws(() => wal.log(numberedRecord(2)), /ENOSPC/);
    } finally {
      fs.writevSync = original;
      syncBuiltinESMExports();
    }
    wal.log(numberedRecord(3));
    assert.deepEqual(replayNumbers(wal), [1, 3]);
    await wal.close();
  });

  it('a failed fsync rejects its waiters and every later write (no retry on possibly lost pages)', async () => {
    const logger = capturingLogger();
    const wal = Wal.open(dir, { logger });
    await wal.log(numberedRecord(1));
    const original = fs.fdatasync;
    fs.fdatasync = ((_fd: number, cb: (err: NodeJS.ErrnoException | null) => void) =>
      process.nextTick(
        cb,
        Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }),
      )) as typeof fs.fdatasync;
    syncBuiltinESMExports();
    try {
      const results = await Promise.allSettled([wal.log(numberedRecord(2)), wal.log(numberedRecord(3))]);
      assert.deepEqual(
        results.map((r) => r.status),
        ['rejected', 'rejected'],
      );
    } finally {
      fs.fdatasync = original;
      syncBuiltinESMExports();
    }
    assert.throws(() => wal.log(numberedRecord(4)), /EIO/);
    await assert.rejects(wal.close(), /EIO/);
    assert.equal(logger.warnings.length, 1);
    assert.match(logger.warnings[0] as string, /fsync failed, refusing further writes/);
  });
});
