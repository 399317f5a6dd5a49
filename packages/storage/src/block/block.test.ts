import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import { CorruptionError, StorageError } from '../errors.js';
import { createMatcher } from '../labels/matchers.js';
import { isStaleNaN } from '../value.js';
import { openBlock } from './block.js';
import { listBlockDirs } from './block-dirs.js';
import { BLOCK_VERSION } from './meta.js';
import { readAll } from './testing/read-back.js';
import { type SyntheticSeries, syntheticSeries } from './testing/synthetic-series.js';
import { writeBlock } from './write-block.js';

const T0 = 1_793_491_200_000;
const HOUR = 3_600_000;

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'tm-block-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

function freshDir(): string {
  return mkdtempSync(join(root, 'p-'));
}

function write(
  parent: string,
  series: SyntheticSeries[],
  extra: { compaction?: { level: number; sources: string[] } } = {},
) {
  return writeBlock(parent, { minTime: T0, maxTime: T0 + 2 * HOUR, series, ...extra });
}

/** Every sample comes back, in order, with stale markers intact. */
function assertSameData(dir: string, series: SyntheticSeries[]): void {
  const block = openBlock(dir);
  try {
    const got = readAll(block);
    assert.equal(got.length, series.length);
    got.forEach((g, i) => {
      const want = series[i] as SyntheticSeries;
      assert.deepEqual(g.labels, want.labels);
      assert.deepEqual(g.t, want.samples.t);
      assert.deepEqual(g.v, want.samples.v);
      g.v.forEach((v, k) => {
        assert.equal(isStaleNaN(v), isStaleNaN(want.samples.v[k] as number));
      });
    });
  } finally {
    block.close();
  }
}

describe('block write and open', () => {
  it('round-trips many series across many pages', () => {
    const parent = freshDir();
    const series = syntheticSeries({ numSeries: 600, minTime: T0, samplesPerSeries: 480 });
    let pages = 0;
    const meta = writeBlock(
      parent,
      { minTime: T0, maxTime: T0 + 2 * HOUR, series },
      { onChunkStats: (s) => (pages = s.pages) },
    );
    assert.ok(pages > 3, `expected several pages, got ${pages}`);
    assert.deepEqual(readdirSync(parent), [meta.ulid]);
    assert.deepEqual(readdirSync(join(parent, meta.ulid)).sort(), [
      'chunks',
      'index',
      'meta.json',
      'tombstones',
    ]);
    assert.deepEqual(meta.stats, { numSeries: 600, numSamples: 600 * 480, numChunks: 600 * 4 });
    assert.deepEqual(meta.compaction, { level: 1, sources: [meta.ulid] });

    const block = openBlock(join(parent, meta.ulid), { pageCachePages: 2 });
    const { files: _files, ...plain } = meta;
    assert.deepEqual(block.meta, plain);
    assert.equal(block.meta.version, BLOCK_VERSION);
    assert.equal(block.index().sortedByLabels([3, 1]).length, 2);
    const refs = block
      .index()
      .postingsForMatchers([
        createMatcher('=', '__name__', 'up'),
        createMatcher('=~', 'instance', 'api-00[0-4]:3000'),
      ]);
    assert.ok(refs.length > 0);
    for (const ref of refs)
      assert.equal(
        block
          .index()
          .series(ref)
          ?.labels.find((l) => l.name === '__name__')?.value,
        'up',
      );
    assert.ok(block.sizeBytes() > 0);
    block.close();
    assert.throws(
      () => block.index(),
      (e: unknown) => e instanceof StorageError && e.code === 'TM_STORAGE_CLOSED',
    );
    assertSameData(join(parent, meta.ulid), series);
  });

  it('reads back with any page cache size, in any chunk order', () => {
    const parent = freshDir();
    const series = syntheticSeries({ numSeries: 200, minTime: T0, samplesPerSeries: 240, seed: 3 });
    const meta = write(parent, series);
    const block = openBlock(join(parent, meta.ulid), { pageCachePages: 1 });
    const index = block.index();
    // Walk series backwards so every chunk read misses the one-page cache.
    for (let ref = series.length - 1; ref >= 0; ref--) {
      const entry = index.series(ref);
      const ts: number[] = [];
      for (const c of entry?.chunks ?? []) {
        const it = block.chunks().chunk(c).iterator();
        while (it.next()) ts.push(it.t);
      }
      assert.deepEqual(ts, (series[ref] as SyntheticSeries).samples.t);
    }
    block.close();
  });

  it('keeps compaction level and sources, skips series without chunks', () => {
    const parent = freshDir();
    const series = syntheticSeries({ numSeries: 4, minTime: T0, samplesPerSeries: 10 });
    const input = [...series.slice(0, 2), { labels: [{ name: '__name__', value: 'zz_empty' }], chunks: [] }];
    const meta = writeBlock(parent, {
      minTime: T0,
      maxTime: T0 + HOUR,
      series: input,
      compaction: { level: 3, sources: ['A', 'B'] },
      resolutionMs: 300_000,
    });
    const block = openBlock(join(parent, meta.ulid));
    assert.deepEqual(block.meta.compaction, { level: 3, sources: ['A', 'B'] });
    assert.equal(block.meta.resolutionMs, 300_000);
    assert.equal(block.meta.stats.numSeries, 2);
    assert.deepEqual(block.index().labelValues('__name__').includes('zz_empty'), false);
    block.close();
  });

  it('refuses unsorted input and chunks outside the range, leaving no directory behind', () => {
    const parent = freshDir();
    const series = syntheticSeries({ numSeries: 3, minTime: T0, samplesPerSeries: 10 });
    assert.throws(
      () => writeBlock(parent, { minTime: T0, maxTime: T0 + HOUR, series: [...series].reverse() }),
      StorageError,
    );
    assert.throws(
      () => writeBlock(parent, { minTime: T0 + 60_000, maxTime: T0 + HOUR, series }),
      StorageError,
    );
    assert.throws(() => writeBlock(parent, { minTime: T0, maxTime: T0 + 15_000, series }), StorageError);
    assert.deepEqual(readdirSync(parent), []);
  });

  it('a directory left as <ulid>.tmp is not a block', () => {
    const parent = freshDir();
    const meta = write(parent, syntheticSeries({ numSeries: 3, minTime: T0, samplesPerSeries: 10 }));
    const tmp = join(parent, `${meta.ulid}.tmp`);
    renameSync(join(parent, meta.ulid), tmp);
    assert.throws(() => openBlock(tmp), StorageError);
    assert.deepEqual(listBlockDirs(parent), []);
    mkdirSync(join(parent, 'not-a-block'));
    renameSync(tmp, join(parent, meta.ulid));
    assert.deepEqual(listBlockDirs(parent), [join(parent, meta.ulid)]);
  });

  it('refuses a block from a future format version', () => {
    const parent = freshDir();
    const meta = write(parent, syntheticSeries({ numSeries: 2, minTime: T0, samplesPerSeries: 10 }));
    const path = join(parent, meta.ulid, 'meta.json');
    const json = JSON.parse(readFileSync(path, 'utf8'));
    delete json.crc32;
    json.version = BLOCK_VERSION + 1;
    // A future version keeps the checksum rule, so forge a valid one.
    writeFileSync(path, JSON.stringify({ ...json, crc32: crc32(JSON.stringify(json)) }));
    assert.throws(
      () => openBlock(join(parent, meta.ulid)),
      (e: unknown) => e instanceof StorageError && e.code === 'TM_STORAGE_UNSUPPORTED_VERSION',
    );
  });

  it('delete adds merged tombstones, persists them atomically and survives reopening', () => {
    const parent = freshDir();
    const series = syntheticSeries({ numSeries: 30, minTime: T0, samplesPerSeries: 100 });
    const meta = write(parent, series);
    const dir = join(parent, meta.ulid);
    const block = openBlock(dir);
    const before = block.tombstones();
    const up = [createMatcher('=', '__name__', 'up')];
    const marked = block.delete(up, T0 + 1000, T0 + 5000);
    assert.equal(marked, 10);
    assert.equal(block.delete(up, T0 + 5001, T0 + 9000), 10);
    assert.equal(block.delete(up, T0 + 10 * HOUR, T0 + 11 * HOUR), 0, 'no chunk overlaps');
    assert.equal(block.delete([createMatcher('=', '__name__', 'nope')], T0, T0 + HOUR), 0);
    assert.equal(before.size, 0, 'a reader keeps the tombstones it took');
    const ref = block.index().postingsForMatchers(up)[0] as number;
    assert.deepEqual(block.tombstones().get(ref), [{ minTime: T0 + 1000, maxTime: T0 + 9000 }]);
    block.delete(up, -Infinity, Infinity);
    assert.deepEqual(block.tombstones().get(ref), [{ minTime: T0, maxTime: T0 + 2 * HOUR - 1 }]);
    block.close();
    assert.ok(!existsSync(join(dir, 'tombstones.tmp')));
    const reopened = openBlock(dir);
    assert.equal(reopened.tombstones().size, 10);
    assert.deepEqual(reopened.tombstones().get(ref), [{ minTime: T0, maxTime: T0 + 2 * HOUR - 1 }]);
    reopened.close();
  });
});

describe('block corruption', () => {
  let pristine: string;
  let ulid: string;
  let series: SyntheticSeries[];
  before(() => {
    pristine = freshDir();
    series = syntheticSeries({ numSeries: 300, minTime: T0, samplesPerSeries: 480, seed: 9 });
    ulid = write(pristine, series).ulid;
    const block = openBlock(join(pristine, ulid));
    block.delete([createMatcher('=', '__name__', 'up')], T0, T0 + 60_000);
    block.close();
  });

  /** Copies the block, damages one file, and returns what opening and reading everything did. */
  function damaged(file: string, damage: (bytes: Buffer) => Buffer): unknown {
    const parent = freshDir();
    const dir = join(parent, ulid);
    mkdirSync(dir);
    for (const f of readdirSync(join(pristine, ulid)))
      writeFileSync(join(dir, f), readFileSync(join(pristine, ulid, f)));
    writeFileSync(join(dir, file), damage(readFileSync(join(dir, file))));
    try {
      const block = openBlock(dir, { pageCachePages: 1 });
      try {
        readAll(block);
      } finally {
        block.close();
      }
      return undefined;
    } catch (e) {
      return e;
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }

  for (const file of ['index', 'chunks', 'meta.json', 'tombstones']) {
    it(`bit flips and truncation of ${file} give a CorruptionError naming it`, () => {
      const size = readFileSync(join(pristine, ulid, file)).length;
      // Positions spread over the whole file, plus its first and last bytes.
      const positions = new Set([0, 1, 4, 5, 8, size - 1, size - 4]);
      for (let i = 0; i < 40; i++) positions.add(Math.floor(((i + 0.5) / 40) * size));
      for (const pos of positions) {
        const e = damaged(file, (b) => {
          b[pos] = (b[pos] as number) ^ (1 << (pos % 8));
          return b;
        });
        assert.ok(e instanceof CorruptionError, `flip at ${pos}: ${String(e)}`);
        assert.ok(e.file.endsWith(file), `flip at ${pos} names ${e.file}`);
      }
      // meta.json ends with a newline that JSON does not need; cut into its content instead.
      const last = file === 'meta.json' ? size - 2 : size - 1;
      for (const keep of [0, 5, Math.floor(size / 2), last]) {
        const e = damaged(file, (b) => b.subarray(0, keep));
        assert.ok(e instanceof CorruptionError, `truncated to ${keep}: ${String(e)}`);
        assert.ok(e.file.endsWith(file), `truncated to ${keep} names ${e.file}`);
      }
    });
  }

  it('a missing file is a CorruptionError naming it', () => {
    for (const file of ['index', 'chunks', 'meta.json']) {
      const parent = freshDir();
      const dir = join(parent, ulid);
      mkdirSync(dir);
      for (const f of readdirSync(join(pristine, ulid)))
        if (f !== file) writeFileSync(join(dir, f), readFileSync(join(pristine, ulid, f)));
      assert.throws(
        () => openBlock(dir),
        (e: unknown) => e instanceof CorruptionError && e.file.endsWith(file),
        file,
      );
    }
  });

  it('the undamaged copy reads back completely', () => {
    assertSameData(join(pristine, ulid), series);
  });
});
