import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { CorruptionError, StorageError } from '../errors.js';
import { checkpointName } from './segment.js';
import {
  capturingLogger,
  numberedRecord,
  range,
  replayNumbers,
  segmentFiles,
  tempDir,
} from './testing/wal-fixtures.js';
import { Wal } from './wal.js';

describe('Wal checkpoints', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  /** Logs 0..count-1 in small segments, cuts, and checkpoints a subset of them; returns the cut segment. */
  async function logAndCheckpoint(wal: Wal, count: number, keep: (seq: number) => boolean): Promise<number> {
    for (let i = 0; i < count; i++) await wal.log(numberedRecord(i));
    const next = wal.cutSegment();
    await wal.checkpoint(next - 1, range(0, count).filter(keep).map(numberedRecord));
    return next;
  }

  it('replaces the segments it covers; replay reads the checkpoint, then later segments', async () => {
    const wal = Wal.open(dir, { segmentBytes: 128 });
    const next = await logAndCheckpoint(wal, 30, (i) => i % 3 === 0);
    for (let i = 30; i < 35; i++) await wal.log(numberedRecord(i));
    const expected = [...range(0, 30).filter((i) => i % 3 === 0), ...range(30, 35)];
    assert.deepEqual(replayNumbers(wal), expected);
    assert.deepEqual(wal.segmentRange().first, next);
    assert.ok(segmentFiles(dir).every((f) => Number(f) >= next));
    assert.ok(fs.existsSync(path.join(dir, checkpointName(next - 1))));
    assert.equal(wal.stats().checkpoint, next - 1);
    await wal.close();

    const reopened = Wal.open(dir, { segmentBytes: 128 });
    assert.deepEqual(replayNumbers(reopened), expected);
    assert.equal(reopened.stats().checkpoint, next - 1);
    assert.equal(reopened.sizeBytes(), wal.sizeBytes());
    await reopened.close();
  });

  it('a second checkpoint replaces the first', async () => {
    const wal = Wal.open(dir, { segmentBytes: 128 });
    const first = await logAndCheckpoint(wal, 10, () => true);
    for (let i = 10; i < 20; i++) await wal.log(numberedRecord(i));
    const second = wal.cutSegment();
    await wal.checkpoint(second - 1, range(5, 20).map(numberedRecord));
    assert.ok(!fs.existsSync(path.join(dir, checkpointName(first - 1))));
    assert.deepEqual(replayNumbers(wal), range(5, 20));
    await wal.close();
  });

  it('splits a large checkpoint into segment files', async () => {
    const wal = Wal.open(dir, { segmentBytes: 128 });
    await logAndCheckpoint(wal, 100, () => true);
    const cpDir = path.join(dir, checkpointName(wal.segmentRange().first - 1));
    assert.ok(fs.readdirSync(cpDir).length > 5);
    assert.deepEqual(replayNumbers(wal), range(0, 100));
    await wal.close();
  });

  it('refuses a checkpoint of the segment being written or one not after the last', async () => {
    const wal = Wal.open(dir);
    await wal.log(numberedRecord(1));
    const isInvalid = (e: unknown) => e instanceof StorageError && e.code === 'TM_STORAGE_INVALID_OPTION';
    assert.throws(() => wal.checkpoint(0, []), isInvalid);
    wal.cutSegment();
    await wal.checkpoint(0, []);
    wal.cutSegment();
    assert.throws(() => wal.checkpoint(0, []), isInvalid);
    await wal.close();
  });

  it('takes records from an async iterable while log() goes on into later segments', async () => {
    const wal = Wal.open(dir, { segmentBytes: 256 });
    for (let i = 0; i < 10; i++) await wal.log(numberedRecord(i));
    const next = wal.cutSegment();
    let logged = 10;
    async function* records(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 10; i++) {
        yield numberedRecord(i);
        await new Promise((resolve) => setImmediate(resolve));
        // A commit between two records of the checkpoint lands after it.
        await wal.log(numberedRecord(logged++));
      }
    }
    const running = wal.checkpoint(next - 1, records());
    assert.throws(
      () => wal.checkpoint(next - 1, []),
      (e: unknown) => e instanceof StorageError && /another checkpoint/.test(e.message),
    );
    await running;
    assert.deepEqual(replayNumbers(wal), range(0, 20));
    await wal.close();
    const reopened = Wal.open(dir, { segmentBytes: 256 });
    assert.deepEqual(replayNumbers(reopened), range(0, 20));
    await reopened.close();
  });

  it('a failing record source leaves no checkpoint and the log as it was', async () => {
    const wal = Wal.open(dir, { segmentBytes: 128 });
    for (let i = 0; i < 10; i++) await wal.log(numberedRecord(i));
    const next = wal.cutSegment();
    async function* failing(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 5; i++) yield numberedRecord(i);
      throw new Error('source failed');
    }
    await assert.rejects(wal.checkpoint(next - 1, failing()), /source failed/);
    assert.deepEqual(
      fs.readdirSync(dir).filter((f) => f.startsWith('checkpoint')),
      [],
    );
    assert.equal(wal.stats().checkpoint, null);
    await wal.checkpoint(next - 1, range(0, 10).map(numberedRecord));
    assert.deepEqual(replayNumbers(wal), range(0, 10));
    await wal.close();
  });

  it('close() waits for a checkpoint in flight', async () => {
    const wal = Wal.open(dir, { segmentBytes: 128 });
    for (let i = 0; i < 10; i++) await wal.log(numberedRecord(i));
    const next = wal.cutSegment();
    const running = wal.checkpoint(next - 1, range(0, 10).map(numberedRecord));
    await wal.close();
    assert.ok(fs.existsSync(path.join(dir, checkpointName(next - 1))));
    assert.ok(!fs.existsSync(path.join(dir, `${checkpointName(next - 1)}.tmp`)));
    await running;
    const reopened = Wal.open(dir, { segmentBytes: 128 });
    assert.deepEqual(replayNumbers(reopened), range(0, 10));
    await reopened.close();
  });

  it('leftovers of a checkpoint interrupted at any step are ignored and cleaned at open', async () => {
    const wal = Wal.open(dir, { segmentBytes: 128 });
    const next = await logAndCheckpoint(wal, 20, () => true);
    for (let i = 20; i < 25; i++) await wal.log(numberedRecord(i));
    await wal.close();
    // A crash before the rename: a half-written temp dir of a later checkpoint.
    const temp = path.join(dir, `${checkpointName(next + 3)}.tmp`);
    fs.mkdirSync(temp);
    fs.writeFileSync(path.join(temp, '00000000'), 'half a checkpoint');
    // A crash after the rename but before clean-up: an older checkpoint and covered segments remain.
    const older = path.join(dir, checkpointName(next - 2));
    fs.mkdirSync(older);
    fs.writeFileSync(path.join(older, '00000000'), 'stale');
    fs.writeFileSync(path.join(dir, '00000000'), 'covered by the checkpoint');

    const logger = capturingLogger();
    const reopened = Wal.open(dir, { segmentBytes: 128, logger });
    assert.deepEqual(replayNumbers(reopened), range(0, 25));
    assert.deepEqual(logger.warnings, []);
    assert.equal(logger.infos.length, 3);
    assert.equal(reopened.stats().repair.leftoversRemoved, 3);
    assert.ok(!fs.existsSync(temp) && !fs.existsSync(older) && !fs.existsSync(path.join(dir, '00000000')));
    await reopened.close();
  });

  it('a damaged checkpoint fails the open with CorruptionError and changes nothing', async () => {
    const wal = Wal.open(dir, { segmentBytes: 128 });
    const next = await logAndCheckpoint(wal, 5, () => true);
    await wal.close();
    const file = path.join(dir, checkpointName(next - 1), '00000000');
    const bytes = fs.readFileSync(file);
    bytes[bytes.length - 1] = (bytes.at(-1) as number) ^ 1;
    fs.writeFileSync(file, bytes);
    const before = fs.readdirSync(dir).sort();
    assert.throws(
      () => Wal.open(dir),
      (e: unknown) => e instanceof CorruptionError && e.file === file,
    );
    assert.deepEqual(fs.readdirSync(dir).sort(), before);
  });
});
