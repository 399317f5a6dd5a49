import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import fc from 'fast-check';
import { configFromEnv, configure, getConfig, isEnabled, resetConfig, setEnabled } from './config.js';
import { InvalidConfigError } from './errors.js';
import { Registry } from './registry.js';

const namesVariable = (variable: string) => (e: unknown) =>
  e instanceof InvalidConfigError &&
  e.key === variable &&
  e.code === 'TELEMETER_ERR_INVALID_CONFIG' &&
  e.message.includes(variable);

describe('configFromEnv', () => {
  it('parses every variable', () => {
    assert.deepEqual(
      configFromEnv({
        TELEMETER_ENABLED: 'off',
        TELEMETER_DEFAULT_LABELS: 'service=api, region = eu-west-1 ,note=a%2Cb%3Dc',
        TELEMETER_CARDINALITY_LIMIT: '500',
        TELEMETER_METRICS_HOST: '0.0.0.0',
        TELEMETER_METRICS_PORT: '9464',
        TELEMETER_METRICS_PATH: '/metrics',
        TELEMETER_RUNTIME_METRICS: 'YES',
        TELEMETER_RUNTIME_PREFIX: 'app_',
        UNRELATED: 'x',
      }),
      {
        enabled: false,
        defaultLabels: { service: 'api', region: 'eu-west-1', note: 'a,b=c' },
        cardinalityLimit: 500,
        metricsHost: '0.0.0.0',
        metricsPort: 9464,
        metricsPath: '/metrics',
        runtimeMetrics: true,
        runtimePrefix: 'app_',
      },
    );
  });

  it('leaves out unset and empty variables', () => {
    assert.deepEqual(configFromEnv({ TELEMETER_ENABLED: '', TELEMETER_METRICS_PORT: '  ' }), {});
  });

  it('accepts every boolean spelling', () => {
    for (const [text, value] of [
      ['true', true],
      ['1', true],
      ['On', true],
      ['yes', true],
      ['FALSE', false],
      ['0', false],
      ['off', false],
      ['no', false],
    ] as const) {
      assert.equal(configFromEnv({ TELEMETER_ENABLED: text }).enabled, value, text);
    }
  });

  const bad: [string, string][] = [
    ['TELEMETER_ENABLED', 'maybe'],
    ['TELEMETER_RUNTIME_METRICS', '2'],
    ['TELEMETER_CARDINALITY_LIMIT', '0'],
    ['TELEMETER_CARDINALITY_LIMIT', '1.5'],
    ['TELEMETER_CARDINALITY_LIMIT', 'lots'],
    ['TELEMETER_METRICS_PORT', '70000'],
    ['TELEMETER_METRICS_PORT', '-1'],
    ['TELEMETER_METRICS_PATH', 'metrics'],
    ['TELEMETER_METRICS_PATH', '/metrics?x=1'],
    ['TELEMETER_METRICS_PATH', '/metrics#top'],
    ['TELEMETER_METRICS_PATH', '/my metrics'],
    ['TELEMETER_RUNTIME_PREFIX', '1abc'],
    ['TELEMETER_DEFAULT_LABELS', 'service'],
    ['TELEMETER_DEFAULT_LABELS', 'bad-name=x'],
    ['TELEMETER_DEFAULT_LABELS', '__name__=x'],
    ['TELEMETER_DEFAULT_LABELS', 'a=%E0%A4%A'],
  ];
  for (const [variable, value] of bad) {
    it(`rejects ${variable}=${value} with an error naming the variable`, () => {
      assert.throws(() => configFromEnv({ [variable]: value }), namesVariable(variable));
    });
  }

  it('round-trips any valid default labels written as percent-encoded k=v pairs (property)', () => {
    const name = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,8}$/).filter((n) => !n.startsWith('__'));
    fc.assert(
      fc.property(fc.dictionary(name, fc.string({ unit: 'grapheme', maxLength: 12 })), (labels) => {
        const text = Object.entries(labels)
          .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
          .join(',');
        const parsed = configFromEnv({ TELEMETER_DEFAULT_LABELS: text }).defaultLabels ?? {};
        assert.deepEqual({ ...parsed }, text === '' ? {} : { ...labels });
      }),
    );
  });
});

describe('configure / getConfig / the global switch', () => {
  afterEach(() => resetConfig({}));

  it('configure() without enabled leaves a setEnabled() made after an earlier configure({ enabled }) alone', () => {
    configure({ enabled: false });
    assert.equal(isEnabled(), false);
    setEnabled(true);
    configure({ cardinalityLimit: 5 });
    assert.equal(isEnabled(), true);
    assert.equal(getConfig().enabled, true);
    setEnabled(false);
    configure({ metricsPort: 9100 });
    assert.equal(isEnabled(), false);
    configure({ enabled: true });
    assert.equal(isEnabled(), true);
  });

  it('configure() rejects a metricsPath the handler would reject, naming the option', () => {
    for (const metricsPath of ['metrics', '/a?b', '/a#b', '/a b']) {
      assert.throws(
        () => configure({ metricsPath }),
        (e: unknown) => e instanceof InvalidConfigError && e.key === 'metricsPath',
        metricsPath,
      );
    }
    configure({ metricsPath: '/internal/metrics' });
    assert.equal(getConfig().metricsPath, '/internal/metrics');
  });

  it('setEnabled flips the switch and rejects non-booleans', () => {
    setEnabled(false);
    assert.equal(isEnabled(), false);
    setEnabled(true);
    assert.equal(isEnabled(), true);
    assert.throws(() => setEnabled('false' as never), InvalidConfigError);
  });

  it('reads TELEMETER_ENABLED at start, leniently', () => {
    resetConfig({ TELEMETER_ENABLED: '0' });
    assert.equal(isEnabled(), false);
    resetConfig({ TELEMETER_ENABLED: 'garbage', TELEMETER_CARDINALITY_LIMIT: '7' });
    assert.equal(isEnabled(), true);
    assert.equal(getConfig().cardinalityLimit, 7);
  });

  it('configure() overrides the environment key by key and feeds registry defaults', async () => {
    resetConfig({ TELEMETER_DEFAULT_LABELS: 'service=env', TELEMETER_METRICS_PORT: '1234' });
    configure({ cardinalityLimit: 2, metricsHost: 'localhost', metricsPort: undefined });
    assert.deepEqual(getConfig(), {
      defaultLabels: { service: 'env' },
      metricsPort: 1234,
      cardinalityLimit: 2,
      metricsHost: 'localhost',
    });
    const registry = new Registry({ selfMetrics: false });
    assert.equal(registry.cardinalityLimit, 2);
    assert.deepEqual(registry.defaultLabels, { service: 'env' });
    configure({ enabled: false });
    assert.equal(isEnabled(), false);
    const own = new Registry({ cardinalityLimit: 9, defaultLabels: {} });
    assert.equal(own.cardinalityLimit, 9);
    assert.deepEqual(own.defaultLabels, {});
  });

  it('configure() rejects bad values and unknown options, naming the option', () => {
    const cases: [object, string][] = [
      [{ cardinalityLimit: -1 }, 'cardinalityLimit'],
      [{ metricsPort: 1.5 }, 'metricsPort'],
      [{ metricsPath: 'x' }, 'metricsPath'],
      [{ enabled: 'no' }, 'enabled'],
      [{ defaultLabels: { a: 1 } }, 'defaultLabels'],
      [{ metricsHost: '' }, 'metricsHost'],
      [{ colour: 'blue' }, 'colour'],
    ];
    for (const [options, key] of cases) {
      assert.throws(
        () => configure(options as never),
        (e: unknown) => e instanceof InvalidConfigError && e.key === key,
        key,
      );
    }
    assert.deepEqual(getConfig(), {});
  });
});
