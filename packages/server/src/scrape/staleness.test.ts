import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ScrapeFixture, scrapeFixture } from './testing/fixture.js';
import { GLOBAL, readOne, readSeries, type StoredSeries, scrapeConfig } from './testing/harness.js';

let fx: ScrapeFixture;
afterEach(() => fx.close());

function last(series: StoredSeries) {
  const p = series.points.at(-1);
  assert.ok(p !== undefined, 'the series has samples');
  return p;
}

function upTimes(fx: ScrapeFixture, job: string): number[] {
  return readOne(fx.temp.db, { __name__: 'up', job }).points.map((p) => p.t);
}

describe('stale markers', () => {
  it('mark a series that vanished from the exposition, at the scrape that missed it', async () => {
    fx = scrapeFixture();
    const exporter = await fx.exporter('kept 1\nvanishing{a="1"} 2\n');
    await fx.manager.applyConfig([scrapeConfig('app', [exporter.address])], GLOBAL);
    await fx.scrapes(exporter.address);
    exporter.reply.body = 'kept 1\n';
    await fx.scrapes(exporter.address, 2);
    const db = fx.temp.db;
    const vanished = readOne(db, { __name__: 'vanishing' });
    const marker = last(vanished);
    assert.ok(marker.stale, 'the last sample is a stale marker');
    assert.equal(vanished.points.filter((p) => p.stale).length, 1, 'written once, not every scrape');
    assert.ok(upTimes(fx, 'app').includes(marker.t), 'at the timestamp of a scrape');
    assert.ok(readOne(db, { __name__: 'kept' }).points.every((p) => !p.stale));

    exporter.reply.body = 'kept 1\nvanishing{a="1"} 3\n';
    await fx.scrapes(exporter.address);
    assert.equal(last(readOne(db, { __name__: 'vanishing' })).v, 3, 'a returning series continues');
  });

  it('mark every series of a target whose scrape fails, write up 0, and resume on recovery', async () => {
    fx = scrapeFixture();
    const exporter = await fx.exporter('a 1\nb 2\n');
    await fx.manager.applyConfig([scrapeConfig('app', [exporter.address])], GLOBAL);
    await fx.scrapes(exporter.address);
    exporter.reply.status = 503;
    const down = await fx.scrapes(exporter.address);
    assert.equal(down.health, 'down');
    assert.equal(down.lastError, 'server returned HTTP status 503 Service Unavailable');
    const db = fx.temp.db;
    const failedAt = new Date(down.lastScrape).getTime();
    for (const name of ['a', 'b']) {
      const marker = last(readOne(db, { __name__: name }));
      assert.ok(marker.stale && marker.t === failedAt, `${name} is stale at the failed scrape`);
    }
    const up = readOne(db, { __name__: 'up' });
    assert.deepEqual(last(up), { t: failedAt, v: 0, stale: false });
    assert.equal(last(readOne(db, { __name__: 'scrape_samples_scraped' })).v, 0);

    exporter.reply.status = 200;
    const recovered = await fx.scrapes(exporter.address);
    assert.equal(recovered.health, 'up');
    assert.equal(recovered.lastError, '');
    assert.equal(last(readOne(db, { __name__: 'a' })).v, 1);
    assert.equal(
      last(readOne(db, { __name__: 'scrape_series_added' })).v,
      2,
      'after an empty scrape every series is new again',
    );
  });

  it('mark every series of a removed target and of a removed pool, report series included', async () => {
    fx = scrapeFixture();
    const stays = await fx.exporter('stays 1\n');
    const leaves = await fx.exporter('leaves 1\n');
    const other = await fx.exporter('other 1\n');
    await fx.manager.applyConfig(
      [scrapeConfig('app', [stays.address, leaves.address]), scrapeConfig('other', [other.address])],
      GLOBAL,
    );
    await fx.scrapes(leaves.address);
    await fx.scrapes(other.address);
    await fx.scrapes(stays.address);

    await fx.manager.applyConfig([scrapeConfig('app', [stays.address])], GLOBAL);
    const db = fx.temp.db;
    const ended: Record<string, string>[] = [
      { __name__: 'leaves' },
      { __name__: 'up', instance: leaves.address },
      { __name__: 'scrape_duration_seconds', instance: leaves.address },
      { __name__: 'scrape_series_added', instance: leaves.address },
      { __name__: 'other' },
      { __name__: 'up', job: 'other' },
    ];
    for (const match of ended) {
      assert.ok(last(readOne(db, match)).stale, `${JSON.stringify(match)} ends with a stale marker`);
    }
    assert.deepEqual(
      fx.manager.targets('active').activeTargets.map((t) => t.labels.instance),
      [stays.address],
    );
    const requests = leaves.requests.length + other.requests.length;
    await fx.scrapes(stays.address, 2);
    assert.equal(
      leaves.requests.length + other.requests.length,
      requests,
      'removed targets are no longer scraped',
    );
    assert.ok(!last(readOne(db, { __name__: 'stays' })).stale);
  });

  it('are not written when the manager stops (a restart continues the series)', async () => {
    fx = scrapeFixture();
    const exporter = await fx.exporter('a 1\n');
    await fx.manager.applyConfig([scrapeConfig('app', [exporter.address])], GLOBAL);
    await fx.scrapes(exporter.address);
    await fx.manager.stop();
    const db = fx.temp.db;
    const before = readSeries(db, { job: 'app' });
    assert.ok(before.every((s) => !last(s).stale));
    await sleep(250);
    assert.deepEqual(readSeries(db, { job: 'app' }), before, 'nothing written after stop()');
    assert.equal(
      readOne(db, { __name__: 'a' }).points.length,
      readOne(db, { __name__: 'up' }).points.length,
      'no scrape was half written',
    );
  });
});
