import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Appender, type Labels, labelsFromRecord, labelsKey } from '@telemeter/storage';
import fc from 'fast-check';
import { type SampleRules, ScrapeBatch, TargetSeriesState } from './scrape-batch.js';
import { openTempDb } from './testing/harness.js';
import {
  exposition,
  type Line,
  rules,
  run,
  type Scrape,
  scrapes,
  tapped,
  valueAt,
} from './testing/scrape-lines.js';

// ScrapeBatch keeps a cache of exposed series and marks instead of per-scrape maps. Whatever the
// order, repeats, label order, relabeling and failures, what it writes must be what the plain
// rules say: each exposed series resolved on its own (a fresh state: nothing cached), duplicates
// skipped, new series counted, and stale markers for what the previous successful scrape wrote
// at scrape time and this one did not.

/** The stored labels of one exposed series, resolved with nothing cached; null = dropped. */
function resolveAlone(l: Line, r: SampleRules): Labels | null {
  const appended: Labels[] = [];
  const app: Appender = {
    append: (labels) => void appended.push(labels),
    setMetadata: () => {},
    commit: () => Promise.reject(new Error('not committed')),
    rollback: () => {},
  };
  run(
    new ScrapeBatch(app, { ...r, sampleLimit: 0 }, new TargetSeriesState(), 10_000),
    exposition([l], 10_000, false),
    false,
  );
  return appended[0] ?? null;
}

interface Expected {
  readonly log: string[];
  readonly failed: boolean;
  readonly counts?: { scraped: number; kept: number; seriesAdded: number; duplicates: number };
}

/** What one scrape must write, and the model's state after it. */
function expect(
  s: Scrape,
  r: SampleRules,
  t: number,
  i: number,
  previous: Map<string, { tracked: boolean }>,
): { want: Expected; next: Map<string, { tracked: boolean }> } {
  const current = new Map<string, { tracked: boolean }>();
  const log: string[] = [];
  let kept = 0;
  let seriesAdded = 0;
  let duplicates = 0;
  let failed = s.broken;
  for (const l of s.lines) {
    const labels = resolveAlone(l, r);
    if (labels === null) continue;
    const key = labelsKey(labels);
    if (current.has(key)) {
      duplicates++;
      continue;
    }
    kept++;
    if (r.sampleLimit > 0 && kept > r.sampleLimit) {
      failed = true;
      break;
    }
    log.push(`${key} ${l.explicit ? t - 500 : t} ${valueAt(l, i)}`);
    current.set(key, { tracked: !l.explicit });
    if (!previous.has(key)) seriesAdded++;
  }
  if (failed) {
    const stale = [...previous].filter(([, p]) => p.tracked).map(([key]) => `${key} ${t} stale`);
    return { want: { log: stale, failed: true }, next: new Map() };
  }
  for (const [key, p] of previous) if (p.tracked && !current.has(key)) log.push(`${key} ${t} stale`);
  const counts = { scraped: s.lines.length, kept, seriesAdded, duplicates };
  return { want: { log, failed: false, counts }, next: current };
}

describe('ScrapeBatch', () => {
  it('writes what the plain rules say, scrape after scrape, whatever is cached', async () => {
    await fc.assert(
      fc.asyncProperty(rules, scrapes, async (r, scrapes) => {
        const temp = openTempDb();
        try {
          const state = new TargetSeriesState();
          let previous = new Map<string, { tracked: boolean }>();
          for (const [i, s] of scrapes.entries()) {
            const t = 10_000 * (i + 1);
            const { want, next } = expect(s, r, t, i, previous);
            previous = next;
            if (s.reload) state.rulesChanged();
            let log: string[] = [];
            let app = tapped(temp.db.appender(), log);
            const batch = new ScrapeBatch(app, r, state, t);
            let failed = false;
            try {
              run(batch, exposition(s.lines, t, s.broken, i));
            } catch {
              failed = true;
              app.rollback();
              log = [];
              app = tapped(temp.db.appender(), log);
              ScrapeBatch.failed(app, state, t);
            }
            await app.commit();
            assert.equal(failed, want.failed, `scrape ${i} failed`);
            assert.deepEqual(log.sort(), want.log.sort(), `scrape ${i} wrote`);
            if (want.counts !== undefined) {
              const { scraped, kept, seriesAdded, duplicates } = batch;
              assert.deepEqual({ scraped, kept, seriesAdded, duplicates }, want.counts, `scrape ${i} counts`);
            }
          }
        } finally {
          await temp.close();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('treats label orders of one series as that series: a duplicate in a scrape, no stale marker across scrapes', async () => {
    const temp = openTempDb();
    try {
      const r: SampleRules = {
        targetLabels: [['job', 'app']],
        honorLabels: false,
        honorTimestamps: true,
        sampleLimit: 0,
        metricRelabelConfigs: [],
        externalLabels: [],
        where: 'scrape config "test"',
      };
      const state = new TargetSeriesState();
      const scrapes = ['a{x="1",y="2"} 1\na{y="2",x="1"} 2\n', 'a{y="2",x="1"} 3\n', 'a{x="1",y="2"} 4\n'];
      const counts: number[][] = [];
      const logs: string[][] = [];
      for (const [i, text] of scrapes.entries()) {
        const log: string[] = [];
        const app = tapped(temp.db.appender(), log);
        const batch = new ScrapeBatch(app, r, state, 1000 * (i + 1));
        run(batch, text);
        await app.commit();
        counts.push([batch.kept, batch.duplicates, batch.seriesAdded]);
        logs.push(log);
      }
      const key = labelsKey(labelsFromRecord({ __name__: 'a', job: 'app', x: '1', y: '2' }));
      assert.deepEqual(logs, [[`${key} 1000 1`], [`${key} 2000 3`], [`${key} 3000 4`]]);
      assert.deepEqual(counts, [
        [1, 1, 1],
        [1, 0, 0],
        [1, 0, 0],
      ]);
    } finally {
      await temp.close();
    }
  });
});
