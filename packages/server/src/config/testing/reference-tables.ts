// The key tables of docs/config.md, generated from the schema so the reference lists every key
// with its real type and default. docs.test.ts compares them with the file.
import { configSchema } from '../schema.js';
import type { Field, ObjectSchema, Schema } from '../schema-types.js';

export interface ReferenceTable {
  /** `top`, `storage`, `scrape_configs[]`, `scrape_configs[].basic_auth`, … */
  readonly id: string;
  readonly markdown: string;
}

function typeName(schema: Schema, seen: Map<ObjectSchema, string>): string {
  switch (schema.kind) {
    case 'string':
      return [schema.title ?? 'string', ...(schema.secret === true ? ['(secret)'] : [])].join(' ');
    case 'boolean':
      return 'boolean';
    case 'integer':
      if (schema.maximum !== undefined) return `integer ${schema.minimum}–${schema.maximum}`;
      return schema.minimum === 0 ? 'integer ≥ 0' : `integer ≥ ${schema.minimum}`;
    case 'number':
      return 'number';
    case 'duration':
      return 'duration';
    case 'size':
      return 'size';
    case 'address':
      return 'host:port';
    case 'enum':
      return schema.values.map((value) => `\`${value}\``).join(' \\| ');
    case 'list':
      return `list of ${typeName(schema.items, seen).replace(/^mapping/, 'mappings')}`;
    case 'map':
      return `map of ${schema.keyCheck === undefined ? 'string' : 'label name'} → ${typeName(schema.values, seen)}`;
    case 'object': {
      const id = seen.get(schema);
      return id === undefined ? 'mapping' : `mapping, see \`${id}\``;
    }
  }
}

function defaultText(field: Field): string {
  if (field.required === true) return 'required';
  if (field.defaultFrom !== undefined) return field.defaultFrom.replace(/^([\w.]+)/, '`$1`');
  if (field.default === undefined) return 'unset';
  if (field.schema.kind === 'object') return 'see its keys';
  if (typeof field.default === 'string') return `\`${field.default === '' ? '""' : field.default}\``;
  return `\`${JSON.stringify(field.default)}\``;
}

const cell = (text: string) => text.replace(/(?<!\\)\|/g, '\\|');

/**
 * One table per mapping in the schema, in the order they appear; a shared one only once. Key
 * paths start at the top-level keys, whose table has the id `top`.
 */
export function referenceTables(root: ObjectSchema = configSchema): ReferenceTable[] {
  const tables: ReferenceTable[] = [];
  const seen = new Map<ObjectSchema, string>();
  const visit = (schema: ObjectSchema, id: string) => {
    seen.set(schema, id);
    const rows: string[] = [];
    const nested: [ObjectSchema, string][] = [];
    for (const [key, field] of Object.entries(schema.fields)) {
      const path = id === 'top' ? key : `${id}.${key}`;
      let inner: Schema = field.schema;
      let innerPath = path;
      while (inner.kind === 'list') {
        inner = inner.items;
        innerPath += '[]';
      }
      if (inner.kind === 'object' && !seen.has(inner)) {
        seen.set(inner, innerPath);
        nested.push([inner, innerPath]);
      }
      rows.push(
        `| \`${path}\` | ${cell(typeName(field.schema, seen))} | ${cell(defaultText(field))} | ${cell(field.description)} |`,
      );
    }
    tables.push({
      id,
      markdown: ['| Key | Type | Default | Description |', '| --- | --- | --- | --- |', ...rows].join('\n'),
    });
    for (const [inner, innerPath] of nested) visit(inner, innerPath);
  };
  visit(root, 'top');
  return tables;
}
