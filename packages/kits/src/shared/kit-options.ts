/**
 * The `{ registry, prefix, labels }` options every kit takes, validated once when the
 * instrumentation is created: a bad option throws InvalidConfigError there, never at record time.
 * Internal to the kits (not a subpath export); each kit re-exports the types it documents.
 */
import { defaultRegistry, InvalidConfigError, type Registry } from '@telemeter/core';
import { BRIEF_MESSAGES, type KitOptionMessages } from './kit-option-messages.js';

/** Options every kit takes. */
export interface KitOptions {
  /** Where the metrics are registered (get-or-create, so equal configurations share them). Default: `defaultRegistry`. */
  registry?: Registry;
  /** Prepended to every metric name, e.g. `'myapp_'`. Default: none. */
  prefix?: string;
  /** Constant labels added to every series, e.g. `{ service: 'api' }`. They become label names of the metrics. */
  labels?: Readonly<Record<string, string | number>>;
}

export interface ResolvedKitOptions {
  readonly registry: Registry;
  readonly prefix: string;
  /** Constant labels, values as strings. */
  readonly constLabels: Readonly<Record<string, string>>;
  /**
   * Constant label names, sorted: the families' label order then does not depend on the order the
   * caller happened to write the object in.
   */
  readonly constNames: readonly string[];
}

const METRIC_NAME_PREFIX = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Validates the options shared by every kit. `kitLabels` are the label names the kit sets itself:
 * a constant label may not reuse one, since it would be ambiguous which value wins. `where` names
 * the caller in messages; `messages` is the wording of the kit's errors.
 * @throws InvalidConfigError
 */
export function resolveKitOptions(
  options: KitOptions,
  kitLabels: readonly string[],
  where: string,
  messages: KitOptionMessages = BRIEF_MESSAGES,
): ResolvedKitOptions {
  const { registry = defaultRegistry, prefix = '', labels = {} } = options;
  const r = registry as Partial<Registry> | null;
  // Caught here rather than as a TypeError from deep inside the first get-or-create.
  if (
    r === null ||
    typeof r !== 'object' ||
    typeof r.counter !== 'function' ||
    typeof r.gauge !== 'function'
  ) {
    throw new InvalidConfigError(
      'registry',
      `${where}: registry must be a Registry (or omitted for defaultRegistry)`,
    );
  }
  if (typeof prefix !== 'string' || (prefix !== '' && !METRIC_NAME_PREFIX.test(prefix))) {
    throw new InvalidConfigError('prefix', messages.prefix(where, prefix));
  }
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
    throw new InvalidConfigError('labels', messages.labels(where));
  }
  const constLabels: Record<string, string> = {};
  for (const name of Object.keys(labels).sort()) {
    const value = labels[name];
    if (!LABEL_NAME.test(name) || name.startsWith('__')) {
      throw new InvalidConfigError('labels', messages.labelName(where, name));
    }
    if (kitLabels.includes(name)) {
      throw new InvalidConfigError('labels', messages.kitLabel(where, name, kitLabels));
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new InvalidConfigError(
        'labels',
        `${where}: the value of label "${name}" must be a string or a number`,
      );
    }
    constLabels[name] = String(value);
  }
  return { registry, prefix, constLabels, constNames: Object.keys(constLabels) };
}

/** Removes the families `names` (unprefixed) of the registry and prefix `options` describe. */
export function unregisterFamilies(
  options: KitOptions,
  kitLabels: readonly string[],
  where: string,
  names: readonly string[],
): void {
  const { registry, prefix } = resolveKitOptions(options, kitLabels, where);
  for (const name of names) registry.unregister(prefix + name);
}
