// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${1}` is Prometheus's (Go's) replacement syntax, not a JS template.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requireBinary } from '@telemeter/testkit';
import { ConfigError } from './errors.js';
import { parseConfig } from './parse.js';
import { problemsOf } from './testing/issues.js';
import { promtoolCheckConfig } from './testing/promtool.js';

/** A config with one job whose relabel_configs is the given flow-style entries. */
function withRelabels(...entries: string[]): string {
  return `scrape_configs:\n  - job_name: j\n    relabel_configs:\n${entries.map((e) => `      - ${e}\n`).join('')}`;
}

const relabelsOf = (...entries: string[]) =>
  parseConfig(withRelabels(...entries)).scrapeConfigs[0]!.relabelConfigs;

describe('relabel_configs', () => {
  it("fills in Prometheus's defaults", () => {
    assert.deepEqual(relabelsOf('{ target_label: env, replacement: prod }'), [
      {
        sourceLabels: [],
        separator: ';',
        regex: '(.*)',
        modulus: 0,
        targetLabel: 'env',
        replacement: 'prod',
        action: 'replace',
      },
    ]);
  });

  it('reads every action, case-insensitively as Prometheus does', () => {
    const relabels = relabelsOf(
      '{ source_labels: [a, b], separator: ",", regex: "(.+),(.+)", target_label: "${1}_x", replacement: "$2", action: Replace }',
      '{ source_labels: [job], regex: node, action: keep }',
      '{ source_labels: [__name__], regex: "go_.*", action: DROP }',
      '{ source_labels: [a], target_label: b, action: keepequal }',
      '{ source_labels: [a], target_label: b, action: dropequal }',
      '{ source_labels: [__address__], modulus: 3, target_label: __tmp_hash, action: hashmod }',
      '{ regex: "__meta_(.+)", replacement: "meta_$1", action: labelmap }',
      '{ regex: "tmp_.*", action: labeldrop }',
      '{ regex: "job|instance", action: labelkeep }',
      '{ source_labels: [env], target_label: env, action: lowercase }',
      '{ source_labels: [env], target_label: ENV, action: uppercase }',
    );
    assert.deepEqual(
      relabels.map((r) => r.action),
      [
        'replace',
        'keep',
        'drop',
        'keepequal',
        'dropequal',
        'hashmod',
        'labelmap',
        'labeldrop',
        'labelkeep',
        'lowercase',
        'uppercase',
      ],
    );
    assert.deepEqual(relabels[0], {
      sourceLabels: ['a', 'b'],
      separator: ',',
      regex: '(.+),(.+)',
      modulus: 0,
      targetLabel: '${1}_x',
      replacement: '$2',
      action: 'replace',
    });
    assert.equal(relabels[5]!.modulus, 3);
  });

  it('checks the fields each action needs and refuses the ones it ignores', () => {
    assert.deepEqual(
      problemsOf(
        withRelabels(
          '{ action: replace }',
          '{ action: hashmod, target_label: h }',
          '{ action: hashmod, modulus: 2, target_label: "${1}" }',
          '{ action: replace, target_label: "1x" }',
          '{ action: lowercase, target_label: a, replacement: x }',
          '{ action: labelmap, replacement: "bad-name" }',
          '{ action: keepequal, target_label: a, regex: x, separator: "," }',
          '{ action: labeldrop, source_labels: [a], target_label: b, modulus: 1, replacement: x }',
          '{ action: rewrite }',
        ),
      ),
      [
        'scrape_configs[0].relabel_configs[0]: action replace requires target_label',
        'scrape_configs[0].relabel_configs[1].modulus: action hashmod requires a non-zero modulus',
        'scrape_configs[0].relabel_configs[2].target_label: "${1}" is not a valid target_label for action hashmod (a label name)',
        'scrape_configs[0].relabel_configs[3].target_label: "1x" is not a valid target_label for action replace (a label name, in which $1 or ${name} may stand for regex groups)',
        'scrape_configs[0].relabel_configs[4].replacement: replacement cannot be set for action lowercase',
        'scrape_configs[0].relabel_configs[5].replacement: "bad-name" is not a valid replacement for action labelmap (a label name, in which $1 or ${name} may stand for regex groups)',
        'scrape_configs[0].relabel_configs[6].regex: action keepequal takes only source_labels and target_label',
        'scrape_configs[0].relabel_configs[6].separator: action keepequal takes only source_labels and target_label',
        'scrape_configs[0].relabel_configs[7].source_labels: action labeldrop takes only regex',
        'scrape_configs[0].relabel_configs[7].target_label: action labeldrop takes only regex',
        'scrape_configs[0].relabel_configs[7].modulus: action labeldrop takes only regex',
        'scrape_configs[0].relabel_configs[7].replacement: action labeldrop takes only regex',
        'scrape_configs[0].relabel_configs[8].action: expected one of replace, keep, drop, keepequal, dropequal, hashmod, labelmap, labeldrop, labelkeep, lowercase, uppercase; got "rewrite"',
      ],
    );
  });

  it('checks regexes as RE2 and source labels as label names', () => {
    assert.deepEqual(
      problemsOf(
        withRelabels(
          '{ source_labels: [ok, "not ok"], regex: "(a", target_label: x }',
          '{ regex: "(?<=a)b", action: drop }',
        ),
      ),
      [
        'scrape_configs[0].relabel_configs[0].source_labels[1]: "not ok" is not a valid label name (letters, digits and _, not starting with a digit)',
        'scrape_configs[0].relabel_configs[0].regex: invalid regex "(a": Unterminated group',
        'scrape_configs[0].relabel_configs[1].regex: invalid regex "(?<=a)b": look-ahead and look-behind are not supported by RE2',
      ],
    );
  });

  it('applies to metric_relabel_configs the same way', () => {
    assert.deepEqual(
      problemsOf('scrape_configs: [{ job_name: j, metric_relabel_configs: [{ action: hashmod }] }]'),
      [
        'scrape_configs[0].metric_relabel_configs[0].modulus: action hashmod requires a non-zero modulus',
        'scrape_configs[0].metric_relabel_configs[0]: action hashmod requires target_label',
      ],
    );
  });
});

// The same entries given to Prometheus's own checker: we accept exactly what it accepts.
const AGREEMENT_CASES = [
  '{ target_label: env, replacement: prod }',
  '{ action: replace }',
  '{ action: Keep, source_labels: [job], regex: node }',
  '{ action: drop }',
  '{ action: hashmod, target_label: h }',
  '{ action: hashmod, modulus: 2, target_label: h, source_labels: [__address__] }',
  '{ action: hashmod, modulus: 2, target_label: "${1}" }',
  '{ action: replace, target_label: "${1}x" }',
  '{ action: replace, target_label: "1x" }',
  '{ action: lowercase, target_label: a, source_labels: [b] }',
  '{ action: uppercase, target_label: a, replacement: x }',
  '{ action: labelmap, regex: "__meta_(.+)" }',
  '{ action: labelmap, replacement: "bad-name" }',
  '{ action: keepequal, target_label: a, source_labels: [b] }',
  '{ action: dropequal, target_label: a, regex: x }',
  '{ action: keepequal, source_labels: [b] }',
  '{ action: labeldrop, regex: "tmp_.*" }',
  '{ action: labelkeep, source_labels: [a] }',
  '{ action: labeldrop, separator: "," }',
  '{ action: labelkeep, regex: x, separator: ";" }',
  '{ action: replace, target_label: a, regex: "(a" }',
  '{ action: replace, target_label: a, regex: "(?P<n>a)(?i)b" }',
  '{ action: replace, source_labels: ["a-b"], target_label: a }',
  '{ action: rewrite, target_label: a }',
];

describe('relabel rules agree with promtool check config', () => {
  const promtool = requireBinary('promtool', 'prometheus');
  it('accepts and rejects the same entries', { skip: promtool.skip }, async () => {
    const verdicts = await Promise.all(
      AGREEMENT_CASES.map(async (entry) => {
        const text = withRelabels(entry);
        const prometheus = await promtoolCheckConfig(promtool.path!, text);
        let ours: string | undefined;
        try {
          parseConfig(text);
        } catch (err) {
          if (!(err instanceof ConfigError)) throw err;
          ours = err.message;
        }
        return { entry, prometheus, ours };
      }),
    );
    for (const { entry, prometheus, ours } of verdicts) {
      assert.equal(
        ours === undefined,
        prometheus.valid,
        `${entry}\npromtool: ${prometheus.output}\nours: ${ours}`,
      );
    }
    assert.ok(verdicts.some((v) => v.prometheus.valid) && verdicts.some((v) => !v.prometheus.valid));
  });
});
