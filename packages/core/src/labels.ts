/** Name and label validation, shared by every instrument and by config. */
import { InvalidMetricError } from './errors.js';
import type { Labels } from './types.js';

/** Prometheus metric names (data model docs; prom-client lib/validation.js uses the same). */
export const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** Prometheus label names; names starting with `__` are reserved for Prometheus itself. */
export const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Label value of every label of the series that collects label sets past the cardinality limit. */
export const OVERFLOW_LABEL_VALUE = '__overflow__';
/** OpenMetrics caps an exemplar's label names plus values at 128 UTF-8 characters. */
export const MAX_EXEMPLAR_LABEL_CHARS = 128;

/** The label values `labels()` takes: exactly the declared names; numbers are converted with String(). */
export type LabelValues<L extends readonly string[]> = { readonly [K in L[number]]: string | number };

/** A label value as stored, or undefined when the value has a type labels cannot take. */
export function labelKey(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

export function validateMetricName(name: unknown): string {
  if (typeof name !== 'string' || !METRIC_NAME_RE.test(name)) {
    throw new InvalidMetricError(
      String(name),
      `Invalid metric name ${JSON.stringify(name)}: use letters, digits, '_' and ':' only, not starting with a digit (e.g. "http_requests_total")`,
    );
  }
  return name;
}

export function validateHelp(name: string, help: unknown): string {
  if (typeof help !== 'string' || help.trim() === '') {
    throw new InvalidMetricError(
      name,
      `Metric "${name}" needs a non-empty help string describing what it measures`,
    );
  }
  return help;
}

/** Checks `unit` and that the name ends with it (`_<unit>`, or `_<unit>_total` for counters), as OpenMetrics requires. */
export function validateUnit(name: string, unit: unknown, isCounter: boolean): string {
  if (unit === undefined || unit === '') return '';
  if (typeof unit !== 'string' || !/^[a-zA-Z0-9_:]+$/.test(unit)) {
    throw new InvalidMetricError(
      name,
      `Metric "${name}" has an invalid unit ${JSON.stringify(unit)}: use letters, digits and '_'`,
    );
  }
  const suffix = isCounter ? `_${unit}_total` : `_${unit}`;
  if (!name.endsWith(suffix)) {
    throw new InvalidMetricError(
      name,
      `Metric "${name}" has unit "${unit}", so its name must end with "${suffix}"`,
    );
  }
  return unit;
}

/** Returns a frozen copy of the label names after checking syntax, reserved names and duplicates. */
export function validateLabelNames(
  name: string,
  labelNames: unknown,
  reserved: readonly string[],
): readonly string[] {
  if (labelNames === undefined) return Object.freeze([]);
  if (!Array.isArray(labelNames)) {
    throw new InvalidMetricError(name, `Metric "${name}": labelNames must be an array of strings`);
  }
  const seen = new Set<string>();
  for (const label of labelNames) {
    if (typeof label !== 'string' || !LABEL_NAME_RE.test(label)) {
      throw new InvalidMetricError(
        name,
        `Metric "${name}" has an invalid label name ${JSON.stringify(label)}: use [a-zA-Z_][a-zA-Z0-9_]*`,
      );
    }
    if (label.startsWith('__')) {
      throw new InvalidMetricError(
        name,
        `Metric "${name}": label name "${label}" starts with "__", which is reserved`,
      );
    }
    if (reserved.includes(label)) {
      throw new InvalidMetricError(
        name,
        `Metric "${name}": label name "${label}" is reserved for this metric type`,
      );
    }
    if (seen.has(label))
      throw new InvalidMetricError(name, `Metric "${name}": label name "${label}" is listed twice`);
    seen.add(label);
  }
  return Object.freeze([...labelNames] as string[]);
}

/** Checks the options every metric takes besides its name, help, unit and label names. */
export function validateMetricOptions(
  name: string,
  options: { cardinalityLimit?: unknown; ttlSeconds?: unknown; collect?: unknown; now?: unknown },
): void {
  const { cardinalityLimit, ttlSeconds, collect, now } = options;
  if (
    cardinalityLimit !== undefined &&
    !(Number.isSafeInteger(cardinalityLimit) && (cardinalityLimit as number) >= 1)
  ) {
    throw new InvalidMetricError(name, `Metric "${name}": cardinalityLimit must be a whole number >= 1`);
  }
  if (
    ttlSeconds !== undefined &&
    !(typeof ttlSeconds === 'number' && ttlSeconds > 0 && ttlSeconds < Infinity)
  ) {
    throw new InvalidMetricError(name, `Metric "${name}": ttlSeconds must be a positive number of seconds`);
  }
  if (collect !== undefined && typeof collect !== 'function') {
    throw new InvalidMetricError(name, `Metric "${name}": collect must be a function`);
  }
  if (now !== undefined && typeof now !== 'function') {
    throw new InvalidMetricError(name, `Metric "${name}": now must be a function returning milliseconds`);
  }
}

/** Why exemplarLabels() refused a label set, for the `invalid_exemplar` warning. */
export const INVALID_EXEMPLAR = `exemplar labels must be an object of valid label names to string values, ${MAX_EXEMPLAR_LABEL_CHARS} characters in all`;

/**
 * An exemplar's labels as stored, or undefined when they cannot be exposed (not an object, bad names,
 * non-string values, or over the OpenMetrics length cap). Cold path: exemplars are opt-in per call.
 */
export function exemplarLabels(labels: unknown): Labels | undefined {
  if (labels === null || typeof labels !== 'object') return undefined;
  const out: Record<string, string> = {};
  let chars = 0;
  try {
    for (const name in labels) {
      const value = labelKey((labels as Record<string, unknown>)[name]);
      if (value === undefined || !LABEL_NAME_RE.test(name)) return undefined;
      chars += name.length + value.length;
      out[name] = value;
    }
  } catch {
    // A throwing getter or Proxy trap: as unusable as a bad name.
    return undefined;
  }
  return chars <= MAX_EXEMPLAR_LABEL_CHARS ? out : undefined;
}
