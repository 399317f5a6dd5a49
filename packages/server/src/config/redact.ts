// The running configuration as YAML for /api/v1/status/config, secrets hidden. parseConfig reads
// the output back to the same configuration (with `<secret>` for each secret).
import { stringify } from 'yaml';
import { formatListenAddress } from './addresses.js';
import { configSchema } from './schema.js';
import { outputKey, type Schema } from './schema-types.js';
import type { ListenAddress, TelemeterServerConfig } from './types.js';
import { formatDurationText, formatSizeText } from './units.js';

export const SECRET_PLACEHOLDER = '<secret>';

/** A resolved value back in YAML form: durations as `1h30m`, sizes as `16MiB`, keys in snake_case. */
export function toYamlValue(schema: Schema, value: unknown, hideSecrets: boolean): unknown {
  switch (schema.kind) {
    case 'duration':
      return formatDurationText(value as number);
    case 'size':
      return formatSizeText(value as number);
    case 'address':
      return formatListenAddress(value as ListenAddress);
    case 'string':
      return hideSecrets && schema.secret === true ? SECRET_PLACEHOLDER : value;
    case 'list':
      return (value as unknown[]).map((item) => toYamlValue(schema.items, item, hideSecrets));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        Object.defineProperty(out, key, {
          value: toYamlValue(schema.values, item, hideSecrets),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    case 'object': {
      const resolved = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(schema.fields)) {
        const item = resolved[outputKey(key, field)];
        if (item === undefined) continue;
        // A secret read from a file is shown as the file; the file key follows.
        const fromFile = field.readFrom === undefined ? undefined : schema.fields[field.readFrom];
        if (fromFile !== undefined && resolved[outputKey(field.readFrom!, fromFile)] !== undefined) continue;
        out[key] = toYamlValue(field.schema, item, hideSecrets);
      }
      return out;
    }
    default:
      return value;
  }
}

/** YAML of the effective configuration, every key included, with tokens and passwords as `<secret>`. */
export function redactConfig(config: TelemeterServerConfig): string {
  return stringify(toYamlValue(configSchema, config, true), { lineWidth: 0, aliasDuplicateObjects: false });
}
