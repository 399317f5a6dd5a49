// Property: configs generated from the schema are valid, read back the same through redactConfig,
// and are valid by the JSON Schema too.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { parse as parseYaml, stringify } from 'yaml';
import { configJsonSchema } from './json-schema.js';
import { parseConfig } from './parse.js';
import { redactConfig } from './redact.js';
import { configSchema } from './schema.js';
import { arbitraryConfigDocument, withSecretsHidden } from './testing/arbitrary-config.js';

describe('configs generated from the schema', () => {
  const validateJson = new Ajv({ strict: true, allowUnionTypes: true }).compile(configJsonSchema());

  it('are valid, and read back the same through redactConfig (secrets as <secret>)', () => {
    fc.assert(
      fc.property(arbitraryConfigDocument(), (doc) => {
        const config = parseConfig(stringify(doc));
        const redacted = redactConfig(config);
        assert.deepEqual(parseConfig(redacted), withSecretsHidden(configSchema, config));
      }),
      { numRuns: 100 },
    );
  });

  it('are valid by the JSON Schema too, as written and as redactConfig prints them', () => {
    fc.assert(
      fc.property(arbitraryConfigDocument(), (doc) => {
        assert.ok(validateJson(doc), JSON.stringify(validateJson.errors));
        const printed = JSON.parse(JSON.stringify(parseYaml(redactConfig(parseConfig(stringify(doc))))));
        assert.ok(validateJson(printed), JSON.stringify(validateJson.errors));
      }),
      { numRuns: 50 },
    );
  });
});
