import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { labelsFromRecord } from '../labels/labels.js';
import { createMatcher } from '../labels/matchers.js';
import type { LabelMatcher, Labels } from '../types.js';
import { DB } from './db.js';
import { maintenanceIdle } from './maintenance.js';
import type { DBOptions } from './options.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const quiet = { warn: () => {}, info: () => {} };
const dirs: string[] = [];

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(dir: string, options: DBOptions = {}): DB {
  return DB.open(dir, { compactionIntervalMs: 0, retentionMs: 0, fsync: 'none', logger: quiet, ...options });
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'telemeter-maintenance-'));
  dirs.push(dir);
  return dir;
}

/**
 * Series named `name` with ids 0…count-1. Ids sort as strings ("0", "1", "10", …), so the head
 * creates them in an order other than label order, as scrapes do.
 */
function seriesLabels(name: string, count: number): Labels[] {
  return Array.from({ length: count }, (_, k) => labelsFromRecord({ __name__: name, id: String(k) }));
}

async function scrape(db: DB, labels: readonly Labels[], t: number): Promise<void> {
  const app = db.appender();
  for (let k = 0; k < labels.length; k++) app.append(labels[k] as Labels, t, t / 1000 + k);
  await app.commit();
}

/** Samples per series of `name` over everything stored. */
function samplesBySeries(db: DB, matchers: readonly LabelMatcher[]): Map<string, number> {
  const q = db.querier(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  try {
    const out = new Map<string, number>();
    for (const s of q.select(matchers)) {
      const it = s.iterator();
      let n = 0;
      while (it.next()) n++;
      assert.equal(it.err(), undefined);
      out.set(s.labels.find((l) => l.name === 'id')?.value ?? '', n);
    }
    return out;
  } finally {
    q.close();
  }
}

/**
 * A step has written its block (renamed into place) but not swapped it in yet: everything it
 * read, it read before now, so a deletion made now reaches the new block only through the log.
 */
function blockWrittenNotInstalled(db: DB): boolean {
  if (db.deletionLog === undefined) return false;
  const listed = new Set(db.blocks.map((b) => basename(b.dir)));
  return readdirSync(join(db.dir, 'blocks')).some((n) => /^[0-9A-Z]{26}$/.test(n) && !listed.has(n));
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Gives the event loop turns until `condition` holds; false if `work` settled first. */
async function whileRunning(work: Promise<unknown>, condition: () => boolean): Promise<boolean> {
  let settled = false;
  void work.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled) {
    if (condition()) return true;
    await turn();
  }
  return false;
}

describe('maintenance while the DB is in use', () => {
  it('lets appends, commits and queries go on while a 20k-series head cut runs, and loses nothing', async () => {
    const db = open(tempDir());
    const cut = seriesLabels('cut_load', 20_000);
    for (let t = 0; t < 2 * HOUR; t += 5 * MIN) await scrape(db, cut, t);
    await scrape(db, cut, 3 * HOUR + MIN); // the head now spans 1.5 ranges: [0, 2 h) is cut

    const live = seriesLabels('live', 100);
    const compaction = db.compact();
    let running = true;
    void compaction.finally(() => {
      running = false;
    });
    let roundsDuring = 0;
    let rounds = 0;
    while (running) {
      await scrape(db, live, 3 * HOUR + MIN + rounds * 1000);
      const seen = samplesBySeries(db, [createMatcher('=', '__name__', 'live')]);
      assert.equal(seen.get('7'), rounds + 1);
      rounds++;
      if (running) roundsDuring++;
      await turn();
    }
    await compaction;

    assert.ok(roundsDuring > 0, 'no append, commit and query completed while the head was cut');
    assert.equal(db.blocks.length, 1);
    assert.equal(db.blocks[0]?.meta.stats.numSeries, 20_000);
    assert.equal(db.blocks[0]?.meta.stats.numSamples, 20_000 * 24);
    const stored = samplesBySeries(db, [createMatcher('=', '__name__', 'cut_load')]);
    assert.equal(stored.size, 20_000);
    for (const n of stored.values()) assert.equal(n, 25);
    const liveStored = samplesBySeries(db, [createMatcher('=', '__name__', 'live')]);
    assert.equal(liveStored.size, 100);
    for (const n of liveStored.values()) assert.equal(n, rounds);
    await db.close();
  });

  it('keeps a deleteSeries issued while the head is being cut, across a reopen', async () => {
    const dir = tempDir();
    let db = open(dir);
    const labels = seriesLabels('load', 5_000);
    for (let t = 0; t < 2 * HOUR; t += 10 * MIN) await scrape(db, labels, t);
    await scrape(db, labels, 3 * HOUR + MIN);

    const compaction = db.compact();
    assert.ok(await whileRunning(compaction, () => blockWrittenNotInstalled(db)));
    const deletion = db.deleteSeries([createMatcher('=~', 'id', '1.*')], 0, 2 * HOUR);
    await Promise.all([compaction, deletion]);

    const check = (d: DB): void => {
      const data = samplesBySeries(d, [createMatcher('=', '__name__', 'load')]);
      assert.equal(data.size, 5_000);
      for (const [id, n] of data) assert.equal(n, id.startsWith('1') ? 1 : 13, `series ${id}`);
    };
    assert.equal(db.blocks.length, 1);
    check(db);
    await db.close();
    db = open(dir);
    check(db);
    await db.close();
  });

  it('keeps a deleteSeries issued while blocks are being merged, across a reopen', async () => {
    const dir = tempDir();
    const options = { blockRangeMs: 10 * MIN };
    let db = open(dir, options);
    const labels = seriesLabels('load', 3_000);
    for (let t = 0; t < 40 * MIN; t += MIN) await scrape(db, labels, t);

    // The flush cuts four 10-minute blocks, then merges the first three (the newest block waits,
    // as in Prometheus's planner).
    const compaction = db.compact({ flushHead: true });
    assert.ok(await whileRunning(compaction, () => db.blocks.length === 4 && blockWrittenNotInstalled(db)));
    const deletion = db.deleteSeries([createMatcher('=~', 'id', '2.*')], 5 * MIN, 25 * MIN);
    await Promise.all([compaction, deletion]);

    const check = (d: DB): void => {
      assert.deepEqual(
        d.blocks.map((b) => [b.meta.minTime, b.meta.maxTime]),
        [
          [0, 30 * MIN],
          [30 * MIN, 40 * MIN],
        ],
      );
      const data = samplesBySeries(d, [createMatcher('=', '__name__', 'load')]);
      assert.equal(data.size, 3_000);
      for (const [id, n] of data) assert.equal(n, id.startsWith('2') ? 40 - 21 : 40, `series ${id}`);
    };
    check(db);
    await db.close();
    db = open(dir, options);
    check(db);
    await db.close();
  });

  it('runs overlapping compact() calls and snapshots one after another', async () => {
    const dir = tempDir();
    const options = { blockRangeMs: 10 * MIN };
    const db = open(dir, options);
    const labels = seriesLabels('load', 500);
    for (let t = 0; t < 40 * MIN; t += MIN) await scrape(db, labels, t);
    const target = join(tempDir(), 'snap');
    const [, , metas] = await Promise.all([
      db.compact(),
      db.compact({ flushHead: true }),
      db.snapshot(target),
      db.compact(),
    ]);
    const total = (d: DB): number => {
      let n = 0;
      for (const c of samplesBySeries(d, [createMatcher('=', '__name__', 'load')]).values()) n += c;
      return n;
    };
    assert.equal(total(db), 500 * 40);
    // Blocks never overlap: each range was written once.
    for (let i = 1; i < db.blocks.length; i++) {
      assert.ok((db.blocks[i]?.meta.minTime ?? 0) >= (db.blocks[i - 1]?.meta.maxTime ?? 0));
    }
    assert.ok(metas.length > 0);
    await db.close();
    const copy = open(target, options);
    assert.equal(total(copy), 500 * 40);
    await copy.close();
    assert.deepEqual(
      readdirSync(join(dir, 'blocks')).filter((n) => n.includes('.tmp')),
      [],
    );
  });

  it('tells when the passes and snapshots started so far have ended', async () => {
    const db = open(tempDir(), { blockRangeMs: 10 * MIN });
    const labels = seriesLabels('load', 500);
    for (let t = 0; t < 40 * MIN; t += MIN) await scrape(db, labels, t);
    let settled = 0;
    const count = (): void => {
      settled++;
    };
    void db.compact().then(count);
    void db.snapshot(join(tempDir(), 'snap')).then(count);
    await maintenanceIdle(db);
    assert.equal(settled, 2);
    await db.close();
  });
});
