// fast-check generators derived from the config schema: valid telemeter.yml documents (as JS
// values to stringify), and schema-shaped garbage for the never-throws-anything-else property.
import fc from 'fast-check';
import { SECRET_PLACEHOLDER } from '../redact.js';
import { configSchema } from '../schema.js';
import type { Field, ObjectSchema, Schema } from '../schema-types.js';
import { outputKey } from '../schema-types.js';
import { formatDurationText } from '../units.js';

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,12}$/;

/** Whole relabel configs valid for their action, so generated jobs satisfy Prometheus's per-action rules. */
const RELABEL_EXAMPLES = [
  { source_labels: ['__address__'], regex: '([^:]+):\\d+', target_label: 'host', replacement: '$1' },
  { source_labels: ['job'], regex: 'node', action: 'keep' },
  { source_labels: ['__name__'], regex: 'go_.*', action: 'drop' },
  { source_labels: ['__address__'], modulus: 4, target_label: '__tmp_shard', action: 'hashmod' },
  { regex: '__meta_(.+)', replacement: 'meta_$1', action: 'labelmap' },
  { regex: 'tmp_.*', action: 'labeldrop' },
  { regex: 'job|instance|__name__', action: 'labelkeep' },
  { source_labels: ['env'], target_label: 'env', action: 'lowercase' },
  { source_labels: ['a'], target_label: 'b', action: 'keepequal' },
  {
    source_labels: ['a', 'b'],
    separator: '',
    regex: '',
    target_label: 'empty',
    replacement: '',
    action: 'Replace',
  },
];

/** Per-path generators where one key's valid values depend on another's. */
const OVERRIDES: Record<string, fc.Arbitrary<unknown>> = {
  // token_file is read at parse time; the file-reading test covers it with a real file.
  // host:port is checked by the job; plain strings would be rejected there.
  'scrape_configs[].static_configs[].targets[]': fc.constantFrom(
    'localhost:9100',
    '127.0.0.1:9090',
    '[::1]:8080',
    'db',
  ),
  // Dashboard files are read at parse time; dashboards/*.test.ts cover them with real files.
  'dashboards.files': fc.constant([]),
  auth: fc.record({ token: fc.string({ minLength: 1 }) }, { requiredKeys: [] }),
  'scrape_configs[].relabel_configs[]': fc.constantFrom(...RELABEL_EXAMPLES).map((r) => structuredClone(r)),
  'scrape_configs[].metric_relabel_configs[]': fc
    .constantFrom(...RELABEL_EXAMPLES)
    .map((r) => structuredClone(r)),
};

function stringArbitrary(schema: Extract<Schema, { kind: 'string' }>): fc.Arbitrary<string> {
  if (schema.examples !== undefined && schema.check !== undefined) return fc.constantFrom(...schema.examples);
  const text = fc.string({ minLength: schema.allowEmpty === true ? 0 : 1, maxLength: 20, unit: 'grapheme' });
  return schema.examples === undefined ? text : fc.oneof(fc.constantFrom(...schema.examples), text);
}

function schemaArbitrary(schema: Schema, path: string): fc.Arbitrary<unknown> {
  const override = OVERRIDES[path];
  if (override !== undefined) return override;
  switch (schema.kind) {
    case 'string':
      return stringArbitrary(schema);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: schema.minimum, max: schema.maximum ?? schema.minimum + 10_000_000 });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 });
    case 'duration':
      return fc.integer({ min: schema.minimumMs ?? 0, max: 400 * 24 * 3600 * 1000 }).map(formatDurationText);
    case 'size':
      return fc.oneof(
        fc.integer({ min: schema.minimum ?? 0, max: 2 ** 45 }),
        fc.integer({ min: 1, max: 4096 }).map((n) => `${n}MiB`),
        fc.integer({ min: 1, max: 999 }).map((n) => `${n}GB`),
      );
    case 'address':
      return fc
        .tuple(
          fc.constantFrom('127.0.0.1', 'localhost', '[::1]', '0.0.0.0'),
          fc.integer({ min: 0, max: 65535 }),
        )
        .map(([host, port]) => `${host}:${port}`);
    case 'enum':
      return fc.constantFrom(...schema.values);
    case 'list':
      return fc.array(schemaArbitrary(schema.items, `${path}[]`), {
        maxLength: path === 'scrape_configs' ? 3 : 2,
      });
    case 'map':
      return fc.dictionary(
        schema.keyCheck === undefined
          ? fc.string({ minLength: 1, maxLength: 8 })
          : fc.stringMatching(LABEL_NAME),
        schemaArbitrary(schema.values, `${path}.*`),
        { maxKeys: 3 },
      );
    case 'object':
      return objectArbitrary(schema, path);
  }
}

function objectArbitrary(schema: ObjectSchema, path: string): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.entries(schema.fields) as [string, Field][];
  const model = Object.fromEntries(
    fields.map(([key, field]) => [key, schemaArbitrary(field.schema, path === '' ? key : `${path}.${key}`)]),
  );
  const required = fields.filter(([, field]) => field.required === true).map(([key]) => key);
  return fc.record(model, { requiredKeys: required }).map((value) => makeConsistent(path, value));
}

/** Drops keys that only conflict with each other (one credential per job, a timeout within its interval). */
function makeConsistent(path: string, value: Record<string, unknown>): Record<string, unknown> {
  const out = { ...value };
  if (path === 'scrape_configs[].basic_auth' && out.password !== undefined) delete out.password_file;
  if (path === 'scrape_configs[]') {
    if (out.bearer_token !== undefined) delete out.bearer_token_file;
    if (out.bearer_token !== undefined || out.bearer_token_file !== undefined) delete out.basic_auth;
    delete out.scrape_timeout;
  }
  if (path === 'global') delete out.scrape_timeout;
  if (path === '' && Array.isArray(out.scrape_configs)) {
    out.scrape_configs = out.scrape_configs.map((job: Record<string, unknown>, i: number) => ({
      ...job,
      job_name: `${String(job.job_name)}_${i}`,
    }));
  }
  return out;
}

/** A valid telemeter.yml as a JS value (stringify it with the yaml package). */
export function arbitraryConfigDocument(): fc.Arbitrary<Record<string, unknown>> {
  return objectArbitrary(configSchema, '');
}

function allKeys(schema: Schema, into: Set<string>): Set<string> {
  if (schema.kind === 'object') {
    for (const [key, field] of Object.entries(schema.fields)) {
      into.add(key);
      allKeys(field.schema, into);
    }
  } else if (schema.kind === 'list') allKeys(schema.items, into);
  else if (schema.kind === 'map') allKeys(schema.values, into);
  return into;
}

/** Mappings whose keys are the schema's own keys with values of any shape: wrong in every way the schema can be. */
export function arbitrarySchemaShapedGarbage(): fc.Arbitrary<unknown> {
  const keys = [...allKeys(configSchema, new Set())];
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.jsonValue({ maxDepth: 1 }),
      fc.constantFrom('15s', '1h30m', '15x', '10GB', 'localhost:9090', '(.*', '[::1]:9464', '', '*'),
      fc.array(tie('tree'), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom(...keys), tie('tree'), { maxKeys: 4 }),
    ),
  }));
  return tree;
}

/** The resolved config with every secret as redactConfig prints it. */
export function withSecretsHidden(schema: Schema, value: unknown): unknown {
  switch (schema.kind) {
    case 'string':
      return schema.secret === true ? SECRET_PLACEHOLDER : value;
    case 'list':
      return (value as unknown[]).map((item) => withSecretsHidden(schema.items, item));
    case 'object': {
      const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const [key, field] of Object.entries(schema.fields)) {
        const target = outputKey(key, field);
        if (out[target] !== undefined) out[target] = withSecretsHidden(field.schema, out[target]);
      }
      return out;
    }
    default:
      return value;
  }
}
