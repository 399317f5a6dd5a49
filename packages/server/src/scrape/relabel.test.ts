// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${1}` is Prometheus's (Go's) replacement syntax, not a JS template.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ScrapeError } from './errors.js';
import { relabel, validateRelabelConfigs } from './relabel.js';
import type { RelabelConfig } from './types.js';

/** A rule with Prometheus's defaults, as the config loader fills them in. */
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

// The cases of Prometheus's model/relabel/relabel_test.go (TestRelabel), which its docs refer to.
const PROMETHEUS_CASES: {
  name: string;
  input: Record<string, string>;
  rules: RelabelConfig[];
  output?: Record<string, string>;
}[] = [
  {
    name: 'replace with ${1} twice',
    input: { a: 'foo', b: 'bar', c: 'baz' },
    rules: [rule({ sourceLabels: ['a'], regex: 'f(.*)', targetLabel: 'd', replacement: 'ch${1}-ch${1}' })],
    output: { a: 'foo', b: 'bar', c: 'baz', d: 'choo-choo' },
  },
  {
    name: 'two source labels, chained rules',
    input: { a: 'foo', b: 'bar', c: 'baz' },
    rules: [
      rule({ sourceLabels: ['a', 'b'], regex: 'f(.*);(.*)r', targetLabel: 'a', replacement: 'b${1}${2}m' }),
      rule({
        sourceLabels: ['c', 'a'],
        regex: '(b).*b(.*)ba(.*)',
        targetLabel: 'd',
        replacement: '$1$2$2$3',
      }),
    ],
    output: { a: 'boobam', b: 'bar', c: 'baz', d: 'boooom' },
  },
  {
    name: 'drop stops the chain',
    input: { a: 'foo' },
    rules: [
      rule({ sourceLabels: ['a'], regex: '.*o.*', action: 'drop' }),
      rule({ sourceLabels: ['a'], regex: 'f(.*)', targetLabel: 'd', replacement: 'ch$1-ch$1' }),
    ],
  },
  {
    name: 'drop on match',
    input: { a: 'foo', b: 'bar' },
    rules: [rule({ sourceLabels: ['a'], regex: '.*o.*', action: 'drop' })],
  },
  {
    name: 'unanchored-looking regex is anchored',
    input: { a: 'abc' },
    rules: [rule({ sourceLabels: ['a'], regex: '.*(b).*', targetLabel: 'd' })],
    output: { a: 'abc', d: 'b' },
  },
  {
    name: 'drop without match keeps',
    input: { a: 'foo' },
    rules: [rule({ sourceLabels: ['a'], regex: 'no-match', action: 'drop' })],
    output: { a: 'foo' },
  },
  {
    name: 'alternation is anchored as a whole',
    input: { a: 'foo' },
    rules: [rule({ sourceLabels: ['a'], regex: 'f|o', action: 'drop' })],
    output: { a: 'foo' },
  },
  {
    name: 'keep without match drops',
    input: { a: 'foo' },
    rules: [rule({ sourceLabels: ['a'], regex: 'no-match', action: 'keep' })],
  },
  {
    name: 'keep on match',
    input: { a: 'foo' },
    rules: [rule({ sourceLabels: ['a'], regex: 'f.*', action: 'keep' })],
    output: { a: 'foo' },
  },
  {
    name: 'no replacement without a match',
    input: { a: 'boo' },
    rules: [rule({ sourceLabels: ['a'], regex: 'f', targetLabel: 'b', replacement: 'bar' })],
    output: { a: 'boo' },
  },
  {
    name: 'hashmod',
    input: { a: 'foo', b: 'bar', c: 'baz' },
    rules: [rule({ sourceLabels: ['c'], targetLabel: 'd', action: 'hashmod', modulus: 1000 })],
    output: { a: 'foo', b: 'bar', c: 'baz', d: '976' },
  },
  {
    name: 'hashmod over a newline',
    input: { a: 'foo\nbar' },
    rules: [rule({ sourceLabels: ['a'], targetLabel: 'b', action: 'hashmod', modulus: 1000 })],
    output: { a: 'foo\nbar', b: '734' },
  },
  {
    name: 'labelmap',
    input: { a: 'foo', b1: 'bar', b2: 'baz' },
    rules: [rule({ regex: '(b.*)', replacement: 'bar_${1}', action: 'labelmap' })],
    output: { a: 'foo', b1: 'bar', b2: 'baz', bar_b1: 'bar', bar_b2: 'baz' },
  },
  {
    name: 'labelmap of meta labels',
    input: { a: 'foo', __meta_my_bar: 'aaa', __meta_my_baz: 'bbb', __meta_other: 'ccc' },
    rules: [rule({ regex: '__meta_(my.*)', replacement: '${1}', action: 'labelmap' })],
    output: {
      a: 'foo',
      __meta_my_bar: 'aaa',
      __meta_my_baz: 'bbb',
      __meta_other: 'ccc',
      my_bar: 'aaa',
      my_baz: 'bbb',
    },
  },
  {
    name: 'templated target label',
    input: { a: 'some-name-value' },
    rules: [
      rule({ sourceLabels: ['a'], regex: 'some-([^-]+)-([^,]+)', replacement: '${2}', targetLabel: '${1}' }),
    ],
    output: { a: 'some-name-value', name: 'value' },
  },
  {
    name: 'empty replacement sets nothing',
    input: { a: 'some-name-value' },
    rules: [
      rule({ sourceLabels: ['a'], regex: 'some-([^-]+)-([^,]+)', replacement: '${3}', targetLabel: '${1}' }),
    ],
    output: { a: 'some-name-value' },
  },
  {
    name: 'invalid expanded target label is skipped',
    input: { a: 'some-name-0' },
    rules: [
      rule({ sourceLabels: ['a'], regex: 'some-([^-]+)-([^,]+)', replacement: '${1}', targetLabel: '${3}' }),
      rule({ sourceLabels: ['a'], regex: 'some-([^-]+)(-[^,]+)', replacement: '${1}', targetLabel: '${3}' }),
    ],
    output: { a: 'some-name-0' },
  },
  {
    name: 'real-life tags',
    input: { __meta_sd_tags: 'path:/secret,job:some-job,label:foo=bar' },
    rules: [
      rule({
        sourceLabels: ['__meta_sd_tags'],
        regex: '(?:.+,|^)path:(/[^,]+).*',
        replacement: '${1}',
        targetLabel: '__metrics_path__',
      }),
      rule({
        sourceLabels: ['__meta_sd_tags'],
        regex: '(?:.+,|^)job:([^,]+).*',
        replacement: '${1}',
        targetLabel: 'job',
      }),
      rule({
        sourceLabels: ['__meta_sd_tags'],
        regex: '(?:.+,|^)label:([^=]+)=([^,]+).*',
        replacement: '${2}',
        targetLabel: '${1}',
      }),
    ],
    output: {
      __meta_sd_tags: 'path:/secret,job:some-job,label:foo=bar',
      __metrics_path__: '/secret',
      job: 'some-job',
      foo: 'bar',
    },
  },
  {
    name: 'labeldrop then replace then keep (prometheus#12283)',
    input: {
      __meta_kubernetes_pod_container_port_name: 'foo',
      __meta_kubernetes_pod_annotation_XXX_metrics_port: '9091',
    },
    rules: [
      rule({ regex: '^__meta_kubernetes_pod_container_port_name$', action: 'labeldrop' }),
      rule({
        sourceLabels: ['__meta_kubernetes_pod_annotation_XXX_metrics_port'],
        regex: '(.+)',
        replacement: 'metrics',
        targetLabel: '__meta_kubernetes_pod_container_port_name',
      }),
      rule({
        sourceLabels: ['__meta_kubernetes_pod_container_port_name'],
        regex: '^metrics$',
        action: 'keep',
      }),
    ],
    output: {
      __meta_kubernetes_pod_annotation_XXX_metrics_port: '9091',
      __meta_kubernetes_pod_container_port_name: 'metrics',
    },
  },
  {
    name: 'labelkeep',
    input: { a: 'foo', b1: 'bar', b2: 'baz' },
    rules: [rule({ regex: '(b.*)', action: 'labelkeep' })],
    output: { b1: 'bar', b2: 'baz' },
  },
  {
    name: 'labeldrop',
    input: { a: 'foo', b1: 'bar', b2: 'baz' },
    rules: [rule({ regex: '(b.*)', action: 'labeldrop' })],
    output: { a: 'foo' },
  },
  {
    name: 'uppercase and lowercase',
    input: { foo: 'bAr123Foo' },
    rules: [
      rule({ sourceLabels: ['foo'], action: 'uppercase', targetLabel: 'foo_uppercase' }),
      rule({ sourceLabels: ['foo'], action: 'lowercase', targetLabel: 'foo_lowercase' }),
    ],
    output: { foo: 'bAr123Foo', foo_lowercase: 'bar123foo', foo_uppercase: 'BAR123FOO' },
  },
  {
    name: 'keepequal keeps',
    input: { __tmp_port: '1234', __port1: '1234', __port2: '5678' },
    rules: [rule({ sourceLabels: ['__tmp_port'], action: 'keepequal', targetLabel: '__port1' })],
    output: { __tmp_port: '1234', __port1: '1234', __port2: '5678' },
  },
  {
    name: 'dropequal drops',
    input: { __tmp_port: '1234', __port1: '1234', __port2: '5678' },
    rules: [rule({ sourceLabels: ['__tmp_port'], action: 'dropequal', targetLabel: '__port1' })],
  },
  {
    name: 'dropequal keeps',
    input: { __tmp_port: '1234', __port1: '1234', __port2: '5678' },
    rules: [rule({ sourceLabels: ['__tmp_port'], action: 'dropequal', targetLabel: '__port2' })],
    output: { __tmp_port: '1234', __port1: '1234', __port2: '5678' },
  },
  {
    name: 'keepequal drops',
    input: { __tmp_port: '1234', __port1: '1234', __port2: '5678' },
    rules: [rule({ sourceLabels: ['__tmp_port'], action: 'keepequal', targetLabel: '__port2' })],
  },
];

describe('relabel: Prometheus relabel_test.go cases', () => {
  for (const c of PROMETHEUS_CASES) {
    it(c.name, () => {
      const input = { ...c.input };
      assert.deepEqual(relabel(input, c.rules), c.output === undefined ? undefined : sortKeys(c.output));
      assert.deepEqual(input, c.input, 'the input is not modified');
    });
  }

  it('expands references the way Go does: $1x names group "1x", $$ is a dollar', () => {
    const input = { a: 'foo' };
    const out = (replacement: string) =>
      relabel(input, [rule({ sourceLabels: ['a'], regex: '(f)(o+)', targetLabel: 'b', replacement })])?.b;
    assert.equal(out('$1x'), undefined);
    assert.equal(out('${1}x'), 'fx');
    assert.equal(out('$$1'), '$1');
    assert.equal(out('$2-$1'), 'oo-f');
    assert.equal(out('${01}'), undefined);
    assert.equal(out('cost: $'), 'cost: $');
    assert.equal(
      relabel(input, [
        rule({
          sourceLabels: ['a'],
          regex: '(?P<head>f)(?P<tail>o+)',
          targetLabel: 'b',
          replacement: '$tail.${head}',
        }),
      ])?.b,
      'oo.f',
    );
  });

  it('labelmap skips names that expand to an invalid label name', () => {
    const input = { __meta_: 'empty', __meta_9x: 'digit', __meta_ok: 'fine' };
    assert.deepEqual(
      relabel(input, [rule({ regex: '__meta_(.*)', replacement: '${1}', action: 'labelmap' })]),
      { ...input, ok: 'fine' },
    );
  });

  it('the sharding example from the docs keeps one shard of the targets', () => {
    const rules = [
      rule({ sourceLabels: ['__address__'], modulus: 4, targetLabel: '__tmp_hash', action: 'hashmod' }),
      rule({ sourceLabels: ['__tmp_hash'], regex: '^1$', action: 'keep' }),
    ];
    const kept = Array.from({ length: 200 }, (_, i) => `10.0.0.${i}:9100`).filter(
      (a) => relabel({ __address__: a }, rules) !== undefined,
    );
    assert.ok(kept.length > 20 && kept.length < 80, `about a quarter kept, got ${kept.length}`);
  });
});

describe('relabel: validation', () => {
  const invalid: [string, RelabelConfig, RegExp][] = [
    [
      'unknown action',
      rule({ action: 'rename' as RelabelConfig['action'] }),
      /unknown relabel action "rename"/,
    ],
    ['replace without target', rule({}), /requires 'target_label'/],
    ['hashmod without modulus', rule({ action: 'hashmod', targetLabel: 'x' }), /modulus > 0/],
    ['bad regex', rule({ action: 'keep', regex: 'a(b' }), /invalid regex "a\(b"/],
    [
      'bad target label',
      rule({ targetLabel: '-${3}' }),
      /"-\$\{3\}" is invalid 'target_label' for replace action/,
    ],
    [
      'templated lowercase target',
      rule({ action: 'lowercase', targetLabel: '${3}' }),
      /is invalid 'target_label'/,
    ],
    [
      'bad labelmap replacement',
      rule({ action: 'labelmap', replacement: 'a-$1' }),
      /is invalid 'replacement' for labelmap/,
    ],
  ];
  for (const [name, config, message] of invalid) {
    it(`rejects ${name}, naming the rule`, () => {
      assert.throws(
        () =>
          validateRelabelConfigs([rule({ action: 'keep' }), config], 'scrape config "node": relabel_configs'),
        (err: unknown) =>
          err instanceof ScrapeError &&
          err.code === 'TM_SCRAPE_INVALID_CONFIG' &&
          /^scrape config "node": relabel_configs\[1\]/.test(err.message) &&
          message.test(err.message),
      );
    });
  }
});

// --- properties ---

const NAMES = ['a', 'b', 'c', 'job', 'instance', '__address__', '__meta_x'] as const;
const VALUES = ['', 'foo', 'bar', 'Foo', 'x;y', 'a.b', '10.0.0.1:80'] as const;
const REGEXES = [
  '',
  '.*',
  'foo',
  'f.*',
  '.*o.*',
  'foo|bar',
  '(.*)',
  'x;.*',
  '[A-Z].*',
  'a\\.b',
  '__.*',
  'b|c',
] as const;

const labelSets = fc.dictionary(fc.constantFrom(...NAMES), fc.constantFrom(...VALUES), {
  maxKeys: NAMES.length,
});
const sources = fc.subarray([...NAMES], { maxLength: 3 });
const regexes = fc.constantFrom(...REGEXES);

function nonEmpty(labels: Record<string, string>): Record<string, string> {
  return sortKeys(Object.fromEntries(Object.entries(labels).filter(([, v]) => v !== '')));
}

function sortKeys(r: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

describe('relabel: properties', () => {
  it('keep and drop with the same rule are complements, and never change a kept set', () => {
    fc.assert(
      fc.property(labelSets, sources, regexes, (labels, sourceLabels, regex) => {
        const kept = relabel(labels, [rule({ sourceLabels, regex, action: 'keep' })]);
        const notDropped = relabel(labels, [rule({ sourceLabels, regex, action: 'drop' })]);
        assert.equal(kept === undefined, notDropped !== undefined);
        assert.deepEqual(kept ?? notDropped, nonEmpty(labels));
      }),
    );
  });

  it('labeldrop removes exactly the matching names; labelkeep keeps exactly them', () => {
    fc.assert(
      fc.property(labelSets, regexes, (labels, regex) => {
        const dropped = relabel(labels, [rule({ regex, action: 'labeldrop' })]) ?? {};
        const keptOnly = relabel(labels, [rule({ regex, action: 'labelkeep' })]) ?? {};
        const re = new RegExp(`^(?:${regex})$`, 's');
        for (const name of Object.keys(dropped)) assert.ok(!re.test(name), `${name} should be gone`);
        for (const name of Object.keys(keptOnly)) assert.ok(re.test(name), `${name} should be gone`);
        assert.deepEqual(sortKeys({ ...dropped, ...keptOnly }), nonEmpty(labels));
        assert.equal(
          Object.keys(dropped).length + Object.keys(keptOnly).length,
          Object.keys(nonEmpty(labels)).length,
        );
      }),
    );
  });

  it('labelmap of __meta_ labels is idempotent, keeps the originals and overwrites same-named labels', () => {
    const metaLabels = fc.dictionary(
      fc.oneof(fc.stringMatching(/^[a-z]{1,5}$/), fc.stringMatching(/^__meta_[a-z]{1,5}$/)),
      fc.stringMatching(/^[a-z0-9]{1,4}$/),
    );
    fc.assert(
      fc.property(metaLabels, (labels) => {
        const rules = [rule({ regex: '__meta_(.+)', replacement: '${1}', action: 'labelmap' })];
        const once = relabel(labels, rules) as Record<string, string>;
        assert.deepEqual(relabel(once, rules), once);
        for (const [name, value] of Object.entries(labels)) {
          if (name.startsWith('__meta_')) {
            assert.equal(once[name], value);
            assert.equal(once[name.slice('__meta_'.length)], value);
          } else {
            // A mapped meta label overwrites a label of the same name, as in Prometheus.
            assert.equal(once[name], labels[`__meta_${name}`] ?? value);
          }
        }
      }),
    );
  });

  it('replace and lowercase into a label outside their sources are idempotent', () => {
    fc.assert(
      fc.property(
        labelSets,
        sources,
        regexes,
        fc.constantFrom('replace', 'lowercase', 'uppercase'),
        (labels, sourceLabels, regex, action) => {
          const target = 'derived';
          const rules = [
            rule({
              sourceLabels,
              regex: action === 'replace' ? regex : '(.*)',
              targetLabel: target,
              action: action as RelabelConfig['action'],
            }),
          ];
          const once = relabel(labels, rules);
          assert.deepEqual(relabel(once ?? {}, rules), once);
        },
      ),
    );
  });

  it('hashmod is deterministic and within [0, modulus)', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 1, max: 1_000_000 }), (value, modulus) => {
        const rules = [rule({ sourceLabels: ['v'], targetLabel: 'shard', action: 'hashmod', modulus })];
        const a = relabel({ v: value }, rules)?.shard;
        assert.equal(a, relabel({ v: value }, rules)?.shard);
        const n = Number(a);
        assert.ok(Number.isInteger(n) && n >= 0 && n < modulus, `${a} in [0, ${modulus})`);
      }),
    );
  });

  it('no rules returns the set without empty values, sorted', () => {
    fc.assert(fc.property(labelSets, (labels) => assert.deepEqual(relabel(labels, []), nonEmpty(labels))));
  });
});
