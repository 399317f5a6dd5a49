// biome-ignore-all lint/suspicious/noTemplateCurlyInString: `${1}` is Prometheus's (Go's) replacement syntax, not a JS template.
// relabel_configs / metric_relabel_configs entries, with Prometheus's per-action rules
// (relabel.Config.Validate in prometheus/model/relabel/relabel.go) and its error wording.
import { checkLabelName, checkRegex, isRelabelTarget, LABEL_NAME_PATTERN } from './checks.js';
import type { FinishContext, ObjectSchema } from './schema-types.js';
import type { RelabelAction } from './types.js';

export const RELABEL_ACTIONS: readonly RelabelAction[] = [
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
];

const DEFAULT_SEPARATOR = ';';
const DEFAULT_REGEX = '(.*)';
const DEFAULT_REPLACEMENT = '$1';

/** Actions that write `target_label`, so it must be set. */
const WRITES_TARGET = new Set(['replace', 'hashmod', 'lowercase', 'uppercase', 'keepequal', 'dropequal']);
/** Actions whose result is fixed, so a `replacement` would be ignored. */
const NO_REPLACEMENT = new Set(['lowercase', 'uppercase', 'keepequal', 'dropequal']);

function finishRelabel(value: Record<string, unknown>, ctx: FinishContext): void {
  const action = value.action as string | undefined;
  if (value.targetLabel === '') delete value.targetLabel;
  if (action === undefined) return;
  const target = value.targetLabel as string | undefined;
  const sources = (value.sourceLabels as unknown[] | undefined) ?? [];
  const changed = (key: string, yamlKey: string, fallback: unknown) =>
    value[key] !== undefined && value[key] !== fallback ? [yamlKey] : [];

  if (action === 'hashmod' && value.modulus === 0) {
    ctx.issue(['modulus'], 'action hashmod requires a non-zero modulus');
  }
  if (WRITES_TARGET.has(action) && target === undefined) {
    ctx.issue([], `action ${action} requires target_label`);
  }
  if (target !== undefined && action !== 'hashmod' && WRITES_TARGET.has(action) && !isRelabelTarget(target)) {
    ctx.issue(
      ['target_label'],
      `"${target}" is not a valid target_label for action ${action} (a label name, in which $1 or \${name} may stand for regex groups)`,
    );
  }
  if (action === 'hashmod' && target !== undefined && checkLabelName(target) !== undefined) {
    ctx.issue(['target_label'], `"${target}" is not a valid target_label for action hashmod (a label name)`);
  }
  if (
    NO_REPLACEMENT.has(action) &&
    value.replacement !== undefined &&
    value.replacement !== DEFAULT_REPLACEMENT
  ) {
    ctx.issue(['replacement'], `replacement cannot be set for action ${action}`);
  }
  const replacement = value.replacement as string | undefined;
  if (action === 'labelmap' && replacement !== undefined && !isRelabelTarget(replacement)) {
    ctx.issue(
      ['replacement'],
      `"${replacement}" is not a valid replacement for action labelmap (a label name, in which $1 or \${name} may stand for regex groups)`,
    );
  }
  if (action === 'keepequal' || action === 'dropequal') {
    const extra = [
      ...changed('regex', 'regex', DEFAULT_REGEX),
      ...changed('modulus', 'modulus', 0),
      ...changed('separator', 'separator', DEFAULT_SEPARATOR),
    ];
    for (const key of extra) ctx.issue([key], `action ${action} takes only source_labels and target_label`);
  }
  if (action === 'labeldrop' || action === 'labelkeep') {
    const extra = [
      ...(sources.length > 0 ? ['source_labels'] : []),
      ...(target !== undefined ? ['target_label'] : []),
      ...changed('modulus', 'modulus', 0),
      ...changed('separator', 'separator', DEFAULT_SEPARATOR),
      ...changed('replacement', 'replacement', DEFAULT_REPLACEMENT),
    ];
    for (const key of extra) ctx.issue([key], `action ${action} takes only regex`);
  }
}

export const relabelConfigSchema: ObjectSchema = {
  kind: 'object',
  fields: {
    source_labels: {
      schema: {
        kind: 'list',
        items: {
          kind: 'string',
          title: 'label name',
          check: checkLabelName,
          pattern: LABEL_NAME_PATTERN,
          examples: ['job', '__name__'],
        },
      },
      default: [],
      description: 'Labels whose values are joined with `separator` and matched against `regex`.',
    },
    separator: {
      schema: { kind: 'string', allowEmpty: true, examples: [';', ',', ''] },
      default: DEFAULT_SEPARATOR,
      description: 'Placed between the values of `source_labels`.',
    },
    regex: {
      schema: {
        kind: 'string',
        title: 'RE2 regex',
        allowEmpty: true,
        check: checkRegex,
        examples: ['(.*)', 'node_.*', '([^:]+):\\d+'],
      },
      default: DEFAULT_REGEX,
      description: 'RE2 regular expression, anchored at both ends, matched against the joined source values.',
    },
    modulus: {
      schema: { kind: 'integer', minimum: 0 },
      default: 0,
      description: 'For `hashmod`: the hash of the joined source values is taken modulo this.',
    },
    target_label: {
      schema: {
        kind: 'string',
        title: 'label name',
        allowEmpty: true,
        examples: ['instance', 'env', 'shard'],
      },
      description:
        'The label written by `replace`, `hashmod`, `lowercase`, `uppercase`, `keepequal` and `dropequal`.',
    },
    replacement: {
      schema: { kind: 'string', allowEmpty: true, examples: ['$1', '${1}:9100', 'static'] },
      default: DEFAULT_REPLACEMENT,
      description:
        'The value written by `replace` (and the label name template of `labelmap`); `$1`, `${name}` refer to regex groups.',
    },
    action: {
      schema: { kind: 'enum', values: RELABEL_ACTIONS, caseInsensitive: true },
      default: 'replace',
      description: 'What to do when `regex` matches.',
    },
  },
  finish: finishRelabel,
};
