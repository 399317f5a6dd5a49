import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CONTENT_TYPE_OPENMETRICS, Counter, Registry } from '@telemeter/core';
import { waitFor } from '@telemeter/testkit';
import { ScrapeError } from './errors.js';
import { type ScrapeFixture, scrapeFixture } from './testing/fixture.js';
import { GLOBAL, readOne, readSeries, scrapeConfig } from './testing/harness.js';

let fx: ScrapeFixture;
afterEach(() => fx.close());

describe('internal targets', () => {
  it('are scraped like any target: own labels, up, report series, external labels, targets()', async () => {
    fx = scrapeFixture({ externalLabels: { cluster: 'eu-1', job: 'never-overrides' } });
    const app = new Registry();
    const jobs = new Counter({ name: 'jobs_total', help: 'Jobs run.', registry: app });
    jobs.inc(5);
    fx.manager.addInternalTarget({
      job: 'telemeter',
      instance: '127.0.0.1:9464',
      intervalMs: 100,
      collect: async () => ({
        body: await app.metrics('openmetrics'),
        contentType: CONTENT_TYPE_OPENMETRICS,
      }),
    });
    const target = await fx.scrapes('127.0.0.1:9464', 2);
    assert.equal(target.health, 'up');
    assert.equal(target.scrapePool, 'telemeter');
    assert.equal(target.scrapeUrl, 'internal://127.0.0.1:9464/metrics');
    assert.equal(target.scrapeInterval, '100ms');
    const db = fx.temp.db;
    assert.deepEqual(readOne(db, { __name__: 'jobs_total' }).labels, {
      __name__: 'jobs_total',
      cluster: 'eu-1',
      instance: '127.0.0.1:9464',
      job: 'telemeter',
    });
    assert.deepEqual(readOne(db, { __name__: 'up' }).labels, {
      __name__: 'up',
      cluster: 'eu-1',
      instance: '127.0.0.1:9464',
      job: 'telemeter',
    });
    assert.equal(readOne(db, { __name__: 'jobs_total' }).points.at(-1)?.v, 5);
    assert.equal(db.metadata('jobs').get('jobs')?.type, 'counter');
    assert.throws(
      () =>
        fx.manager.addInternalTarget({
          job: 'telemeter',
          instance: '127.0.0.1:9464',
          intervalMs: 100,
          collect: async () => ({ body: '', contentType: '' }),
        }),
      (err: unknown) => err instanceof ScrapeError && err.code === 'TM_SCRAPE_DUPLICATE_TARGET',
    );
    // applyConfig manages scrape_configs only: internal targets stay.
    await fx.manager.applyConfig([], GLOBAL);
    assert.equal(fx.target('127.0.0.1:9464')?.health, 'up');
  });

  it('a failing collect is a failed scrape: up 0, lastError, stale markers', async () => {
    fx = scrapeFixture();
    let fail = false;
    fx.manager.addInternalTarget({
      job: 'host',
      instance: 'local',
      intervalMs: 100,
      collect: async () => {
        if (fail) throw new Error('reading /proc/stat failed');
        return { body: 'cpu_seconds_total 12\n', contentType: 'text/plain; version=0.0.4' };
      },
    });
    await fx.scrapes('local');
    fail = true;
    const down = await fx.scrapes('local');
    assert.equal(down.health, 'down');
    assert.equal(down.lastError, 'reading /proc/stat failed');
    assert.ok(readOne(fx.temp.db, { __name__: 'cpu_seconds_total' }).points.at(-1)?.stale);
    assert.equal(readOne(fx.temp.db, { __name__: 'up' }).points.at(-1)?.v, 0);
  });

  it('stop() waits for a scrape in flight and leaves nothing half written', async () => {
    fx = scrapeFixture();
    const slow = await fx.exporter('slow 1\n');
    await fx.manager.applyConfig([scrapeConfig('slow', [slow.address])], GLOBAL);
    await fx.scrapes(slow.address);
    slow.reply.delayMs = 150;
    const requests = slow.requests.length;
    await waitFor('a scrape in flight', () => (slow.requests.length > requests ? true : undefined), {
      timeoutMs: 5_000,
      intervalMs: 2,
    });
    const db = fx.temp.db;
    const written = readSeries(db, { job: 'slow' });
    await fx.manager.stop();
    assert.deepEqual(
      readSeries(db, { job: 'slow' }),
      written,
      'the scrape in flight was abandoned: no up 0, no stale markers',
    );
    await sleep(300);
    assert.deepEqual(
      readSeries(db, { job: 'slow' }),
      written,
      'and nothing was written after stop() resolved',
    );
    assert.throws(
      () =>
        fx.manager.addInternalTarget({
          job: 'x',
          instance: 'y',
          intervalMs: 100,
          collect: async () => ({ body: '', contentType: '' }),
        }),
      /stopped/,
    );
    await assert.rejects(
      fx.manager.applyConfig([], GLOBAL),
      (err: unknown) => err instanceof ScrapeError && err.code === 'TM_SCRAPE_STOPPED',
    );
  });
});
