import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError } from './errors.js';
import { defaultConfig, loadConfig, parseConfig } from './parse.js';
import { issuesOf, problemsOf } from './testing/issues.js';

const dir = mkdtempSync(join(tmpdir(), 'telemeter-config-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('parseConfig', () => {
  it('gives the defaults for an empty file, a comment-only file and an empty mapping', () => {
    for (const text of ['', '# nothing here\n', '{}', '---\n'])
      assert.deepEqual(parseConfig(text), defaultConfig());
  });

  it('has a stable code, every issue, and one `<source>:<line>: <path>: <problem>` line each', () => {
    let error: unknown;
    try {
      parseConfig('listen: nowhere\nstorage:\n  fsync: sometimes\n', '/etc/telemeter.yml');
    } catch (err) {
      error = err;
    }
    assert.ok(error instanceof ConfigError);
    assert.equal(error.code, 'TM_CONFIG_INVALID');
    assert.equal(error.name, 'ConfigError');
    assert.equal(error.source, '/etc/telemeter.yml');
    assert.deepEqual(error.issues, [
      {
        path: 'listen',
        message: 'invalid host:port "nowhere": the port is missing (e.g. 127.0.0.1:9464 or [::1]:9464)',
        line: 1,
        column: 9,
      },
      {
        path: 'storage.fsync',
        message: 'expected one of commit, interval, none; got "sometimes"',
        line: 3,
        column: 10,
      },
    ]);
    assert.equal(
      error.message,
      '/etc/telemeter.yml:1: listen: invalid host:port "nowhere": the port is missing (e.g. 127.0.0.1:9464 or [::1]:9464)\n' +
        '/etc/telemeter.yml:3: storage.fsync: expected one of commit, interval, none; got "sometimes"',
    );
  });

  it('reports YAML syntax errors with their line and nothing else', () => {
    const issues = issuesOf('global:\n  scrape_interval: 15s\n  scrape_interval: 30s\nbad: [\n');
    assert.ok(issues.length >= 1);
    assert.deepEqual(
      { path: issues[0]!.path, line: issues[0]!.line, message: issues[0]!.message },
      { path: '', line: 3, message: 'YAML: Map keys must be unique' },
    );
    assert.ok(issues.every((issue) => issue.message.startsWith('YAML: ')));
  });

  it('names the source in syntax errors too', () => {
    assert.throws(
      () => parseConfig('a: b: c\n', 'conf/telemeter.yml'),
      (err: ConfigError) => err.message.startsWith('conf/telemeter.yml:1: YAML: '),
    );
  });

  it('wants a mapping at the top', () => {
    assert.deepEqual(problemsOf('- listen: 1\n'), ['expected a mapping, got a list']);
    assert.deepEqual(problemsOf('just text\n'), ['expected a mapping, got "just text"']);
  });

  it('reports unknown keys with a suggestion: a typo, another spelling, or the right section', () => {
    assert.deepEqual(
      problemsOf(
        'lisen: 127.0.0.1:1\nscrape_interval: 15s\nstorage:\n  retentionTime: 1d\n  where: x\nfoo: 1\n',
      ),
      [
        'lisen: unknown key (did you mean "listen"?)',
        'scrape_interval: unknown key (did you mean "global.scrape_interval"?)',
        'storage.retentionTime: unknown key (did you mean "retention"?)',
        'storage.where: unknown key; expected one of path, retention, retention_size, fsync, out_of_order_window',
        'foo: unknown key; expected one of listen, storage, global, self_monitoring, scrape_configs, ingestion, query, auth, cors, live, dashboards',
      ],
    );
    assert.deepEqual(problemsOf('global:\n  scrapeInterval: 10s\n'), [
      'global.scrapeInterval: unknown key (did you mean "scrape_interval"?)',
    ]);
  });

  it('explains Prometheus keys telemeter does not have', () => {
    assert.deepEqual(problemsOf('rule_files: []\nremote_write: []\nglobal:\n  query_log_file: q.log\n'), [
      'rule_files: is a Prometheus setting telemeter does not support yet',
      'remote_write: is a Prometheus setting telemeter does not support; telemeter receives remote write (see ingestion.remote_write)',
      'global.query_log_file: is a Prometheus setting telemeter does not support',
    ]);
  });

  it('collects every problem instead of stopping at the first', () => {
    const problems = problemsOf(
      [
        'listen: x',
        'storage: { retention: 1x, fsync: 2 }',
        'query: { max_samples: -1, timeout: soon }',
        'live: { max_connections: many }',
        'cors: { allowed_origins: [ftp://x] }',
      ].join('\n'),
    );
    assert.equal(problems.length, 7, problems.join('\n'));
  });

  it('treats an empty value as not set', () => {
    const config = parseConfig('storage:\n  retention:\nglobal:\nscrape_configs:\n');
    assert.deepEqual(config, defaultConfig());
  });

  it('keeps numbers and booleans in string keys as written', () => {
    const config = parseConfig(
      'auth:\n  token: 0123\nscrape_configs:\n  - job_name: 2024\n    static_configs: [{ targets: [a:1], labels: { on: true, n: 1.50 } }]\n',
    );
    assert.equal(config.auth.token, '0123');
    assert.equal(config.scrapeConfigs[0]!.jobName, '2024');
    assert.deepEqual(config.scrapeConfigs[0]!.staticConfigs[0]!.labels, { on: 'true', n: '1.50' });
  });

  it('follows anchors, aliases and << merge keys; keys written beside a merge win', () => {
    const jobs = parseConfig(
      [
        'scrape_configs:',
        '  - &base',
        '    job_name: a',
        '    scrape_interval: 5s',
        '    metrics_path: /m',
        '    static_configs: &targets [{ targets: [a:1] }]',
        '  - <<: *base',
        '    job_name: b',
        '    metrics_path: /own',
        '  - { job_name: c, static_configs: *targets }',
      ].join('\n'),
    ).scrapeConfigs;
    assert.deepEqual(
      jobs.map((job) => [job.jobName, job.scrapeIntervalMs, job.metricsPath, job.staticConfigs[0]?.targets]),
      [
        ['a', 5000, '/m', ['a:1']],
        ['b', 5000, '/own', ['a:1']],
        ['c', 15000, '/metrics', ['a:1']],
      ],
    );
  });

  it('reports a problem inside an alias at the path where it is used', () => {
    assert.deepEqual(
      problemsOf(
        'global: { external_labels: &l { "1x": y } }\nscrape_configs: [{ job_name: j, static_configs: [{ labels: *l }] }]\n',
      ),
      [
        'global.external_labels["1x"]: "1x" is not a valid label name (letters, digits and _, not starting with a digit)',
        'scrape_configs[0].static_configs[0].labels["1x"]: "1x" is not a valid label name (letters, digits and _, not starting with a digit)',
      ],
    );
  });

  it('expands merges of merges once each, so a billion-laughs file is cheap', () => {
    const lines = ['x:', '  l0: &l0 { a: "1", b: "2" }'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `  l${i}: &l${i} { <<: [${Array(10)
          .fill(`*l${i - 1}`)
          .join(', ')}] }`,
      );
    lines.push('global:', '  external_labels: { <<: *l11, c: "3", "1x": "4" }');
    // 10^11 merged pairs if expanded naively: the test would not finish.
    assert.deepEqual(problemsOf(lines.join('\n')), [
      'x: unknown key; expected one of listen, storage, global, self_monitoring, scrape_configs, ingestion, query, auth, cors, live, dashboards',
      'global.external_labels["1x"]: "1x" is not a valid label name (letters, digits and _, not starting with a digit)',
    ]);
  });

  it('reads merged labels, the written keys winning', () => {
    const config = parseConfig(
      'global:\n  external_labels:\n    <<: [{ a: "1", b: "2" }, { b: "3", c: "4" }]\n    a: "0"\n',
    );
    assert.deepEqual(config.global.externalLabels, { a: '0', b: '2', c: '4' });
  });

  it('keeps a label named __proto__ as an ordinary label', () => {
    const config = parseConfig('global: { external_labels: { __proto__: x, a: b } }\n');
    assert.deepEqual(Object.keys(config.global.externalLabels), ['__proto__', 'a']);
    assert.equal(Object.getPrototypeOf(config.global.externalLabels), Object.prototype);
  });

  it('resolves file paths against the config file folder, or the working directory without one', () => {
    const text =
      'scrape_configs: [{ job_name: j, bearer_token_file: tok, file_sd_configs: [{ files: [sd/*.json] }] }]\n';
    const fromFile = parseConfig(text, '/etc/telemeter/telemeter.yml').scrapeConfigs[0]!;
    assert.equal(fromFile.bearerTokenFile, '/etc/telemeter/tok');
    assert.deepEqual(fromFile.fileSdConfigs[0]!.files, ['/etc/telemeter/sd/*.json']);
    assert.equal(parseConfig(text).scrapeConfigs[0]!.bearerTokenFile, join(process.cwd(), 'tok'));
    assert.equal(
      parseConfig('storage: { path: ./here }\n', '/etc/x.yml').storage.path,
      './here',
      'storage.path is as written',
    );
  });

  it('rejects text that is not a string', () => {
    assert.throws(() => parseConfig(42 as unknown as string), /expected the config as text, got number/);
  });
});

describe('auth.token_file', () => {
  it('is read when the config is loaded, trimmed, relative to the config file', () => {
    writeFileSync(join(dir, 'token'), '  s3cret\n');
    const config = parseConfig('auth:\n  token_file: token\n', join(dir, 'telemeter.yml'));
    assert.deepEqual(config.auth, { token: 's3cret', tokenFile: join(dir, 'token') });
  });

  it('must exist, must not be empty, and excludes auth.token', () => {
    writeFileSync(join(dir, 'empty'), ' \n');
    const source = join(dir, 'telemeter.yml');
    assert.deepEqual(
      issuesOf('auth: { token_file: missing }\n', source).map((i) => i.message),
      [`cannot read "${join(dir, 'missing')}": no such file`],
    );
    assert.deepEqual(
      issuesOf('auth: { token_file: empty }\n', source).map((i) => `${i.path}: ${i.message}`),
      [`auth.token_file: "${join(dir, 'empty')}" is empty`],
    );
    assert.deepEqual(issuesOf('auth:\n  token: a\n  token_file: empty\n', source), [
      { path: 'auth.token_file', message: 'set token or token_file, not both', line: 3, column: 15 },
    ]);
  });
});

describe('loadConfig', () => {
  it('reads and parses a file, naming it in messages', async () => {
    const file = join(dir, 'load.yml');
    writeFileSync(file, 'listen: 127.0.0.1:0\n');
    assert.deepEqual((await loadConfig(file)).listen, { host: '127.0.0.1', port: 0 });
    writeFileSync(file, 'listen: 127.0.0.1:x\n');
    await assert.rejects(loadConfig(file), (err: ConfigError) =>
      err.message.startsWith(`${file}:1: listen: `),
    );
  });

  it('turns a missing file or a folder into a ConfigError', async () => {
    await assert.rejects(loadConfig(join(dir, 'nope.yml')), (err: ConfigError) => {
      assert.equal(err.code, 'TM_CONFIG_INVALID');
      assert.equal(err.message, `${join(dir, 'nope.yml')}: cannot read the config file: no such file`);
      return true;
    });
    await assert.rejects(loadConfig(dir), /cannot read the config file: is a directory/);
  });
});
