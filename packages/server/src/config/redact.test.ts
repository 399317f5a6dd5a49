import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { defaultConfig, parseConfig } from './parse.js';
import { redactConfig } from './redact.js';

const dir = mkdtempSync(join(tmpdir(), 'telemeter-redact-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('redactConfig', () => {
  it('prints every key of the effective config, in YAML spelling and units', () => {
    const yaml = redactConfig(
      parseConfig(
        'storage: { retention_size: 10GB }\nscrape_configs: [{ job_name: a, scrape_interval: 1m30s }]\n',
      ),
    );
    const printed = parse(yaml);
    assert.equal(printed.listen, '127.0.0.1:9464');
    assert.deepEqual(printed.storage, {
      path: './data',
      retention: '15d',
      retention_size: '10GB',
      fsync: 'commit',
      out_of_order_window: '0s',
    });
    assert.equal(printed.ingestion.max_body_bytes, '16MiB');
    assert.deepEqual(printed.scrape_configs[0], {
      job_name: 'a',
      scrape_interval: '1m30s',
      scrape_timeout: '10s',
      metrics_path: '/metrics',
      scheme: 'http',
      params: {},
      honor_labels: false,
      honor_timestamps: true,
      sample_limit: 0,
      static_configs: [],
      file_sd_configs: [],
      relabel_configs: [],
      metric_relabel_configs: [],
    });
    assert.equal(
      parse(redactConfig(defaultConfig())).storage.retention_size,
      undefined,
      'unset optional keys are left out',
    );
  });

  it('hides tokens and passwords', () => {
    const config = parseConfig(
      'auth: { token: top-secret-1 }\nscrape_configs:\n  - { job_name: a, bearer_token: top-secret-2 }\n  - { job_name: b, basic_auth: { username: u, password: top-secret-3 } }\n',
    );
    const yaml = redactConfig(config);
    assert.doesNotMatch(yaml, /top-secret/);
    const printed = parse(yaml);
    assert.equal(printed.auth.token, '<secret>');
    assert.equal(printed.scrape_configs[0].bearer_token, '<secret>');
    assert.deepEqual(printed.scrape_configs[1].basic_auth, { username: 'u', password: '<secret>' });
  });

  it('shows a token read from a file as the file, which reads back to the same token', () => {
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'from-file-secret\n');
    const config = parseConfig(`auth: { token_file: ${tokenFile} }\n`);
    const yaml = redactConfig(config);
    assert.doesNotMatch(yaml, /from-file-secret/);
    assert.deepEqual(parse(yaml).auth, { token_file: tokenFile });
    assert.deepEqual(parseConfig(yaml), config);
  });

  it('reads back to the same config', () => {
    const config = parseConfig(
      [
        'listen: "[::1]:0"',
        'global: { external_labels: { "__proto__": x, region: "eu" } }',
        'scrape_configs:',
        '  - job_name: j',
        '    params: { q: ["1", "true", ""] }',
        '    static_configs: [{ targets: ["a:1"], labels: { n: "0123", e: "" } }]',
        '    relabel_configs: [{ regex: "", replacement: "", target_label: x, separator: "" }]',
      ].join('\n'),
    );
    assert.deepEqual(parseConfig(redactConfig(config)), config);
  });
});
