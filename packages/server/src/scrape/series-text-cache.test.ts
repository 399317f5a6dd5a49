import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createMatcher,
  type DB,
  isStaleNaN,
  labelsFromRecord,
  labelsKey,
  labelsToRecord,
} from '@telemeter/storage';
import fc from 'fast-check';
import { type SampleRules, ScrapeBatch, TargetSeriesState } from './scrape-batch.js';
import { openTempDb } from './testing/harness.js';
import { exposition, rules, run, scrapes, tapped } from './testing/scrape-lines.js';

// The scrape cache is keyed by the series text the parser hands out (`seriesText`). A text names
// one series, but one series may come as several texts (label order, blanks, commas, escapes):
// whatever the texts, a scrape must store what it stores when every sample is resolved from its
// parsed labels (the parser without `seriesText`).

/** Every stored series and its points, as sortable lines. */
function everything(db: DB): string[] {
  const q = db.querier(0, Number.MAX_SAFE_INTEGER);
  try {
    return q.select([createMatcher('=~', '__name__', '.+')]).flatMap((series) => {
      const key = JSON.stringify(labelsToRecord(series.labels));
      const points: string[] = [];
      const it = series.iterator();
      while (it.next()) points.push(`${key} ${it.t} ${isStaleNaN(it.v) ? 'stale' : it.v}`);
      return points;
    });
  } finally {
    q.close();
  }
}

const plainRules: SampleRules = {
  targetLabels: [['job', 'app']],
  honorLabels: false,
  honorTimestamps: true,
  sampleLimit: 0,
  metricRelabelConfigs: [],
  externalLabels: [],
  where: 'scrape config "test"',
};

/** Scrapes `texts` in turn into a fresh DB; what each wrote and its counts, and the DB at the end. */
async function scrapeAll(texts: readonly string[], seriesText = true) {
  const temp = openTempDb();
  try {
    const state = new TargetSeriesState();
    const logs: string[][] = [];
    const counts: number[][] = [];
    for (const [i, text] of texts.entries()) {
      const log: string[] = [];
      const app = tapped(temp.db.appender(), log);
      const batch = new ScrapeBatch(app, plainRules, state, 1000 * (i + 1));
      run(batch, text, seriesText);
      await app.commit();
      logs.push(log);
      counts.push([batch.kept, batch.duplicates, batch.seriesAdded]);
    }
    return { logs, counts, stored: everything(temp.db).sort() };
  } finally {
    await temp.close();
  }
}

describe('ScrapeBatch with the series text', () => {
  it('stores the same series and samples as with labels parsed for every sample', async () => {
    await fc.assert(
      fc.asyncProperty(rules, scrapes, async (r, scrapes) => {
        const temps = [openTempDb(), openTempDb()];
        try {
          const states = [new TargetSeriesState(), new TargetSeriesState()];
          for (const [i, s] of scrapes.entries()) {
            const t = 10_000 * (i + 1);
            const outcomes = [true, false].map((seriesText, k) => {
              const temp = temps[k]!;
              const state = states[k]!;
              if (s.reload) state.rulesChanged();
              const log: string[] = [];
              let app = tapped(temp.db.appender(), log);
              const batch = new ScrapeBatch(app, r, state, t);
              let failed = false;
              try {
                run(batch, exposition(s.lines, t, s.broken, i), seriesText);
              } catch {
                failed = true;
                app.rollback();
                log.length = 0;
                app = tapped(temp.db.appender(), log);
                ScrapeBatch.failed(app, state, t);
              }
              const { scraped, kept, seriesAdded, duplicates } = batch;
              return { app, failed, log, counts: failed ? [] : [scraped, kept, seriesAdded, duplicates] };
            });
            for (const o of outcomes) await o.app.commit();
            const [text, plain] = outcomes.map(({ failed, log, counts }) => ({
              failed,
              log: log.sort(),
              counts,
            }));
            assert.deepEqual(text, plain, `scrape ${i}`);
          }
          assert.deepEqual(everything(temps[0]!.db).sort(), everything(temps[1]!.db).sort());
        } finally {
          for (const temp of temps) await temp.close();
        }
      }),
      { numRuns: 40 },
    );
  });

  it('resolves the same text to the same series, with the value of each scrape', async () => {
    const { logs, counts } = await scrapeAll(['a{x="1"} 1\n', 'a{x="1"} 2\n', 'a{x="1"} 3\na{x="1"} 4\n']);
    const key = labelsKey(labelsFromRecord({ __name__: 'a', job: 'app', x: '1' }));
    assert.deepEqual(logs.flat(), [`${key} 1000 1`, `${key} 2000 2`, `${key} 3000 3`]);
    // kept, duplicates, added: the repeat in the third scrape is a duplicate.
    assert.deepEqual(counts, [
      [1, 0, 1],
      [1, 0, 0],
      [1, 1, 0],
    ]);
  });

  it('resolves different texts of one series (order, blanks, commas, escapes) to that series', async () => {
    const forms = [
      'a{x="1",y="\\\\z"}',
      'a{y="\\z",x="1"}',
      'a { x = "1" , y = "\\\\z" , }',
      'a{x="1"y="\\z"}',
      'a{x="1",y="\\z",z=""}',
    ];
    // Within a scrape the second form is a duplicate; across scrapes no form adds a series.
    const texts = forms.map((f, i) => `${f} ${i}\n${forms[(i + 1) % forms.length]} 9\n`);
    const { logs, counts, stored } = await scrapeAll(texts);
    const key = labelsKey(labelsFromRecord({ __name__: 'a', job: 'app', x: '1', y: '\\z' }));
    assert.deepEqual(
      logs.flat(),
      forms.map((_, i) => `${key} ${1000 * (i + 1)} ${i}`),
    );
    assert.deepEqual(counts, [[1, 1, 1], ...forms.slice(1).map(() => [1, 1, 0])]);
    assert.equal(new Set(stored.map((p) => p.split(' ')[0])).size, 1);
    // And exactly as without the series text.
    assert.deepEqual(await scrapeAll(texts, false), { logs, counts, stored });
  });
});
