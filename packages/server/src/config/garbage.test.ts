// Property: whatever the input, parseConfig returns a config or throws a ConfigError, nothing else.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { arbitraryTokenSoup, arbitraryYamlishText, YAML_SYNTAX_TOKENS } from '../testing/yaml-garbage.js';
import { ConfigError } from './errors.js';
import { parseConfig } from './parse.js';
import { arbitraryConfigDocument, arbitrarySchemaShapedGarbage } from './testing/arbitrary-config.js';

/** Parses, failing the property on any throw that is not a ConfigError. */
function parseOrConfigError(text: string): void {
  try {
    parseConfig(text);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    assert.equal(err.code, 'TM_CONFIG_INVALID');
    assert.ok(err.issues.length > 0);
    for (const issue of err.issues) {
      assert.equal(typeof issue.path, 'string');
      assert.ok(issue.message.length > 0);
    }
  }
}

const YAML_TOKENS = [
  ...YAML_SYNTAX_TOKENS,
  'scrape_configs',
  'job_name',
  'targets',
  'listen',
  'storage',
  '15s',
];

describe('parseConfig on arbitrary input', () => {
  it('throws nothing but ConfigError on random text', () => {
    fc.assert(fc.property(arbitraryYamlishText(), parseOrConfigError), { numRuns: 300 });
  });

  it('throws nothing but ConfigError on YAML-looking token soup', () => {
    fc.assert(fc.property(arbitraryTokenSoup(YAML_TOKENS), parseOrConfigError), { numRuns: 300 });
  });

  it('throws nothing but ConfigError on well-formed YAML of any shape under the real keys', () => {
    fc.assert(
      fc.property(arbitrarySchemaShapedGarbage(), (value) => parseOrConfigError(stringify(value))),
      { numRuns: 200 },
    );
  });

  it('throws nothing but ConfigError when one value of a valid config is replaced by anything', () => {
    fc.assert(
      fc.property(
        arbitraryConfigDocument(),
        fc.jsonValue({ maxDepth: 2 }),
        fc.nat(),
        (generated, replacement, pick) => {
          const doc = structuredClone(generated);
          const holders: [Record<string, unknown> | unknown[], string | number][] = [];
          const collect = (value: unknown) => {
            if (Array.isArray(value)) {
              value.forEach((item, i) => {
                holders.push([value, i]);
                collect(item);
              });
            } else if (value !== null && typeof value === 'object') {
              for (const [key, item] of Object.entries(value)) {
                holders.push([value as Record<string, unknown>, key]);
                collect(item);
              }
            }
          };
          collect(doc);
          if (holders.length > 0) {
            const [holder, key] = holders[pick % holders.length]!;
            (holder as Record<string | number, unknown>)[key] = replacement;
          }
          parseOrConfigError(stringify(doc));
        },
      ),
      { numRuns: 100 },
    );
  });
});
