// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${1}` is Prometheus's (Go's) replacement syntax, not a JS template.
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { afterEach, describe, it } from 'node:test';
import { SCRAPE_ACCEPT } from './http-scrape.js';
import { type ScrapeFixture, scrapeFixture } from './testing/fixture.js';
import { GLOBAL, readOne, readSeries, scrapeConfig } from './testing/harness.js';

const TEXT = `# HELP http_requests_total Requests served.
# TYPE http_requests_total counter
http_requests_total{method="GET"} 10
http_requests_total{method="POST"} 3
temperature_celsius 21.5
`;

const OPENMETRICS = `# TYPE build_info info
# HELP build_info Build information.
build_info_info{version="1.2"} 1
# TYPE request_seconds counter
# UNIT request_seconds seconds
# HELP request_seconds Time spent.
request_seconds_total 4.5 1700000000.5
# EOF
`;

let fx: ScrapeFixture;
afterEach(() => fx.close());

describe('scraping a target', () => {
  it('stores its samples with target labels at the scrape timestamp, plus the report series', async () => {
    fx = scrapeFixture();
    const exporter = await fx.exporter(TEXT);
    const before = Date.now();
    await fx.manager.applyConfig(
      [
        scrapeConfig('app', [], {
          staticConfigs: [{ targets: [exporter.address], labels: { env: 'test' } }],
        }),
      ],
      GLOBAL,
    );
    const target = await fx.scrapes(exporter.address, 2);
    const db = fx.temp.db;

    const get = readOne(db, { __name__: 'http_requests_total', method: 'GET' });
    assert.deepEqual(get.labels, {
      __name__: 'http_requests_total',
      env: 'test',
      instance: exporter.address,
      job: 'app',
      method: 'GET',
    });
    const up = readOne(db, { __name__: 'up', job: 'app' });
    assert.deepEqual(up.labels, { __name__: 'up', env: 'test', instance: exporter.address, job: 'app' });
    assert.ok(up.points.length >= 2 && up.points.every((p) => p.v === 1));
    assert.ok((up.points[0]?.t ?? 0) >= before, 'timestamps are the scrape time');
    // Every scrape writes its samples and its report at one timestamp.
    assert.deepEqual(
      get.points.map((p) => p.t),
      up.points.map((p) => p.t).slice(0, get.points.length),
    );
    assert.ok(get.points.every((p) => p.v === 10));
    assert.equal(new Date(target.lastScrape).getTime(), up.points.at(-1)?.t);

    const series = (name: string) => readOne(db, { __name__: name, job: 'app' }).points.map((p) => p.v);
    assert.deepEqual(series('scrape_samples_scraped').slice(0, 2), [3, 3]);
    assert.deepEqual(series('scrape_samples_post_metric_relabeling').slice(0, 2), [3, 3]);
    assert.deepEqual(series('scrape_series_added').slice(0, 2), [3, 0]);
    assert.ok(series('scrape_duration_seconds').every((d) => d > 0 && d < 1));

    assert.deepEqual(
      { ...target, lastScrape: '', lastScrapeDuration: 0 },
      {
        discoveredLabels: {
          __address__: exporter.address,
          __metrics_path__: '/metrics',
          __scheme__: 'http',
          __scrape_interval__: '200ms',
          __scrape_timeout__: '200ms',
          env: 'test',
          job: 'app',
        },
        labels: { env: 'test', instance: exporter.address, job: 'app' },
        scrapePool: 'app',
        scrapeUrl: `http://${exporter.address}/metrics`,
        globalUrl: `http://${hostname()}:${exporter.address.split(':')[1]}/metrics`,
        lastError: '',
        lastScrape: '',
        lastScrapeDuration: 0,
        health: 'up',
        scrapeInterval: '200ms',
        scrapeTimeout: '200ms',
      },
    );
    assert.ok(target.lastScrapeDuration > 0);

    assert.deepEqual(db.metadata('http_requests_total').get('http_requests_total'), {
      type: 'counter',
      help: 'Requests served.',
      unit: '',
    });
    const meta = fx.manager.targetMetadata().find((m) => m.metric === 'http_requests_total');
    assert.deepEqual(meta, {
      target: { env: 'test', instance: exporter.address, job: 'app' },
      metric: 'http_requests_total',
      type: 'counter',
      help: 'Requests served.',
      unit: '',
    });

    const headers = exporter.requests[0]?.headers ?? {};
    assert.equal(headers.accept, SCRAPE_ACCEPT);
    assert.equal(headers['x-prometheus-scrape-timeout-seconds'], '0.2');
    assert.match(String(headers['accept-encoding']), /gzip/);
    assert.match(String(headers['user-agent']), /telemeter/);
  });

  it('takes sample timestamps from the now option', async () => {
    const hourAhead = 3_600_000;
    fx = scrapeFixture({ now: () => Date.now() + hourAhead });
    const exporter = await fx.exporter(TEXT);
    await fx.manager.applyConfig([scrapeConfig('app', [exporter.address])], GLOBAL);
    await fx.scrapes(exporter.address);
    const t = readOne(fx.temp.db, { __name__: 'temperature_celsius' }).points[0]?.t ?? 0;
    assert.ok(Math.abs(t - (Date.now() + hourAhead)) < 5_000, `${t} is an hour ahead`);
  });

  it('negotiates OpenMetrics, honors its timestamps and reads gzip bodies', async () => {
    fx = scrapeFixture();
    const om = await fx.exporter();
    om.handler = (req, res) => {
      const wantsOm = String(req.headers.accept).includes('application/openmetrics-text');
      res.writeHead(200, {
        'content-type': wantsOm ? 'application/openmetrics-text; version=1.0.0; charset=utf-8' : 'text/plain',
      });
      res.end(wantsOm ? OPENMETRICS : 'fallback 1\n');
    };
    const zipped = await fx.exporter(TEXT);
    zipped.reply.gzip = true;
    await fx.manager.applyConfig(
      [
        scrapeConfig('om', [om.address]),
        scrapeConfig('om-now', [om.address], { honorTimestamps: false }),
        scrapeConfig('zipped', [zipped.address]),
      ],
      GLOBAL,
    );
    await fx.scrapes(zipped.address);
    await fx.scrapes(om.address, 2, 'om');
    await fx.scrapes(om.address, 1, 'om-now');
    const db = fx.temp.db;
    assert.deepEqual(readSeries(db, { __name__: 'fallback' }), [], 'the OpenMetrics body was chosen');
    const honored = readOne(db, { __name__: 'request_seconds_total', job: 'om' });
    assert.deepEqual(
      honored.points.map((p) => p.t),
      [1_700_000_000_500],
      'explicit timestamp kept (repeats are the same sample)',
    );
    const now = readOne(db, { __name__: 'request_seconds_total', job: 'om-now' });
    assert.ok(
      (now.points[0]?.t ?? 0) > 1_700_000_000_500 + 86_400_000,
      'honor_timestamps: false uses the scrape time',
    );
    assert.equal(readOne(db, { __name__: 'build_info_info', job: 'om' }).labels.version, '1.2');
    assert.deepEqual(db.metadata('request_seconds').get('request_seconds'), {
      type: 'counter',
      help: 'Time spent.',
      unit: 'seconds',
    });
    assert.equal(
      readOne(db, { __name__: 'http_requests_total', job: 'zipped', method: 'POST' }).points[0]?.v,
      3,
    );
  });

  it('honor_labels: false renames clashing labels to exported_*, true keeps the exposed ones', async () => {
    fx = scrapeFixture();
    const exporter = await fx.exporter('clash{job="exposed",instance="x",exported_job="already"} 1\n');
    await fx.manager.applyConfig(
      [
        scrapeConfig('target-wins', [exporter.address]),
        scrapeConfig('honored', [exporter.address], { honorLabels: true }),
      ],
      GLOBAL,
    );
    await fx.scrapes(exporter.address, 1, 'target-wins');
    await fx.scrapes(exporter.address, 1, 'honored');
    const db = fx.temp.db;
    assert.deepEqual(readOne(db, { __name__: 'clash', job: 'target-wins' }).labels, {
      __name__: 'clash',
      job: 'target-wins',
      instance: exporter.address,
      exported_job: 'already',
      exported_exported_job: 'exposed',
      exported_instance: 'x',
    });
    assert.deepEqual(readOne(db, { __name__: 'clash', job: 'exposed' }).labels, {
      __name__: 'clash',
      job: 'exposed',
      instance: 'x',
      exported_job: 'already',
    });
    // The report series always carry the target's own labels.
    assert.equal(readOne(db, { __name__: 'up', job: 'honored' }).labels.instance, exporter.address);
  });

  it('applies metric_relabel_configs: drop, keep, replace, labelmap, labeldrop', async () => {
    fx = scrapeFixture();
    const body = [
      'go_goroutines 7',
      'api_requests{path="/api/users",tmp_team="core"} 5',
      'wanted_total 1',
      'unwanted_total 2',
    ].join('\n');
    const exporter = await fx.exporter(`${body}\n`);
    const rule = { separator: ';', replacement: '$1', sourceLabels: [] as string[], regex: '(.*)' };
    await fx.manager.applyConfig(
      [
        scrapeConfig('rewrite', [exporter.address], {
          metricRelabelConfigs: [
            { ...rule, action: 'drop', sourceLabels: ['__name__'], regex: 'go_.*' },
            {
              ...rule,
              action: 'replace',
              sourceLabels: ['path'],
              regex: '/api/(.*)',
              targetLabel: 'endpoint',
            },
            { ...rule, action: 'labelmap', regex: 'tmp_(.*)', replacement: '${1}' },
            { ...rule, action: 'labeldrop', regex: 'tmp_.*|path' },
          ],
        }),
        scrapeConfig('keep', [exporter.address], {
          metricRelabelConfigs: [{ ...rule, action: 'keep', sourceLabels: ['__name__'], regex: 'wanted.*' }],
        }),
      ],
      GLOBAL,
    );
    await fx.scrapes(exporter.address, 1, 'rewrite');
    await fx.scrapes(exporter.address, 1, 'keep');
    const db = fx.temp.db;
    assert.deepEqual(readSeries(db, { __name__: 'go_goroutines', job: 'rewrite' }), []);
    assert.deepEqual(readOne(db, { __name__: 'api_requests', job: 'rewrite' }).labels, {
      __name__: 'api_requests',
      endpoint: 'users',
      instance: exporter.address,
      job: 'rewrite',
      team: 'core',
    });
    assert.deepEqual(
      readSeries(db, { job: 'keep', instance: exporter.address })
        .map((s) => s.labels.__name__)
        .filter((n) => !n?.startsWith('scrape_') && n !== 'up'),
      ['wanted_total'],
    );
    const post = (job: string) =>
      readOne(db, { __name__: 'scrape_samples_post_metric_relabeling', job }).points[0]?.v;
    const scraped = (job: string) => readOne(db, { __name__: 'scrape_samples_scraped', job }).points[0]?.v;
    assert.deepEqual([scraped('rewrite'), post('rewrite'), scraped('keep'), post('keep')], [4, 3, 4, 1]);
  });

  it('fails a scrape over sample_limit (up 0, nothing stored) and recovers under it', async () => {
    fx = scrapeFixture();
    const exporter = await fx.exporter('a 1\nb 2\nc 3\nd 4\n');
    await fx.manager.applyConfig([scrapeConfig('limited', [exporter.address], { sampleLimit: 3 })], GLOBAL);
    const failed = await fx.scrapes(exporter.address);
    assert.equal(failed.health, 'down');
    assert.match(failed.lastError, /sample_limit exceeded: more than 3 samples/);
    const db = fx.temp.db;
    assert.deepEqual(readSeries(db, { __name__: 'a' }), []);
    assert.equal(readOne(db, { __name__: 'up' }).points[0]?.v, 0);
    assert.match(await fx.registry.metrics(), /telemeter_target_scrapes_exceeded_sample_limit_total [1-9]/);

    exporter.reply.body = 'a 1\nb 2\n';
    const ok = await fx.scrapes(exporter.address, 2);
    assert.equal(ok.health, 'up');
    assert.equal(readOne(db, { __name__: 'a' }).points.at(-1)?.v, 1);
  });

  it('a slow target times out: up 0 and lastError says so', async () => {
    fx = scrapeFixture();
    const exporter = await fx.exporter('slow 1\n');
    exporter.reply.delayMs = 1_000;
    await fx.manager.applyConfig(
      [scrapeConfig('slow', [exporter.address], { scrapeIntervalMs: 200, scrapeTimeoutMs: 100 })],
      GLOBAL,
    );
    const target = await fx.scrapes(exporter.address);
    assert.equal(target.health, 'down');
    assert.match(target.lastError, /timed out after 100ms/);
    assert.equal(target.scrapeTimeout, '100ms');
    const db = fx.temp.db;
    assert.equal(readOne(db, { __name__: 'up' }).points[0]?.v, 0);
    const duration = readOne(db, { __name__: 'scrape_duration_seconds' }).points[0]?.v ?? 0;
    assert.ok(duration >= 0.09 && duration < 1, `duration ${duration} is about the timeout`);
    assert.match(
      await fx.registry.metrics(),
      /telemeter_scrapes_total\{scrape_job="slow",result="timeout"\} [1-9]/,
    );
  });

  it('reports a parse error and a refused connection as lastError', async () => {
    fx = scrapeFixture();
    const broken = await fx.exporter('metric{ 1\n');
    const gone = await fx.exporter('x 1\n');
    const goneAddress = gone.address;
    await gone.close();
    await fx.manager.applyConfig(
      [scrapeConfig('broken', [broken.address]), scrapeConfig('gone', [goneAddress])],
      GLOBAL,
    );
    assert.match(
      (await fx.scrapes(broken.address, 1, 'broken')).lastError,
      /^parsing the exposition failed: line 1, column \d+/,
    );
    assert.match(
      (await fx.scrapes(goneAddress, 1, 'gone')).lastError,
      new RegExp(`^Get "http://${goneAddress}/metrics": .*ECONNREFUSED`),
    );
  });
});
