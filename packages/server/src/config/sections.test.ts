// Every key outside scrape_configs: its default, a written value, and the message for a bad one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig, parseConfig } from './parse.js';
import { problemsOf } from './testing/issues.js';

const DAY = 86_400_000;

describe('defaults', () => {
  it('match docs/config.md', () => {
    assert.deepEqual(defaultConfig(), {
      listen: { host: '127.0.0.1', port: 9464 },
      storage: { path: './data', retentionMs: 15 * DAY, fsync: 'commit', outOfOrderWindowMs: 0 },
      global: {
        scrapeIntervalMs: 15_000,
        scrapeTimeoutMs: 10_000,
        evaluationIntervalMs: 60_000,
        externalLabels: {},
      },
      selfMonitoring: { enabled: true, intervalMs: 10_000, system: true },
      scrapeConfigs: [],
      ingestion: {
        remoteWrite: true,
        textImport: true,
        jsonImport: true,
        maxBodyBytes: 16 * 2 ** 20,
        maxDecompressedBytes: 64 * 2 ** 20,
        maxSeriesPerRequest: 100_000,
        maxSamplesPerRequest: 1_000_000,
      },
      query: {
        lookbackDeltaMs: 300_000,
        timeoutMs: 120_000,
        maxSamples: 50_000_000,
        maxPointsPerSeries: 11_000,
      },
      auth: {},
      cors: { allowedOrigins: [] },
      live: { intervalMs: 1000, maxConnections: 100, maxSubscriptionsPerConnection: 50 },
      dashboards: { files: [], definitions: [] },
    });
  });

  it('are fresh objects each time', () => {
    assert.notEqual(defaultConfig().scrapeConfigs, defaultConfig().scrapeConfigs);
  });
});

describe('listen', () => {
  it('reads host:port and [v6]:port', () => {
    assert.deepEqual(parseConfig('listen: 0.0.0.0:8080').listen, { host: '0.0.0.0', port: 8080 });
    assert.deepEqual(parseConfig('listen: "[::1]:9464"').listen, { host: '::1', port: 9464 });
    assert.deepEqual(parseConfig('listen: localhost:0').listen, { host: 'localhost', port: 0 });
  });

  it('rejects anything else', () => {
    assert.deepEqual(problemsOf('listen: 9464'), [
      'listen: invalid host:port "9464": the host is missing (e.g. 127.0.0.1:9464 or [::1]:9464)',
    ]);
    assert.deepEqual(problemsOf('listen: [a]'), ['listen: expected host:port, got a list']);
  });
});

describe('storage', () => {
  it('reads every key', () => {
    const { storage } = parseConfig(
      'storage:\n  path: /var/lib/telemeter\n  retention: 30d\n  retention_size: 10GB\n  fsync: interval\n  out_of_order_window: 10m\n',
    );
    assert.deepEqual(storage, {
      path: '/var/lib/telemeter',
      retentionMs: 30 * DAY,
      retentionBytes: 10e9,
      fsync: 'interval',
      outOfOrderWindowMs: 600_000,
    });
    assert.equal(parseConfig('storage: { retention_size: 512MiB }').storage.retentionBytes, 512 * 2 ** 20);
    assert.equal(parseConfig('storage: { retention_size: 1048576 }').storage.retentionBytes, 2 ** 20);
    assert.equal(parseConfig('storage: { fsync: none }').storage.fsync, 'none');
    assert.equal(parseConfig('storage: { out_of_order_window: 0 }').storage.outOfOrderWindowMs, 0);
    assert.equal(parseConfig('storage: { retention: 0s }').storage.retentionMs, 0, '0 keeps everything');
  });

  it('explains bad values', () => {
    assert.deepEqual(
      problemsOf(
        'storage:\n  path: ""\n  retention: 0s\n  retention_size: 0\n  fsync: always\n  out_of_order_window: 5\n',
      ),
      [
        'storage.path: must not be empty',
        'storage.retention_size: must be greater than 0',
        'storage.fsync: expected one of commit, interval, none; got "always"',
        'storage.out_of_order_window: invalid duration "5": a duration needs a unit (use ms, s, m, h, d, w or y, largest first, e.g. 15s or 1h30m)',
      ],
    );
    assert.deepEqual(problemsOf('storage: /data'), ['storage: expected a mapping, got "/data"']);
    assert.deepEqual(problemsOf('storage: { retention: [15d] }'), [
      'storage.retention: expected a duration like 15s or 1h30m, got a list',
    ]);
    assert.deepEqual(problemsOf('storage: { retention_size: { a: 1 } }'), [
      'storage.retention_size: expected a size like 512MiB or 10GB, got a mapping',
    ]);
  });
});

describe('global', () => {
  it('reads every key', () => {
    const { global } = parseConfig(
      'global:\n  scrape_interval: 30s\n  scrape_timeout: 20s\n  evaluation_interval: 2m\n  external_labels: { region: eu, replica: "1" }\n',
    );
    assert.deepEqual(global, {
      scrapeIntervalMs: 30_000,
      scrapeTimeoutMs: 20_000,
      evaluationIntervalMs: 120_000,
      externalLabels: { region: 'eu', replica: '1' },
    });
  });

  it('caps the default timeout at a shorter interval, as Prometheus does', () => {
    assert.equal(parseConfig('global: { scrape_interval: 5s }').global.scrapeTimeoutMs, 5000);
    assert.equal(parseConfig('global: { scrape_interval: 1m }').global.scrapeTimeoutMs, 10_000);
  });

  it('explains bad values', () => {
    assert.deepEqual(problemsOf('global: { scrape_interval: 10s, scrape_timeout: 20s }'), [
      'global.scrape_timeout: scrape_timeout (20s) is greater than scrape_interval (10s)',
    ]);
    assert.deepEqual(
      problemsOf('global:\n  evaluation_interval: 1x\n  external_labels: { a-b: c, d: [e] }\n'),
      [
        'global.evaluation_interval: invalid duration "1x": unknown unit "x" (use ms, s, m, h, d, w or y, largest first, e.g. 15s or 1h30m)',
        'global.external_labels["a-b"]: "a-b" is not a valid label name (letters, digits and _, not starting with a digit)',
        'global.external_labels.d: expected a string, got a list',
      ],
    );
    assert.deepEqual(problemsOf('global: { external_labels: [a] }'), [
      'global.external_labels: expected a mapping of names to values, got a list',
    ]);
    assert.deepEqual(problemsOf('global: { external_labels: { a: "\\ud800" } }'), [
      'global.external_labels.a: label value is not valid UTF-8',
    ]);
  });
});

describe('self_monitoring', () => {
  it('reads every key', () => {
    assert.deepEqual(
      parseConfig('self_monitoring: { enabled: false, interval: 30s, system: false }').selfMonitoring,
      {
        enabled: false,
        intervalMs: 30_000,
        system: false,
      },
    );
  });

  it('wants true or false, not YAML 1.1 words', () => {
    assert.deepEqual(problemsOf('self_monitoring: { enabled: yes, system: "true" }'), [
      'self_monitoring.enabled: expected true or false, got "yes"',
      'self_monitoring.system: expected true or false, got "true"',
    ]);
  });
});

describe('ingestion', () => {
  it('reads every key', () => {
    const { ingestion } = parseConfig(
      [
        'ingestion:',
        '  remote_write: false',
        '  text_import: false',
        '  json_import: false',
        '  max_body_bytes: 4MiB',
        '  max_decompressed_bytes: 100MB',
        '  max_series_per_request: 10',
        '  max_samples_per_request: 20',
      ].join('\n'),
    );
    assert.deepEqual(ingestion, {
      remoteWrite: false,
      textImport: false,
      jsonImport: false,
      maxBodyBytes: 4 * 2 ** 20,
      maxDecompressedBytes: 100e6,
      maxSeriesPerRequest: 10,
      maxSamplesPerRequest: 20,
    });
  });

  it('explains bad values', () => {
    assert.deepEqual(
      problemsOf(
        'ingestion: { max_body_bytes: big, max_series_per_request: 0, max_samples_per_request: 1.5 }',
      ),
      [
        'ingestion.max_body_bytes: invalid size "big": expected bytes or a number with a unit B, KB, MB, GB, TB, KiB, MiB, GiB or TiB, e.g. 512MiB',
        'ingestion.max_series_per_request: must be at least 1, got 0',
        'ingestion.max_samples_per_request: expected an integer, got 1.5',
      ],
    );
  });
});

describe('query', () => {
  it('reads every key', () => {
    assert.deepEqual(
      parseConfig(
        'query: { lookback_delta: 1m, timeout: 30s, max_samples: 1000, max_points_per_series: 500 }',
      ).query,
      { lookbackDeltaMs: 60_000, timeoutMs: 30_000, maxSamples: 1000, maxPointsPerSeries: 500 },
    );
  });

  it('explains bad values', () => {
    assert.deepEqual(problemsOf('query: { timeout: 0, max_samples: "1000" }'), [
      'query.timeout: must be greater than 0',
      'query.max_samples: expected an integer, got "1000"',
    ]);
  });
});

describe('auth', () => {
  it('reads the token; token_file is covered with a real file in parse.test.ts', () => {
    assert.deepEqual(parseConfig('auth: { token: abc }').auth, { token: 'abc' });
  });

  it('explains bad values', () => {
    assert.deepEqual(problemsOf('auth: { token: "", tokens: x }'), [
      'auth.tokens: unknown key (did you mean "token"?)',
      'auth.token: must not be empty',
    ]);
  });
});

describe('cors', () => {
  it('reads allowed origins', () => {
    assert.deepEqual(parseConfig('cors: { allowed_origins: ["http://localhost:3000", "*"] }').cors, {
      allowedOrigins: ['http://localhost:3000', '*'],
    });
  });

  it('explains bad values, and a single origin not written as a list', () => {
    assert.deepEqual(problemsOf('cors: { allowed_origins: ["http://localhost:3000/app"] }'), [
      'cors.allowed_origins[0]: invalid origin "http://localhost:3000/app": expected scheme://host[:port] with no path (e.g. "http://localhost:3000") or "*"; did you mean "http://localhost:3000"?',
    ]);
    assert.deepEqual(problemsOf('cors: { allowed_origins: "*" }'), [
      'cors.allowed_origins: expected a list, got "*" (a list of one is written ["*"])',
    ]);
  });
});

describe('live', () => {
  it('reads every key', () => {
    assert.deepEqual(
      parseConfig('live: { interval: 1s, max_connections: 5, max_subscriptions_per_connection: 3 }').live,
      {
        intervalMs: 1000,
        maxConnections: 5,
        maxSubscriptionsPerConnection: 3,
      },
    );
  });

  it('explains bad values', () => {
    assert.deepEqual(problemsOf('live: { interval: fast, max_connections: -1 }'), [
      'live.interval: invalid duration "fast" (use ms, s, m, h, d, w or y, largest first, e.g. 15s or 1h30m)',
      'live.max_connections: must be at least 1, got -1',
    ]);
  });
});
