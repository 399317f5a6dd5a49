// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${1}` is Prometheus's (Go's) replacement syntax, not a JS template.
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatDuration, parseDuration } from './duration.js';
import { globalUrl, populateTarget, type TargetDefaults } from './target-labels.js';
import type { RelabelConfig } from './types.js';

function defaults(overrides: Partial<TargetDefaults> = {}): TargetDefaults {
  return {
    jobName: 'node',
    intervalMs: 15_000,
    timeoutMs: 10_000,
    metricsPath: '/metrics',
    scheme: 'http',
    params: {},
    relabelConfigs: [],
    where: 'test: relabel_configs',
    ...overrides,
  };
}

function rule(partial: Partial<RelabelConfig>): RelabelConfig {
  return {
    sourceLabels: [],
    separator: ';',
    regex: '(.*)',
    replacement: '$1',
    action: 'replace',
    ...partial,
  };
}

describe('populateTarget (Prometheus PopulateLabels)', () => {
  it('discovered labels carry the scrape defaults; target labels drop __ labels and default instance', () => {
    const result = populateTarget(
      '10.0.0.1:9100',
      { env: 'prod', __meta_filepath: '/sd/a.json' },
      defaults(),
    );
    assert.equal(result.kind, 'active');
    if (result.kind !== 'active') return;
    assert.deepEqual(result.target.discoveredLabels, {
      __address__: '10.0.0.1:9100',
      __meta_filepath: '/sd/a.json',
      __metrics_path__: '/metrics',
      __scheme__: 'http',
      __scrape_interval__: '15s',
      __scrape_timeout__: '10s',
      env: 'prod',
      job: 'node',
    });
    assert.deepEqual(result.target.labels, { env: 'prod', instance: '10.0.0.1:9100', job: 'node' });
    assert.equal(result.target.url, 'http://10.0.0.1:9100/metrics');
    assert.equal(result.target.intervalMs, 15_000);
    assert.equal(result.target.timeoutMs, 10_000);
  });

  it('relabeling can set the address, path, scheme, params and instance; __param_ overrides params', () => {
    const result = populateTarget(
      'example.org',
      {},
      defaults({
        params: { module: ['http_2xx', 'extra'], debug: ['1'] },
        relabelConfigs: [
          rule({ sourceLabels: ['__address__'], targetLabel: '__param_target' }),
          rule({ sourceLabels: ['__param_target'], targetLabel: 'instance' }),
          rule({ targetLabel: '__address__', replacement: '127.0.0.1:9115' }),
          rule({ targetLabel: '__metrics_path__', replacement: '/probe' }),
          rule({ targetLabel: '__param_module', replacement: 'tcp connect' }),
          rule({ targetLabel: '__scheme__', replacement: 'https' }),
        ],
      }),
    );
    assert.equal(result.kind, 'active');
    if (result.kind !== 'active') return;
    assert.equal(
      result.target.url,
      'https://127.0.0.1:9115/probe?debug=1&module=tcp+connect&module=extra&target=example.org',
    );
    assert.deepEqual(result.target.labels, { instance: 'example.org', job: 'node' });
  });

  it('a target labels wins over group labels, and the job label over the job name', () => {
    const result = populateTarget('h:1', { job: 'custom' }, defaults());
    assert.equal(result.kind === 'active' && result.target.labels.job, 'custom');
  });

  it('a target dropped by relabeling keeps its discovered labels', () => {
    const result = populateTarget(
      'h:1',
      {},
      defaults({ relabelConfigs: [rule({ sourceLabels: ['__address__'], regex: 'h:.*', action: 'drop' })] }),
    );
    assert.equal(result.kind, 'dropped');
    assert.equal(result.kind === 'dropped' && result.discoveredLabels.__address__, 'h:1');
  });

  it('rejects what Prometheus rejects, saying why', () => {
    const cases: [string, RelabelConfig[], RegExp][] = [
      ['h:1', [rule({ targetLabel: '__address__', replacement: '', regex: '.*' })], /no address/],
      ['h:1/x', [], /is not a valid hostname/],
      [
        'h:1',
        [rule({ targetLabel: '__scrape_timeout__', replacement: '1m' })],
        /scrape timeout cannot be greater than scrape interval \("1m" > "15s"\)/,
      ],
      [
        'h:1',
        [rule({ targetLabel: '__scrape_interval__', replacement: 'soon' })],
        /error parsing scrape interval/,
      ],
      ['h:1', [rule({ targetLabel: '__scheme__', replacement: 'ftp' })], /unsupported scheme "ftp"/],
    ];
    for (const [address, relabelConfigs, message] of cases) {
      const result = populateTarget(address, {}, defaults({ relabelConfigs }));
      assert.equal(result.kind, 'invalid', address);
      if (result.kind === 'invalid') assert.match(result.error, message);
    }
  });

  it('two addresses that relabel to the same labels are one target (same key)', () => {
    const d = defaults({
      relabelConfigs: [
        rule({
          sourceLabels: ['__address__'],
          regex: '([^:]+):.*',
          targetLabel: '__address__',
          replacement: '${1}:80',
        }),
      ],
    });
    const a = populateTarget('h:1', {}, d);
    const b = populateTarget('h:2', {}, d);
    assert.ok(a.kind === 'active' && b.kind === 'active' && a.target.key === b.target.key);
  });

  it('globalUrl replaces a loopback host with this machine’s name', () => {
    assert.equal(globalUrl('http://127.0.0.1:9100/metrics'), `http://${hostname()}:9100/metrics`);
    assert.equal(globalUrl('http://10.1.2.3:9100/metrics'), 'http://10.1.2.3:9100/metrics');
  });
});

describe('Prometheus durations', () => {
  it('format as Prometheus does', () => {
    assert.equal(formatDuration(15_000), '15s');
    assert.equal(formatDuration(90_000), '1m30s');
    assert.equal(formatDuration(100), '100ms');
    assert.equal(formatDuration(3_600_000), '1h');
    assert.equal(formatDuration(14 * 86_400_000), '2w');
    assert.equal(formatDuration(0), '0s');
  });

  it('parse what they format', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * 365 * 86_400_000 }), (ms) =>
        assert.equal(parseDuration(formatDuration(ms)), ms),
      ),
    );
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('15'), undefined);
    assert.equal(parseDuration('1.5s'), undefined);
  });
});
