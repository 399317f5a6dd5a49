import {
  DEFAULT_AGE_BUCKETS,
  DEFAULT_MAX_AGE_SECONDS,
  defaultRegistry,
  InvalidConfigError,
  Registry,
} from '@telemeter/core';
import { errorTypeOf } from '../shared/error-type.js';
import { DEFAULT_OPERATION_BUCKETS, type OperationMetricNames, operationMetricNames } from './metrics.js';
import { classifyFailure, type FailureOutcome } from './outcome.js';

/** Operations a tracker keeps before new names are recorded as `__overflow__`. */
export const DEFAULT_MAX_OPERATIONS = 1000;
/** Distinct `error_type` values per operation before new ones are recorded as `__overflow__`. */
export const DEFAULT_MAX_ERROR_TYPES = 20;

export interface OperationTrackerOptions {
  /** Where the metrics live; default core's `defaultRegistry`. */
  registry?: Registry;
  /** Prepended to every metric name as is, e.g. `'myapp_'` → `myapp_operation_calls_total`. Default ''. */
  prefix?: string;
  /** The word after the prefix, default `'operation'`; e.g. `'mcp_tool'` → `mcp_tool_calls_total`. */
  namespace?: string;
  /** Name of the label holding the operation name; default `'operation'` (e.g. `'tool'`, `'step'`). */
  operationLabel?: string;
  /** Constant labels added to every series of this tracker, e.g. `{ server: 'files' }`. */
  labels?: Readonly<Record<string, string | number>>;
  /** Histogram bounds in seconds; default DEFAULT_OPERATION_BUCKETS (1 ms - 5 min). */
  buckets?: readonly number[];
  /** Window of the summary's quantiles and min/max, seconds; default 600. */
  maxAgeSeconds?: number;
  /** Slots the window rotates through; default 5 (the window advances every maxAgeSeconds/5). */
  ageBuckets?: number;
  /** Distinct operation names kept; later ones are recorded as operation `__overflow__`. Default 1000. */
  maxOperations?: number;
  /** Distinct error types kept per operation; later ones are recorded as `__overflow__`. Default 20. */
  maxErrorTypes?: number;
  /**
   * Your own `error_type` for an error (e.g. an API error's stable code); return undefined to use the
   * default (code, else class name). Results are cut to 64 characters and still capped by maxErrorTypes.
   */
  errorType?: (error: unknown) => string | undefined;
  /**
   * Your own outcome for a thrown error, e.g. `'timeout'` for an MCP error with code -32001; return
   * undefined to use the default (TimeoutError → timeout, AbortError → cancelled, else error).
   */
  classifyError?: (error: unknown) => FailureOutcome | undefined;
}

/** Options with defaults applied and every value checked. */
export interface ResolvedOptions {
  registry: Registry;
  names: OperationMetricNames;
  operationLabel: string;
  constantLabels: Readonly<Record<string, string>>;
  buckets: readonly number[];
  maxAgeSeconds: number;
  ageBuckets: number;
  maxOperations: number;
  maxErrorTypes: number;
  errorType: (error: unknown) => string;
  classify: (error: unknown, signal: AbortSignal | undefined) => FailureOutcome;
}

const FAILURES = new Set<unknown>(['error', 'timeout', 'cancelled']);
/** Label names the families use besides the operation label (`le`, `quantile`: histogram and summary). */
const RESERVED_LABELS = new Set(['outcome', 'error_type', 'le', 'quantile']);

function labelName(key: string, name: string): string {
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name) || name.startsWith('__')) {
    bad(
      key,
      `${JSON.stringify(name)} is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with "__")`,
    );
  }
  return name;
}

function bad(key: string, message: string): never {
  throw new InvalidConfigError(key, `createOperationTracker(): ${message}`);
}

function positiveInteger(key: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < 1) bad(key, `${key} must be a whole number >= 1`);
  return value as number;
}

function text(key: string, value: unknown, fallback: string, allowEmpty: boolean): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || (!allowEmpty && value === '')) {
    bad(key, `${key} must be a${allowEmpty ? '' : ' non-empty'} string`);
  }
  return value;
}

function optionalFunction<T>(key: string, value: unknown): T | undefined {
  if (value !== undefined && typeof value !== 'function') bad(key, `${key} must be a function`);
  return value as T | undefined;
}

/** Validates `options` (throws core's InvalidConfigError naming the option) and fills in defaults. */
export function resolveOptions(options: OperationTrackerOptions = {}): ResolvedOptions {
  if (options === null || typeof options !== 'object') bad('options', 'expects an options object');
  const registry = options.registry ?? defaultRegistry;
  if (!(registry instanceof Registry)) bad('registry', 'registry must be a Registry from @telemeter/core');
  const prefix = text('prefix', options.prefix, '', true);
  if (!/^([a-zA-Z_:][a-zA-Z0-9_:]*)?$/.test(prefix)) {
    bad(
      'prefix',
      `prefix ${JSON.stringify(prefix)} would make invalid metric names: use [a-zA-Z0-9_:], not starting with a digit`,
    );
  }
  const namespace = text('namespace', options.namespace, 'operation', false);
  if (!/^[a-zA-Z0-9_:]+$/.test(namespace) || (prefix === '' && /^[0-9]/.test(namespace))) {
    bad(
      'namespace',
      `namespace ${JSON.stringify(namespace)} would make invalid metric names: use [a-zA-Z0-9_:]`,
    );
  }
  const operationLabel = labelName(
    'operationLabel',
    text('operationLabel', options.operationLabel, 'operation', false),
  );
  if (RESERVED_LABELS.has(operationLabel)) {
    bad(
      'operationLabel',
      `"${operationLabel}" is used by the operation metrics themselves; choose e.g. "tool" or "step"`,
    );
  }
  const constantLabels: Record<string, string> = {};
  if (options.labels !== undefined) {
    if (options.labels === null || typeof options.labels !== 'object') {
      bad('labels', 'labels must be an object of label name → string or number value');
    }
    for (const [name, value] of Object.entries(options.labels)) {
      labelName('labels', name);
      if (name === operationLabel || RESERVED_LABELS.has(name)) {
        bad('labels', `label "${name}" is used by the operation metrics themselves`);
      }
      if (typeof value !== 'string' && typeof value !== 'number') {
        bad('labels', `label "${name}" must have a string or number value`);
      }
      constantLabels[name] = String(value);
    }
  }
  const customType = optionalFunction<(error: unknown) => string | undefined>('errorType', options.errorType);
  const customClassify = optionalFunction<(error: unknown) => FailureOutcome | undefined>(
    'classifyError',
    options.classifyError,
  );
  return {
    registry,
    names: operationMetricNames(prefix, namespace),
    operationLabel,
    constantLabels: Object.freeze(constantLabels),
    // Histogram and Summary validate these when the metrics are created (core's InvalidMetricError).
    buckets: options.buckets ?? DEFAULT_OPERATION_BUCKETS,
    maxAgeSeconds: options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS,
    ageBuckets: options.ageBuckets ?? DEFAULT_AGE_BUCKETS,
    maxOperations: positiveInteger('maxOperations', options.maxOperations, DEFAULT_MAX_OPERATIONS),
    maxErrorTypes: positiveInteger('maxErrorTypes', options.maxErrorTypes, DEFAULT_MAX_ERROR_TYPES),
    errorType: customType === undefined ? errorTypeOf : withFallback(customType),
    classify: customClassify === undefined ? classifyFailure : classifyWithFallback(customClassify),
  };
}

/** A user classifier that throws or returns nonsense falls back to the default: metrics never break the app. */
function withFallback(custom: (error: unknown) => string | undefined): (error: unknown) => string {
  return (error) => {
    try {
      const type = custom(error);
      if (typeof type === 'string' && type !== '') return type.length <= 64 ? type : type.slice(0, 64);
    } catch {
      // fall through
    }
    return errorTypeOf(error);
  };
}

function classifyWithFallback(
  custom: (error: unknown) => FailureOutcome | undefined,
): (error: unknown, signal: AbortSignal | undefined) => FailureOutcome {
  return (error, signal) => {
    try {
      const outcome = custom(error);
      if (FAILURES.has(outcome)) return outcome as FailureOutcome;
    } catch {
      // fall through
    }
    return classifyFailure(error, signal);
  };
}
