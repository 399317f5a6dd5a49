// A small declarative schema for telemeter.yml. One description of every key (its type, default,
// checks and documentation) drives validation (validate.ts), the JSON Schema for editors
// (json-schema.ts), the redacted YAML of the running config (redact.ts) and the property tests'
// config generator (testing/arbitrary-config.ts), so they cannot drift apart.

/** A path below an object, for cross-key checks: `['static_configs', 0, 'targets', 2]`. */
export type RelativePath = readonly (string | number)[];

/** Returns what is wrong with a value, or undefined when it is fine. */
export type ValueCheck = (text: string) => string | undefined;

export interface StringSchema {
  readonly kind: 'string';
  /** What the string is, for docs/config.md's type column (`label name`, `RE2 regex`); default `string`. */
  readonly title?: string;
  /** '' is rejected unless this is set. */
  readonly allowEmpty?: boolean;
  readonly check?: ValueCheck;
  /** Printed as `<secret>` by redactConfig. */
  readonly secret?: boolean;
  /** A file path: relative paths are resolved against the config file's folder. */
  readonly file?: boolean;
  /** For the JSON Schema; `check` is the authority. */
  readonly pattern?: string;
  /** Valid values, shown in the JSON Schema and used by the property tests' generator. */
  readonly examples?: readonly string[];
}

export interface BooleanSchema {
  readonly kind: 'boolean';
}

export interface IntegerSchema {
  readonly kind: 'integer';
  readonly minimum: number;
  readonly maximum?: number;
}

/** Any finite number, e.g. a threshold of 0.95 or -3. */
export interface NumberSchema {
  readonly kind: 'number';
}

/** Prometheus durations (`15s`, `1h30m`, `0`), resolved to milliseconds. */
export interface DurationSchema {
  readonly kind: 'duration';
  /** Smallest allowed value in milliseconds (0 when absent). */
  readonly minimumMs?: number;
}

/** Byte sizes (`512MiB`, `10GB`, `1048576`), resolved to bytes. */
export interface SizeSchema {
  readonly kind: 'size';
  readonly minimum?: number;
}

/** `host:port` resolved to `{ host, port }`. */
export interface AddressSchema {
  readonly kind: 'address';
}

export interface EnumSchema {
  readonly kind: 'enum';
  readonly values: readonly string[];
  /** Prometheus reads relabel actions case-insensitively (`Replace` is `replace`). */
  readonly caseInsensitive?: boolean;
}

export interface ListSchema {
  readonly kind: 'list';
  readonly items: Schema;
}

/** A mapping with free keys, e.g. labels. */
export interface MapSchema {
  readonly kind: 'map';
  readonly keyCheck?: ValueCheck;
  readonly values: Schema;
}

export interface FinishContext {
  /** Folder that relative file paths are resolved against. */
  readonly baseDir: string;
  /** Reports a problem at a path below the object being finished. */
  issue(at: RelativePath, message: string): void;
}

export interface ObjectSchema {
  readonly kind: 'object';
  readonly fields: Readonly<Record<string, Field>>;
  /**
   * Keys Prometheus (or an older spelling) knows but telemeter does not, with what to say about
   * each, so a block copied from prometheus.yml gets a precise answer instead of "unknown key".
   */
  readonly unsupported?: Readonly<Record<string, string>>;
  /**
   * Cross-key rules and derived defaults, run after the fields are resolved. `value` has every
   * field's output key; a field that was absent without default or was invalid is undefined.
   */
  readonly finish?: (value: Record<string, unknown>, ctx: FinishContext) => void;
}

export type Schema =
  | StringSchema
  | BooleanSchema
  | IntegerSchema
  | NumberSchema
  | DurationSchema
  | SizeSchema
  | AddressSchema
  | EnumSchema
  | ListSchema
  | MapSchema
  | ObjectSchema;

export interface Field {
  readonly schema: Schema;
  /** One or two sentences for docs/config.md and the JSON Schema. */
  readonly description: string;
  /** In YAML form (`'15s'`, `'16MiB'`); it goes through the same parsing as written values. */
  readonly default?: unknown;
  /** What the default is when it comes from elsewhere, e.g. `global.scrape_interval`. */
  readonly defaultFrom?: string;
  readonly required?: boolean;
  /** The key in the resolved config; defaults to camelCase of the YAML key, plus `Ms` for durations. */
  readonly as?: string;
  /**
   * A secret that may instead be read from the named sibling file key: when that key is set, the
   * value came from the file and redactConfig prints only the file key.
   */
  readonly readFrom?: string;
}

/** The key a field has in the resolved config. */
export function outputKey(yamlKey: string, field: Field): string {
  if (field.as !== undefined) return field.as;
  const camel = yamlKey.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return field.schema.kind === 'duration' ? `${camel}Ms` : camel;
}
