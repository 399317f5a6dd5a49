/**
 * The two wordings of kit option errors. The cache and pool kits explain the rule in full; the
 * others say it briefly. Both are kept as they were written, since callers (and tests) match them.
 */

export interface KitOptionMessages {
  prefix(where: string, prefix: unknown): string;
  labels(where: string): string;
  labelName(where: string, name: string): string;
  kitLabel(where: string, name: string, kitLabels: readonly string[]): string;
}

/** Used by the concurrency, fs, process, http-client and transport kits. */
export const BRIEF_MESSAGES: KitOptionMessages = {
  prefix: (where) => `${where}: prefix must be a valid metric name prefix such as "myapp_"`,
  labels: (where) => `${where}: labels must be an object of constant label values`,
  labelName: (where, name) => `${where}: "${name}" is not a valid label name`,
  kitLabel: (where, name) =>
    `${where}: the constant label "${name}" clashes with a label the kit sets itself; rename it`,
};

/** Used by the cache and pool kits. */
export const EXPLAINED_MESSAGES: KitOptionMessages = {
  prefix: (where, prefix) =>
    `${where}: prefix ${JSON.stringify(prefix)} would make invalid metric names; use letters, digits, '_' and ':' only, not starting with a digit (e.g. "myapp_")`,
  labels: (where) => `${where}: labels must be an object of label name → value`,
  labelName: (where, name) =>
    `${where}: label name ${JSON.stringify(name)} is invalid; use letters, digits and '_', not starting with a digit or "__"`,
  kitLabel: (where, name, kitLabels) =>
    `${where}: label "${name}" is set by the kit itself (${kitLabels.join(', ')}); choose another name`,
};
