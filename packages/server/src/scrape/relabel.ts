import { createHash } from 'node:crypto';
import { anchoredGoRegExp } from '@telemeter/storage';
import { ScrapeError } from './errors.js';
import { expandTemplate } from './go-template.js';
import type { RelabelAction, RelabelConfig } from './types.js';

// Prometheus's relabeling (model/relabel/relabel.go), over a Map so a chain of rules mutates one
// label set. An absent label and an empty value are the same thing: setting '' deletes.

const ACTIONS: ReadonlySet<RelabelAction> = new Set<RelabelAction>([
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
]);

/** Prometheus's legacy label name rule, which a target label must meet after expansion. */
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

// Prometheus's `relabelTarget` (`^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$`) rewritten so every
// character has one parse: the nested quantifiers of the original backtrack exponentially in a
// JavaScript engine on a long invalid name.
const RELABEL_TARGET = /^(?:[a-zA-Z_]|\$\{\w+\}|\$\w)(?:\w|\$\{\w+\}|\$\w)*$/;

interface CompiledRule {
  readonly config: RelabelConfig;
  readonly regex: RegExp;
}

// Compiled once per config object: metric relabeling runs for every scraped sample.
const compiledRules = new WeakMap<RelabelConfig, CompiledRule>();

function invalid(where: string, config: RelabelConfig, message: string): ScrapeError {
  const action = typeof config?.action === 'string' ? ` (action ${config.action})` : '';
  return new ScrapeError('TM_SCRAPE_INVALID_CONFIG', `${where}${action}: ${message}`);
}

function validate(config: RelabelConfig, where: string): void {
  if (config === null || typeof config !== 'object')
    throw invalid(where, config, 'expected a relabel rule object');
  const { action, targetLabel = '' } = config;
  if (!ACTIONS.has(action)) {
    throw invalid(
      where,
      config,
      `unknown relabel action ${JSON.stringify(action)}: use one of ${[...ACTIONS].join(', ')}`,
    );
  }
  if (!Array.isArray(config.sourceLabels))
    throw invalid(where, config, 'source_labels must be a list of label names');
  if (action === 'hashmod' && !(Number.isSafeInteger(config.modulus) && (config.modulus as number) > 0)) {
    throw invalid(where, config, `hashmod needs a whole-number modulus > 0, got ${String(config.modulus)}`);
  }
  const needsTarget = ['replace', 'hashmod', 'lowercase', 'uppercase', 'keepequal', 'dropequal'];
  if (needsTarget.includes(action) && targetLabel === '') {
    throw invalid(where, config, `relabel configuration for ${action} action requires 'target_label' value`);
  }
  const templated = action === 'replace' && targetLabel.includes('$');
  if (needsTarget.includes(action) && !(templated ? RELABEL_TARGET : LABEL_NAME).test(targetLabel)) {
    throw invalid(
      where,
      config,
      `${JSON.stringify(targetLabel)} is invalid 'target_label' for ${action} action`,
    );
  }
  if (action === 'labelmap' && !RELABEL_TARGET.test(config.replacement)) {
    throw invalid(
      where,
      config,
      `${JSON.stringify(config.replacement)} is invalid 'replacement' for labelmap action`,
    );
  }
}

/**
 * Validates and compiles a rule; throws ScrapeError (TM_SCRAPE_INVALID_CONFIG) naming `where`
 * (e.g. `scrape config "node": relabel_configs[2]`) and what is wrong.
 */
export function compileRelabelConfig(config: RelabelConfig, where: string): CompiledRule {
  const cached = compiledRules.get(config);
  if (cached !== undefined) return cached;
  validate(config, where);
  let regex: RegExp;
  try {
    regex = anchoredGoRegExp(config.regex);
  } catch (err) {
    throw invalid(where, config, `invalid regex ${JSON.stringify(config.regex)}: ${(err as Error).message}`);
  }
  const rule = { config, regex };
  compiledRules.set(config, rule);
  return rule;
}

/** Validates every rule of a list; `where` names the list, e.g. `scrape config "x": metric_relabel_configs`. */
export function validateRelabelConfigs(configs: readonly RelabelConfig[], where: string): void {
  for (const [i, config] of configs.entries()) compileRelabelConfig(config, `${where}[${i}]`);
}

function hashMod(value: string, modulus: number): string {
  const digest = createHash('md5').update(value, 'utf8').digest();
  // The last 8 bytes, big-endian, as Prometheus ("the same result as earlier versions").
  return (digest.readBigUInt64BE(8) % BigInt(modulus)).toString();
}

function setLabel(labels: Map<string, string>, name: string, value: string): void {
  if (value === '') labels.delete(name);
  else labels.set(name, value);
}

function applyRule(rule: CompiledRule, labels: Map<string, string>): boolean {
  const { config, regex } = rule;
  let value = '';
  for (let i = 0; i < config.sourceLabels.length; i++) {
    if (i > 0) value += config.separator;
    value += labels.get(config.sourceLabels[i] as string) ?? '';
  }
  const target = config.targetLabel ?? '';
  switch (config.action) {
    case 'drop':
      return !regex.test(value);
    case 'keep':
      return regex.test(value);
    case 'dropequal':
      return (labels.get(target) ?? '') !== value;
    case 'keepequal':
      return (labels.get(target) ?? '') === value;
    case 'replace': {
      const match = regex.exec(value);
      if (match === null) return true;
      const name = expandTemplate(target, match);
      if (!LABEL_NAME.test(name)) return true;
      setLabel(labels, name, expandTemplate(config.replacement, match));
      return true;
    }
    case 'lowercase':
      setLabel(labels, target, value.toLowerCase());
      return true;
    case 'uppercase':
      setLabel(labels, target, value.toUpperCase());
      return true;
    case 'hashmod':
      setLabel(labels, target, hashMod(value, config.modulus as number));
      return true;
    case 'labelmap':
      // Over a snapshot in name order, as Prometheus's Builder.Range: new names are not revisited.
      for (const [name, v] of [...labels].sort(byName)) {
        const match = regex.exec(name);
        if (match === null) continue;
        // As for replace: a name that expands to something invalid (e.g. empty) is not written.
        const mapped = expandTemplate(config.replacement, match);
        if (LABEL_NAME.test(mapped)) setLabel(labels, mapped, v);
      }
      return true;
    case 'labeldrop':
      for (const name of [...labels.keys()]) if (regex.test(name)) labels.delete(name);
      return true;
    case 'labelkeep':
      for (const name of [...labels.keys()]) if (!regex.test(name)) labels.delete(name);
      return true;
  }
}

function byName(a: [string, string], b: [string, string]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/** Applies `configs` in order to `labels` in place; false when a rule dropped the set. */
export function relabelMap(
  labels: Map<string, string>,
  configs: readonly RelabelConfig[],
  where = 'relabel_configs',
): boolean {
  for (let i = 0; i < configs.length; i++) {
    const config = configs[i] as RelabelConfig;
    const rule = compiledRules.get(config) ?? compileRelabelConfig(config, `${where}[${i}]`);
    if (!applyRule(rule, labels)) return false;
  }
  return true;
}

/**
 * Prometheus relabeling: applies `configs` in order and returns the new label set, or
 * `undefined` when a keep/drop/keepequal/dropequal rule dropped it. The input is not modified;
 * empty values count as absent and are left out of the result.
 * @throws ScrapeError (TM_SCRAPE_INVALID_CONFIG) for an invalid rule or regex.
 */
export function relabel(
  labels: Readonly<Record<string, string>>,
  configs: readonly RelabelConfig[],
): Record<string, string> | undefined {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(labels)) if (value !== '') map.set(name, value);
  if (!relabelMap(map, configs)) return undefined;
  return Object.fromEntries([...map].sort(byName));
}
