import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { waitFor } from '@telemeter/testkit';
import { ScrapeError } from './errors.js';
import { type ScrapeFixture, scrapeFixture } from './testing/fixture.js';
import { GLOBAL, readOne, scrapeConfig } from './testing/harness.js';
import type { RelabelConfig } from './types.js';

let fx: ScrapeFixture;
const dirs: string[] = [];
afterEach(async () => {
  await fx.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const keepRule = (regex: string): RelabelConfig => ({
  sourceLabels: ['__address__'],
  separator: ';',
  regex,
  replacement: '$1',
  action: 'keep',
});

describe('applyConfig', () => {
  it('diffs pools: targets that stay keep their loop and state, new ones start fresh', async () => {
    fx = scrapeFixture();
    const a = await fx.exporter('a 1\n');
    const b = await fx.exporter('b 1\n');
    await fx.manager.applyConfig([scrapeConfig('app', [a.address])], GLOBAL);
    const scraped = await fx.scrapes(a.address);

    await fx.manager.applyConfig([scrapeConfig('app', [a.address, b.address])], GLOBAL);
    const kept = fx.target(a.address);
    assert.equal(kept?.health, 'up', 'the existing target kept its loop');
    assert.ok(kept !== undefined && kept.lastScrape >= scraped.lastScrape);
    assert.equal(fx.target(b.address)?.health, 'unknown', 'the new target has not been scraped yet');

    // A change that does not touch the target's identity (honor_labels) keeps its loop too.
    await fx.manager.applyConfig(
      [scrapeConfig('app', [a.address, b.address], { honorLabels: true })],
      GLOBAL,
    );
    assert.equal(fx.target(a.address)?.health, 'up');
    await fx.scrapes(b.address);
    // Across all of that, the series of a never saw a stale marker.
    assert.ok(readOne(fx.temp.db, { __name__: 'a' }).points.every((p) => !p.stale));
    assert.ok(readOne(fx.temp.db, { __name__: 'up', instance: a.address }).points.every((p) => p.v === 1));
  });

  it('new metric_relabel_configs apply to a running target at its next scrape', async () => {
    fx = scrapeFixture();
    const a = await fx.exporter('kept 1\nnoisy 2\n');
    await fx.manager.applyConfig([scrapeConfig('app', [a.address])], GLOBAL);
    await fx.scrapes(a.address);
    const dropNoisy: RelabelConfig = {
      sourceLabels: ['__name__'],
      separator: ';',
      regex: 'noisy',
      replacement: '$1',
      action: 'drop',
    };
    await fx.manager.applyConfig(
      [scrapeConfig('app', [a.address], { metricRelabelConfigs: [dropNoisy] })],
      GLOBAL,
    );
    assert.equal(fx.target(a.address)?.health, 'up', 'same loop');
    await fx.scrapes(a.address);
    const db = fx.temp.db;
    assert.ok(readOne(db, { __name__: 'noisy' }).points.at(-1)?.stale, 'the dropped series went stale');
    assert.ok(readOne(db, { __name__: 'kept' }).points.every((p) => !p.stale));
  });

  it('rejects an invalid config before changing anything, naming the job', async () => {
    fx = scrapeFixture();
    const a = await fx.exporter('a 1\n');
    await fx.manager.applyConfig([scrapeConfig('app', [a.address])], GLOBAL);
    const invalid = [
      [scrapeConfig('app', []), scrapeConfig('app', [])],
      [scrapeConfig('slow', [], { scrapeIntervalMs: 200, scrapeTimeoutMs: 500 })],
      [scrapeConfig('bad-regex', [], { relabelConfigs: [keepRule('(')] })],
      [scrapeConfig('bad-limit', [], { sampleLimit: -1 })],
    ];
    const messages = [
      /scrape config "app": job_name is used by an earlier/,
      /scrape config "slow": scrape_timeout \(500 ms\) is greater than scrape_interval/,
      /scrape config "bad-regex": relabel_configs\[0\] \(action keep\): invalid regex/,
      /"bad-limit": sample_limit must be/,
    ];
    for (const [i, configs] of invalid.entries()) {
      await assert.rejects(
        fx.manager.applyConfig(configs, GLOBAL),
        (err: unknown) =>
          err instanceof ScrapeError &&
          err.code === 'TM_SCRAPE_INVALID_CONFIG' &&
          (messages[i] as RegExp).test(err.message),
      );
    }
    assert.deepEqual(
      fx.manager.targets('active').activeTargets.map((t) => t.scrapePool),
      ['app'],
      'the running config is untouched',
    );
  });

  it('lists targets dropped by relabeling, filtered by state', async () => {
    fx = scrapeFixture();
    const a = await fx.exporter('a 1\n');
    await fx.manager.applyConfig(
      [
        scrapeConfig('app', [a.address, 'dropped.example:9100'], {
          relabelConfigs: [keepRule('127\\.0\\.0\\.1:.*')],
        }),
      ],
      GLOBAL,
    );
    const all = fx.manager.targets();
    assert.equal(all.activeTargets.length, 1);
    assert.deepEqual(all.droppedTargets, [
      {
        discoveredLabels: {
          __address__: 'dropped.example:9100',
          __metrics_path__: '/metrics',
          __scheme__: 'http',
          __scrape_interval__: '200ms',
          __scrape_timeout__: '200ms',
          job: 'app',
        },
        scrapePool: 'app',
      },
    ]);
    assert.deepEqual(fx.manager.targets('active').droppedTargets, []);
    assert.deepEqual(fx.manager.targets('dropped').activeTargets, []);
    assert.equal(fx.manager.targets('dropped').droppedTargets.length, 1);
  });

  it('follows a file SD file: __meta_filepath, new and removed targets, a bad file keeps targets', async () => {
    fx = scrapeFixture();
    const dir = mkdtempSync(join(tmpdir(), 'telemeter-scrape-sd-'));
    dirs.push(dir);
    const file = join(dir, 'targets.yml');
    const a = await fx.exporter('from_a 1\n');
    const b = await fx.exporter('from_b 1\n');
    writeFileSync(file, `- targets: ['${a.address}']\n  labels: {team: core}\n`);
    const relabelFile: RelabelConfig = {
      sourceLabels: ['__meta_filepath'],
      separator: ';',
      regex: '.*/(.*)',
      replacement: '$1',
      targetLabel: 'sd_file',
      action: 'replace',
    };
    await fx.manager.applyConfig(
      [
        scrapeConfig('sd', [], {
          fileSdConfigs: [{ files: [file], refreshIntervalMs: 60_000 }],
          relabelConfigs: [relabelFile],
        }),
      ],
      GLOBAL,
    );
    const first = fx.target(a.address);
    assert.equal(
      first?.discoveredLabels.__meta_filepath,
      file,
      'targets are known when applyConfig resolves',
    );
    assert.deepEqual(first?.labels, { instance: a.address, job: 'sd', sd_file: 'targets.yml', team: 'core' });
    await fx.scrapes(a.address);
    assert.equal(readOne(fx.temp.db, { __name__: 'from_a' }).labels.team, 'core');

    writeFileSync(file, `- targets: ['${b.address}']\n`);
    await fx.scrapes(b.address);
    assert.equal(fx.target(a.address), undefined);
    assert.ok(
      readOne(fx.temp.db, { __name__: 'from_a' }).points.at(-1)?.stale,
      'the removed target went stale',
    );

    writeFileSync(file, '- targets: [unclosed\n');
    await waitFor(
      'the logged error',
      () => fx.logger.lines.find((l) => l.level === 'error' && l.message.includes(file)),
      { timeoutMs: 5_000, intervalMs: 20 },
    );
    await fx.scrapes(b.address);
    assert.equal(fx.target(b.address)?.health, 'up', 'the bad file kept its targets');
    assert.match(await fx.registry.metrics(), /telemeter_sd_file_read_errors_total [1-9]/);
  });

  it('exposes its own metrics in the registry', async () => {
    fx = scrapeFixture();
    const a = await fx.exporter('a 1\n');
    const b = await fx.exporter('b 1\n');
    b.reply.status = 500;
    await fx.manager.applyConfig([scrapeConfig('app', [a.address, b.address])], GLOBAL);
    await fx.scrapes(a.address);
    await fx.scrapes(b.address);
    const text = await fx.registry.metrics();
    assert.match(text, /telemeter_scrape_pool_targets\{scrape_job="app"\} 2/);
    assert.match(text, /telemeter_scrapes_total\{scrape_job="app",result="success"\} [1-9]/);
    assert.match(text, /telemeter_scrapes_total\{scrape_job="app",result="error"\} [1-9]/);
    await fx.manager.applyConfig([], GLOBAL);
    assert.doesNotMatch(await fx.registry.metrics(), /telemeter_scrape_pool_targets\{/);
  });
});
