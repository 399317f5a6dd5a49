/**
 * The global on/off switch and process-wide defaults. Effective configuration is, from lowest to
 * highest precedence: built-in defaults, `TELEMETER_*` environment variables (read once, leniently:
 * an invalid value is ignored with a warning), then `configure()` calls.
 */
import { InvalidConfigError } from './errors.js';
import { LABEL_NAME_RE, METRIC_NAME_RE } from './labels.js';
import type { Labels } from './types.js';
import { emitTelemeterWarning } from './warnings.js';

export interface TelemeterConfig {
  /** Record methods return after one branch when false. Env: `TELEMETER_ENABLED`. */
  enabled?: boolean;
  /** Added to every series a registry exposes (a series' own label wins). Env: `TELEMETER_DEFAULT_LABELS=k=v,k2=v2`. */
  defaultLabels?: Labels;
  /** Label sets per metric before new ones go to the overflow series. Env: `TELEMETER_CARDINALITY_LIMIT`. */
  cardinalityLimit?: number;
  /** Env: `TELEMETER_METRICS_HOST`. */
  metricsHost?: string;
  /** Env: `TELEMETER_METRICS_PORT`. */
  metricsPort?: number;
  /** A URL path: starts with '/', no query, fragment or spaces. Env: `TELEMETER_METRICS_PATH`. */
  metricsPath?: string;
  /** Env: `TELEMETER_RUNTIME_METRICS`. */
  runtimeMetrics?: boolean;
  /** Prefix for runtime metric names. Env: `TELEMETER_RUNTIME_PREFIX`. */
  runtimePrefix?: string;
}

type Env = Readonly<Record<string, string | undefined>>;
type Key = keyof TelemeterConfig;

const ENV_VARS: Readonly<Record<Key, string>> = {
  enabled: 'TELEMETER_ENABLED',
  defaultLabels: 'TELEMETER_DEFAULT_LABELS',
  cardinalityLimit: 'TELEMETER_CARDINALITY_LIMIT',
  metricsHost: 'TELEMETER_METRICS_HOST',
  metricsPort: 'TELEMETER_METRICS_PORT',
  metricsPath: 'TELEMETER_METRICS_PATH',
  runtimeMetrics: 'TELEMETER_RUNTIME_METRICS',
  runtimePrefix: 'TELEMETER_RUNTIME_PREFIX',
};

const TRUE_WORDS = new Set(['true', '1', 'on', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'off', 'no']);

function processEnv(): Env {
  return typeof process === 'object' && process?.env ? process.env : {};
}

/** @internal Whether `value` can be an endpoint path (shared with the HTTP handler's options). */
export function isEndpointPath(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('/') && !/[?#\s]/.test(value);
}

function fail(source: string, message: string): never {
  throw new InvalidConfigError(source, `${source}: ${message}`);
}

function parseBoolean(source: string, text: string): boolean {
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return fail(source, `expected true/false, 1/0, on/off or yes/no, got "${text}"`);
}

function parsePositiveInteger(source: string, text: string, max = Number.MAX_SAFE_INTEGER): number {
  const trimmed = text.trim();
  const value = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!(value >= 1 && value <= max)) fail(source, `expected a whole number from 1 to ${max}, got "${text}"`);
  return value;
}

/** `k=v,k2=v2`; values may be percent-encoded (`%2C` for a comma), as OTEL_RESOURCE_ATTRIBUTES allows. */
function parseLabelList(source: string, text: string): Labels {
  const labels: Record<string, string> = {};
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) fail(source, `expected name=value pairs separated by commas, got "${part.trim()}"`);
    const name = part.slice(0, eq).trim();
    let value: string;
    try {
      value = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return fail(source, `label "${name}" has a malformed percent-encoded value`);
    }
    labels[name] = value;
  }
  return checkDefaultLabels(source, labels);
}

/** @internal Validates a label object (default labels); errors name `source`. */
export function checkDefaultLabels(source: string, labels: unknown): Labels {
  if (labels === null || typeof labels !== 'object' || Array.isArray(labels)) {
    return fail(source, 'expected an object of label names to string values');
  }
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(labels)) {
    if (!LABEL_NAME_RE.test(name) || name.startsWith('__')) {
      fail(
        source,
        `"${name}" is not a valid label name (use [a-zA-Z_][a-zA-Z0-9_]*, not starting with "__")`,
      );
    }
    if (typeof value !== 'string') fail(source, `label "${name}" must have a string value`);
    out[name] = value;
  }
  return Object.freeze(out);
}

function checkOption(key: Key, source: string, value: unknown): unknown {
  switch (key) {
    case 'enabled':
    case 'runtimeMetrics':
      if (typeof value !== 'boolean') fail(source, `expected a boolean, got ${typeof value}`);
      return value;
    case 'cardinalityLimit':
      if (!Number.isSafeInteger(value) || (value as number) < 1) fail(source, 'expected a whole number >= 1');
      return value;
    case 'metricsPort':
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 65535) {
        fail(source, 'expected a port number from 0 to 65535');
      }
      return value;
    case 'metricsHost':
      if (typeof value !== 'string' || value.trim() === '') fail(source, 'expected a non-empty host name');
      return value;
    case 'metricsPath':
      if (!isEndpointPath(value)) {
        fail(
          source,
          `expected a URL path starting with "/" without query, fragment or spaces, e.g. "/metrics", got ${JSON.stringify(value)}`,
        );
      }
      return value;
    case 'runtimePrefix':
      if (typeof value !== 'string' || (value !== '' && !METRIC_NAME_RE.test(value))) {
        fail(source, 'expected a metric name prefix matching [a-zA-Z_:][a-zA-Z0-9_:]* (or "")');
      }
      return value;
    case 'defaultLabels':
      return checkDefaultLabels(source, value);
  }
}

function parseEnvValue(key: Key, source: string, text: string): unknown {
  switch (key) {
    case 'enabled':
    case 'runtimeMetrics':
      return parseBoolean(source, text);
    case 'cardinalityLimit':
      return parsePositiveInteger(source, text);
    case 'metricsPort': {
      const trimmed = text.trim();
      if (!/^\d+$/.test(trimmed)) fail(source, `expected a port number from 0 to 65535, got "${text}"`);
      return checkOption(key, source, Number(trimmed));
    }
    case 'defaultLabels':
      return parseLabelList(source, text);
    default:
      return checkOption(key, source, text.trim());
  }
}

/**
 * Parses the `TELEMETER_*` variables of `env`. Unset or empty variables are left out of the result.
 * @throws InvalidConfigError whose `key` is the variable name, on a bad value.
 */
export function configFromEnv(env: Env = processEnv()): TelemeterConfig {
  const config: Record<string, unknown> = {};
  for (const key of Object.keys(ENV_VARS) as Key[]) {
    const variable = ENV_VARS[key];
    const text = env[variable];
    if (text === undefined || text.trim() === '') continue;
    config[key] = parseEnvValue(key, variable, text);
  }
  return config as TelemeterConfig;
}

/** Like configFromEnv, but a bad variable is skipped with a warning: importing the library must not throw. */
function lenientEnvConfig(env: Env): TelemeterConfig {
  const config: Record<string, unknown> = {};
  for (const key of Object.keys(ENV_VARS) as Key[]) {
    const text = env[ENV_VARS[key]];
    if (text === undefined || text.trim() === '') continue;
    try {
      config[key] = parseEnvValue(key, ENV_VARS[key], text);
    } catch (error) {
      emitTelemeterWarning('invalid_env', `ignoring ${(error as Error).message}`);
    }
  }
  return config as TelemeterConfig;
}

let envConfig: TelemeterConfig | undefined;
let effective: Readonly<TelemeterConfig> | undefined;
let configured: TelemeterConfig = {};

function fromEnv(): TelemeterConfig {
  envConfig ??= lenientEnvConfig(processEnv());
  return envConfig;
}

/**
 * The global switch. Exported as a live binding for the instruments only (index.ts exports
 * setEnabled/isEnabled): every record method reads it first, so "disabled" costs one load and one branch.
 */
export let enabled: boolean = fromEnv().enabled ?? true;

export function setEnabled(on: boolean): void {
  if (typeof on !== 'boolean')
    throw new InvalidConfigError('enabled', `setEnabled() expects a boolean, got ${typeof on}`);
  enabled = on;
  // Keeps getConfig().enabled true to the switch, and a later configure() from flipping it back.
  configured = { ...configured, enabled: on };
  effective = undefined;
}

export function isEnabled(): boolean {
  return enabled;
}

/**
 * Sets process-wide options from code; later calls override earlier ones key by key, `undefined`
 * values are ignored. `enabled` flips the global switch, only when this call sets it: a call
 * without it leaves a setEnabled() in between alone.
 * @throws InvalidConfigError whose `key` is the option name, on a bad value.
 */
export function configure(options: TelemeterConfig): void {
  if (options === null || typeof options !== 'object') {
    throw new InvalidConfigError('options', 'configure() expects an options object');
  }
  const next: Record<string, unknown> = { ...configured };
  let switchTo: boolean | undefined;
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    if (!(key in ENV_VARS)) {
      throw new InvalidConfigError(
        key,
        `unknown option "${key}"; known: ${Object.keys(ENV_VARS).join(', ')}`,
      );
    }
    next[key] = checkOption(key as Key, key, value);
    if (key === 'enabled') switchTo = value as boolean;
  }
  configured = next as TelemeterConfig;
  effective = undefined;
  if (switchTo !== undefined) enabled = switchTo;
}

/** The effective configuration: environment variables overridden by configure(). */
export function getConfig(): Readonly<TelemeterConfig> {
  effective ??= Object.freeze({ ...fromEnv(), ...configured });
  return effective;
}

/** Forgets configure() calls and re-reads the environment (for tests). */
export function resetConfig(env: Env = processEnv()): void {
  configured = {};
  envConfig = lenientEnvConfig(env);
  effective = undefined;
  enabled = envConfig.enabled ?? true;
}
