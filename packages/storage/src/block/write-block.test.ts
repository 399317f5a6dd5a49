import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { StorageError } from '../errors.js';
import { openBlock } from './block.js';
import { BLOCK_FILES } from './block-dirs.js';
import { compressPageAsync } from './chunks-writer.js';
import { compressPage, type PageCompression } from './page-codec.js';
import { readAll } from './testing/read-back.js';
import { syntheticSeries } from './testing/synthetic-series.js';
import type { BlockSeriesInput } from './write-block.js';
import { writeBlock, writeBlockAsync } from './write-block.js';

const T0 = 1_793_491_200_000;
const HOUR = 3_600_000;
const ULID = '01J0000000000000000000TEST';

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'tm-write-block-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

const freshDir = (): string => mkdtempSync(join(root, 'p-'));

async function* slowly<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) {
    await new Promise((resolve) => setImmediate(resolve));
    yield item;
  }
}

describe('writeBlockAsync', () => {
  it('writes byte for byte the block writeBlock writes, across many pages', async () => {
    const series = syntheticSeries({ numSeries: 400, minTime: T0, samplesPerSeries: 480 });
    const input = { minTime: T0, maxTime: T0 + 2 * HOUR, series };
    const syncDir = freshDir();
    const asyncDir = freshDir();
    const pages: number[] = [];
    writeBlock(syncDir, input, { ulid: ULID });
    const meta = await writeBlockAsync(
      asyncDir,
      { ...input, series: slowly(series) },
      { ulid: ULID, onChunkStats: (s) => pages.push(s.pages) },
    );
    assert.ok(meta !== undefined);
    assert.ok((pages[0] as number) > 8, `only ${pages[0]} pages`);
    for (const file of Object.values(BLOCK_FILES)) {
      assert.deepEqual(
        readFileSync(join(asyncDir, ULID, file)),
        readFileSync(join(syncDir, ULID, file)),
        `${file} differs`,
      );
    }
    assert.deepEqual(readdirSync(asyncDir), [ULID]);
    const block = openBlock(join(asyncDir, ULID));
    try {
      const got = readAll(block);
      assert.equal(got.length, series.length);
      assert.deepEqual(got[123]?.t, series[123]?.samples.t);
    } finally {
      block.close();
    }
  });

  it('gives the event loop turns while it writes', async () => {
    const series = syntheticSeries({ numSeries: 200, minTime: T0, samplesPerSeries: 240 });
    let turns = 0;
    let counting = true;
    const tick = (): void => {
      turns++;
      if (counting) setImmediate(tick);
    };
    setImmediate(tick);
    await writeBlockAsync(freshDir(), { minTime: T0, maxTime: T0 + 2 * HOUR, series }, { sliceMs: 0 });
    counting = false;
    // A slice of 0 ms yields after every series, so the ticker ran at least once per series.
    assert.ok(turns >= series.length, `${turns} turns`);
  });

  it('writes nothing and returns undefined when no series has a chunk', async () => {
    const parent = freshDir();
    const empty: BlockSeriesInput[] = [{ labels: [{ name: '__name__', value: 'x' }], chunks: [] }];
    assert.equal(
      await writeBlockAsync(parent, { minTime: T0, maxTime: T0 + HOUR, series: empty }),
      undefined,
    );
    assert.deepEqual(readdirSync(parent), []);
  });

  it('leaves no directory behind when the input is invalid or the iterator fails', async () => {
    const parent = freshDir();
    const series = syntheticSeries({ numSeries: 50, minTime: T0, samplesPerSeries: 480 });
    // Samples run to about T0 + 2 h: a one-hour block cannot hold them.
    await assert.rejects(
      writeBlockAsync(parent, { minTime: T0, maxTime: T0 + HOUR, series }),
      (err) => err instanceof StorageError && err.code === 'TM_STORAGE_INVALID_OPTION',
    );
    await assert.rejects(
      writeBlockAsync(parent, { minTime: T0, maxTime: T0 + 2 * HOUR, series: [...series].reverse() }),
      StorageError,
    );
    async function* failing(): AsyncGenerator<BlockSeriesInput> {
      yield* series.slice(0, 40);
      throw new Error('source went away');
    }
    await assert.rejects(
      writeBlockAsync(parent, { minTime: T0, maxTime: T0 + 2 * HOUR, series: failing() }),
      /source went away/,
    );
    await assert.rejects(writeBlockAsync(parent, { minTime: T0, maxTime: T0, series }), StorageError);
    assert.deepEqual(readdirSync(parent), []);
    assert.equal(existsSync(join(parent, `${ULID}.tmp`)), false);
  });
});

describe('compressPageAsync', () => {
  const settings: PageCompression[] = [
    { deflateLevel: 0, brotliQuality: 5 },
    { deflateLevel: 6, brotliQuality: 5 },
    { deflateLevel: 1, brotliQuality: 0 },
    { deflateLevel: 0, brotliQuality: 0 },
  ];
  // Random bytes (raw wins), runs of few symbols (both compress) and the empty page.
  const page = fc.oneof(
    fc.uint8Array({ maxLength: 3000 }),
    fc
      .array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 60 })), { maxLength: 200 })
      .map((runs) => Uint8Array.from(runs.flatMap(([b, n]) => Array<number>(n).fill(b)))),
  );

  it('chooses the codec and bytes compressPage chooses, so both writers write the same file', async () => {
    await fc.assert(
      fc.asyncProperty(page, fc.constantFrom(...settings), async (raw, options) => {
        const want = compressPage(raw, options);
        const got = await compressPageAsync(raw, options);
        assert.equal(got.codec, want.codec);
        assert.deepEqual(Buffer.from(got.stored), Buffer.from(want.stored));
      }),
      { numRuns: 150 },
    );
  });
});
