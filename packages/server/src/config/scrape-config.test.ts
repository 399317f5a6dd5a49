// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${1}` is Prometheus's (Go's) replacement syntax, not a JS template.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requireBinary } from '@telemeter/testkit';
import type { ConfigError } from './errors.js';
import { parseConfig } from './parse.js';
import { problemsOf } from './testing/issues.js';
import { promtoolCheckConfig } from './testing/promtool.js';

const jobsOf = (text: string) => parseConfig(text, '/etc/telemeter/telemeter.yml').scrapeConfigs;

// In the style of the examples in Prometheus's configuration docs: static targets, file SD and
// target relabeling, pasted unchanged from a prometheus.yml.
const PROMETHEUS_STYLE = `
global:
  scrape_interval: 15s
  evaluation_interval: 15s
  external_labels:
    monitor: codelab-monitor

scrape_configs:
  - job_name: "prometheus"
    static_configs:
      - targets: ["localhost:9090"]

  - job_name: "node"
    scrape_interval: 5s
    scrape_timeout: 4s
    metrics_path: /metrics
    scheme: http
    honor_labels: true
    static_configs:
      - targets: ['localhost:9100', 'db-1.internal:9100']
        labels:
          group: 'production'
      - targets: ['[::1]:9100']
        labels:
          group: 'canary'
    file_sd_configs:
      - files:
          - 'targets/*.json'
          - /etc/prometheus/nodes.yml
        refresh_interval: 1m
    relabel_configs:
      - source_labels: [__address__]
        regex: '([^:]+):\\d+'
        target_label: host
        replacement: '\${1}'
      - source_labels: [__meta_filepath]
        regex: '.*/(.*)\\.json'
        target_label: source_file
      - action: labelmap
        regex: __meta_(.+)
    metric_relabel_configs:
      - source_labels: [__name__]
        regex: 'go_gc_.*'
        action: drop

  - job_name: blackbox
    metrics_path: /probe
    params:
      module: [http_2xx]
    static_configs:
      - targets:
          - https://prometheus.io
          - http://example.com:8080
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: 127.0.0.1:9115
`;

describe('scrape_configs', () => {
  it('parses a Prometheus docs-style config: static targets, file SD, relabeling', () => {
    const config = parseConfig(PROMETHEUS_STYLE, '/etc/telemeter/telemeter.yml');
    assert.deepEqual(config.global.externalLabels, { monitor: 'codelab-monitor' });
    const [prometheus, node, blackbox] = config.scrapeConfigs;
    assert.deepEqual(prometheus, {
      jobName: 'prometheus',
      scrapeIntervalMs: 15_000,
      scrapeTimeoutMs: 10_000,
      metricsPath: '/metrics',
      scheme: 'http',
      params: {},
      honorLabels: false,
      honorTimestamps: true,
      sampleLimit: 0,
      staticConfigs: [{ targets: ['localhost:9090'], labels: {} }],
      fileSdConfigs: [],
      relabelConfigs: [],
      metricRelabelConfigs: [],
    });
    assert.equal(node!.scrapeIntervalMs, 5000);
    assert.equal(node!.scrapeTimeoutMs, 4000);
    assert.equal(node!.honorLabels, true);
    assert.deepEqual(node!.staticConfigs, [
      { targets: ['localhost:9100', 'db-1.internal:9100'], labels: { group: 'production' } },
      { targets: ['[::1]:9100'], labels: { group: 'canary' } },
    ]);
    assert.deepEqual(node!.fileSdConfigs, [
      { files: ['/etc/telemeter/targets/*.json', '/etc/prometheus/nodes.yml'], refreshIntervalMs: 60_000 },
    ]);
    assert.deepEqual(node!.relabelConfigs[0], {
      sourceLabels: ['__address__'],
      separator: ';',
      regex: '([^:]+):\\d+',
      modulus: 0,
      targetLabel: 'host',
      replacement: '${1}',
      action: 'replace',
    });
    assert.equal(node!.relabelConfigs[2]!.action, 'labelmap');
    assert.deepEqual(
      node!.metricRelabelConfigs.map((r) => [r.action, r.regex]),
      [['drop', 'go_gc_.*']],
    );
    // URLs as targets are fine when relabeling sets __address__ (the blackbox exporter pattern).
    assert.deepEqual(blackbox!.staticConfigs[0]!.targets, [
      'https://prometheus.io',
      'http://example.com:8080',
    ]);
    assert.deepEqual(blackbox!.params, { module: ['http_2xx'] });
  });

  const promtool = requireBinary('promtool', 'prometheus');
  it('is a config Prometheus itself accepts', { skip: promtool.skip }, async () => {
    const verdict = await promtoolCheckConfig(promtool.path!, PROMETHEUS_STYLE);
    assert.ok(verdict.valid, verdict.output);
  });

  it('agrees with promtool on job-level rules', { skip: promtool.skip }, async () => {
    const cases = [
      '[{ job_name: a, scrape_interval: 5s, scrape_timeout: 6s }]',
      '[{ job_name: a, scrape_interval: 5s, scrape_timeout: 5s }]',
      '[{ job_name: a, scrape_timeout: 1m }]',
      '[{ job_name: a, scrape_interval: 5s }]',
      '[{ job_name: a }, { job_name: a }]',
      '[{ job_name: a, bearer_token: x, basic_auth: { username: u, password: p } }]',
      '[{ job_name: a, file_sd_configs: [{ files: ["/x/*/y.json"] }] }]',
      '[{ job_name: a, static_configs: [{ targets: [a:1], labels: { "a-b": c } }] }]',
    ];
    const verdicts = await Promise.all(
      cases.map(async (jobs) => {
        const text = `global: { scrape_interval: 15s }\nscrape_configs: ${jobs}\n`;
        let ours = 'accepted';
        try {
          parseConfig(text);
        } catch (err) {
          ours = (err as ConfigError).message;
        }
        return { jobs, ours, prometheus: await promtoolCheckConfig(promtool.path!, text) };
      }),
    );
    for (const { jobs, ours, prometheus } of verdicts) {
      assert.equal(
        ours === 'accepted',
        prometheus.valid,
        `${jobs}\npromtool: ${prometheus.output}\nours: ${ours}`,
      );
    }
  });

  it('reads every key of a job', () => {
    const [job] = jobsOf(
      [
        'scrape_configs:',
        '  - job_name: api',
        '    scrape_interval: 30s',
        '    scrape_timeout: 30s',
        '    metrics_path: /internal/metrics',
        '    scheme: https',
        '    params: { format: [prometheus], "x-y": [a, ""] }',
        '    honor_labels: true',
        '    honor_timestamps: false',
        '    sample_limit: 5000',
        '    basic_auth: { username: scraper, password_file: secrets/pw }',
        '    static_configs: [{ targets: [api:443] }]',
        '    file_sd_configs: [{ files: [sd.yaml] }]',
      ].join('\n'),
    );
    assert.deepEqual(job, {
      jobName: 'api',
      scrapeIntervalMs: 30_000,
      scrapeTimeoutMs: 30_000,
      metricsPath: '/internal/metrics',
      scheme: 'https',
      params: { format: ['prometheus'], 'x-y': ['a', ''] },
      honorLabels: true,
      honorTimestamps: false,
      sampleLimit: 5000,
      basicAuth: { username: 'scraper', passwordFile: '/etc/telemeter/secrets/pw' },
      staticConfigs: [{ targets: ['api:443'], labels: {} }],
      fileSdConfigs: [{ files: ['/etc/telemeter/sd.yaml'], refreshIntervalMs: 300_000 }],
      relabelConfigs: [],
      metricRelabelConfigs: [],
    });
    const [withToken] = jobsOf('scrape_configs: [{ job_name: a, bearer_token: t0k }]');
    assert.equal(withToken!.bearerToken, 't0k');
    const [withTokenFile] = jobsOf('scrape_configs: [{ job_name: a, bearer_token_file: /run/token }]');
    assert.equal(withTokenFile!.bearerTokenFile, '/run/token');
    const [withPassword] = jobsOf(
      'scrape_configs: [{ job_name: a, basic_auth: { username: u, password: p } }]',
    );
    assert.deepEqual(withPassword!.basicAuth, { username: 'u', password: 'p' });
  });

  it('takes interval and timeout from global as Prometheus does', () => {
    const timing = (text: string) => jobsOf(text).map((job) => [job.scrapeIntervalMs, job.scrapeTimeoutMs]);
    const global = 'global: { scrape_interval: 20s, scrape_timeout: 15s }\n';
    assert.deepEqual(
      timing(
        `${global}scrape_configs:\n  - { job_name: a }\n  - { job_name: b, scrape_interval: 5s }\n  - { job_name: c, scrape_timeout: 2s }\n  - { job_name: d, scrape_interval: 1m }\n`,
      ),
      [
        [20_000, 15_000],
        [5000, 5000],
        [20_000, 2000],
        [60_000, 15_000],
      ],
    );
  });

  it('keeps the timeout within the interval', () => {
    assert.deepEqual(
      problemsOf(
        'scrape_configs:\n  - { job_name: a, scrape_interval: 5s, scrape_timeout: 6s }\n  - { job_name: b, scrape_timeout: 1m }\n',
      ),
      [
        'scrape_configs[0].scrape_timeout: scrape_timeout (6s) is greater than scrape_interval (5s)',
        'scrape_configs[1].scrape_timeout: scrape_timeout (1m) is greater than scrape_interval (15s, from global.scrape_interval)',
      ],
    );
  });

  it('needs a unique job_name', () => {
    assert.deepEqual(
      problemsOf(
        'scrape_configs:\n  - { job_name: a }\n  - { metrics_path: /m }\n  - { job_name: a }\n  - { job_name: "" }\n',
      ),
      [
        'scrape_configs[1].job_name: required key is missing',
        'scrape_configs[2].job_name: job_name "a" is already used by scrape_configs[0]',
        'scrape_configs[3].job_name: must not be empty',
      ],
    );
  });

  it('names the exact target that is wrong', () => {
    const text = [
      'scrape_configs:',
      '  - job_name: ok',
      '    static_configs: [{ targets: [a:1] }]',
      '  - job_name: bad',
      '    static_configs:',
      '      - targets: [localhost:9100, "db:9100", "http://web:80/metrics", web:99999]',
    ].join('\n');
    assert.deepEqual(problemsOf(text), [
      'scrape_configs[1].static_configs[0].targets[2]: invalid host:port "http://web:80/metrics": a target has no scheme; set the job\'s "scheme" instead (e.g. "localhost:9100")',
      'scrape_configs[1].static_configs[0].targets[3]: invalid host:port "web:99999": port "99999" must be a number from 1 to 65535',
    ]);
    const issue = (() => {
      try {
        parseConfig(text);
      } catch (err) {
        return (err as ConfigError).issues[0];
      }
    })();
    assert.equal(issue?.line, 6);
  });

  it('explains bad values of each key', () => {
    assert.deepEqual(
      problemsOf(
        [
          'scrape_configs:',
          '  - job_name: j',
          '    metrics_path: metrics',
          '    scheme: ftp',
          '    params: { module: http_2xx }',
          '    honor_labels: 1',
          '    sample_limit: -5',
          '    static_configs: { targets: [a:1] }',
          '    file_sd_configs: [{ refresh_interval: 0s }, { files: ["/sd/*/x.json"] }]',
          '    basic_auth: { user: x }',
          '    tls_config: { insecure_skip_verify: true }',
          '    kubernetes_sd_configs: [{ role: pod }]',
          '    authorization: { credentials: x }',
        ].join('\n'),
      ),
      [
        'scrape_configs[0].metrics_path: "metrics" must start with "/"',
        'scrape_configs[0].scheme: expected one of http, https; got "ftp"',
        'scrape_configs[0].params.module: expected a list, got "http_2xx" (a list of one is written ["http_2xx"])',
        'scrape_configs[0].honor_labels: expected true or false, got 1',
        'scrape_configs[0].sample_limit: must be at least 0, got -5',
        'scrape_configs[0].static_configs: expected a list, got a mapping',
        'scrape_configs[0].file_sd_configs[0].files: required key is missing',
        'scrape_configs[0].file_sd_configs[0].refresh_interval: must be greater than 0',
        'scrape_configs[0].file_sd_configs[1].files[0]: "/sd/*/x.json" is not a valid file SD path: a file or a glob in the last path element ending in .json, .yml or .yaml',
        'scrape_configs[0].basic_auth.user: unknown key (did you mean "username"?)',
        'scrape_configs[0].tls_config: is a Prometheus setting telemeter does not support',
        'scrape_configs[0].kubernetes_sd_configs: telemeter discovers targets only through static_configs and file_sd_configs',
        'scrape_configs[0].authorization: is a Prometheus setting telemeter does not support; use bearer_token or bearer_token_file',
      ],
    );
  });

  it('allows one kind of credentials per job', () => {
    assert.deepEqual(
      problemsOf(
        [
          'scrape_configs:',
          '  - { job_name: a, bearer_token: x, bearer_token_file: /t }',
          '  - { job_name: b, bearer_token: x, basic_auth: { username: u } }',
          '  - { job_name: c, basic_auth: { username: u, password: p, password_file: /p } }',
        ].join('\n'),
      ),
      [
        'scrape_configs[0].bearer_token_file: set bearer_token or bearer_token_file, not both',
        'scrape_configs[1].basic_auth: set basic_auth or a bearer token, not both',
        'scrape_configs[2].basic_auth.password_file: set password or password_file, not both',
      ],
    );
  });

  it('wants a list of jobs', () => {
    assert.deepEqual(problemsOf('scrape_configs:\n  job_name: a\n'), [
      'scrape_configs: expected a list, got a mapping',
    ]);
    assert.deepEqual(problemsOf('scrape_configs: [a]'), ['scrape_configs[0]: expected a mapping, got "a"']);
  });
});
