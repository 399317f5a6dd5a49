// A JSON Schema (draft-07, what YAML editors read) derived from the same schema the validator uses.
// docs/telemeter.schema.json is this, written out; a test keeps the file current.
import { LABEL_NAME_PATTERN } from './checks.js';
import { configSchema } from './schema.js';
import type { Field, Schema } from './schema-types.js';
import { DURATION_PATTERN, SIZE_PATTERN } from './units.js';

export type JsonSchema = { readonly [key: string]: unknown };

const HOST_PORT_PATTERN = '^(\\[[0-9A-Fa-f:.]+\\]|[^:\\[\\]]+):\\d{1,5}$';

function typeSchema(schema: Schema): Record<string, unknown> {
  switch (schema.kind) {
    case 'string':
      return {
        type: 'string',
        ...(schema.allowEmpty === true ? {} : { minLength: 1 }),
        ...(schema.pattern === undefined ? {} : { pattern: schema.pattern }),
        ...(schema.examples === undefined ? {} : { examples: schema.examples }),
        ...(schema.secret === true ? { writeOnly: true } : {}),
      };
    case 'boolean':
      return { type: 'boolean' };
    case 'integer':
      return {
        type: 'integer',
        minimum: schema.minimum,
        ...(schema.maximum === undefined ? {} : { maximum: schema.maximum }),
      };
    case 'number':
      return { type: 'number' };
    case 'duration':
      return {
        anyOf: [
          { type: 'string', pattern: DURATION_PATTERN, examples: ['15s', '1h30m', '15d'] },
          { type: 'integer', const: 0 },
        ],
      };
    case 'size':
      return {
        anyOf: [
          { type: 'string', pattern: SIZE_PATTERN, examples: ['512MiB', '10GB'] },
          { type: 'integer', minimum: schema.minimum ?? 0 },
        ],
      };
    case 'address':
      return { type: 'string', pattern: HOST_PORT_PATTERN, examples: ['127.0.0.1:9464', '[::1]:9464'] };
    case 'enum':
      return schema.caseInsensitive === true
        ? {
            type: 'string',
            anyOf: [{ enum: schema.values }, { pattern: caseInsensitivePattern(schema.values) }],
          }
        : { type: 'string', enum: schema.values };
    case 'list':
      return { type: 'array', items: typeSchema(schema.items) };
    case 'map':
      return {
        type: 'object',
        ...(schema.keyCheck === undefined ? {} : { propertyNames: { pattern: LABEL_NAME_PATTERN } }),
        additionalProperties: typeSchema(schema.values),
      };
    case 'object': {
      const required = Object.entries(schema.fields)
        .filter(([, field]) => field.required === true)
        .map(([key]) => key);
      return {
        type: 'object',
        properties: Object.fromEntries(
          Object.entries(schema.fields).map(([key, field]) => [key, fieldSchema(field)]),
        ),
        ...(required.length > 0 ? { required } : {}),
        additionalProperties: false,
      };
    }
  }
}

/** JSON Schema regexes have no `i` flag: `^(?:[rR][eE]…)$`. */
function caseInsensitivePattern(values: readonly string[]): string {
  const spelled = values.map((value) =>
    [...value]
      .map((c) => (c.toLowerCase() === c.toUpperCase() ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`))
      .join(''),
  );
  return `^(?:${spelled.join('|')})$`;
}

function fieldSchema(field: Field): Record<string, unknown> {
  const description =
    field.defaultFrom === undefined
      ? field.description
      : `${field.description} Default: ${field.defaultFrom}.`;
  const isSection = field.schema.kind === 'object';
  return {
    description,
    ...typeSchema(field.schema),
    ...(field.default === undefined || isSection ? {} : { default: field.default }),
  };
}

/** The JSON Schema of telemeter.yml, for editor completion and validation (`# yaml-language-server: $schema=`). */
export function configJsonSchema(): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'telemeter.yml',
    description: 'Configuration of `telemeter serve`. Reference: docs/config.md.',
    ...typeSchema(configSchema),
  };
}
