// Keeps docs/config.md, docs/telemeter.schema.json and examples/telemeter.yml true to the code.
// TELEMETER_UPDATE_DOCS=1 rewrites the generated parts (the key tables and the JSON Schema file)
// instead of failing.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from './errors.js';
import { configJsonSchema } from './json-schema.js';
import { parseConfig } from './parse.js';
import { referenceTables } from './testing/reference-tables.js';

const root = fileURLToPath(new URL('../../../../../', import.meta.url));
const update = process.env.TELEMETER_UPDATE_DOCS === '1';
const docPath = join(root, 'docs', 'config.md');
const schemaPath = join(root, 'docs', 'telemeter.schema.json');
const examplePath = join(root, 'examples', 'telemeter.yml');

const KEYS_BLOCK = /<!-- keys: (\S+) -->\n[\s\S]*?<!-- end keys -->/g;

describe('docs/config.md', () => {
  it('has a key table for every mapping in the schema, as generated from it', () => {
    const doc = readFileSync(docPath, 'utf8');
    const tables = new Map(referenceTables().map((table) => [table.id, table.markdown]));
    const found = [...doc.matchAll(KEYS_BLOCK)].map((match) => match[1]!);
    assert.deepEqual(found, [...tables.keys()], 'one <!-- keys: id --> block per table, in schema order');
    const generated = doc.replace(
      KEYS_BLOCK,
      (_, id: string) => `<!-- keys: ${id} -->\n${tables.get(id)}\n<!-- end keys -->`,
    );
    if (update) writeFileSync(docPath, generated);
    else
      assert.equal(doc, generated, 'run the tests with TELEMETER_UPDATE_DOCS=1 to regenerate the key tables');
  });

  it('shows only valid configs, and the exact errors of the invalid ones', () => {
    const doc = readFileSync(docPath, 'utf8');
    const blocks = [
      ...doc.matchAll(/(<!-- invalid -->\n)?```yaml\n([\s\S]*?)```\n(?:\n```text\n([\s\S]*?)```)?/g),
    ];
    assert.ok(blocks.length >= 4);
    for (const [, invalid, yaml, expected] of blocks) {
      if (invalid === undefined) {
        assert.doesNotThrow(() => parseConfig(yaml!), yaml);
        continue;
      }
      assert.throws(
        () => parseConfig(yaml!),
        (err: unknown) => err instanceof ConfigError && err.message === expected!.trimEnd(),
        `${yaml}\nshould fail with\n${expected}`,
      );
    }
  });

  it('names the error code', () => {
    assert.match(readFileSync(docPath, 'utf8'), /TM_CONFIG_INVALID/);
  });
});

describe('docs/telemeter.schema.json', () => {
  it('is configJsonSchema(), written out', () => {
    const generated = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
    if (update) writeFileSync(schemaPath, generated);
    else {
      assert.equal(
        readFileSync(schemaPath, 'utf8'),
        generated,
        'run the tests with TELEMETER_UPDATE_DOCS=1 to regenerate docs/telemeter.schema.json',
      );
    }
  });

  it('rejects what the checker rejects, for the shapes it can express', () => {
    const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(configJsonSchema());
    const bad = [
      { lisen: '127.0.0.1:1' },
      { listen: 9464 },
      { storage: { retention: '15x' } },
      { storage: { fsync: 'sometimes' } },
      { scrape_configs: [{ metrics_path: '/m' }] },
      { scrape_configs: [{ job_name: 'a', relabel_configs: [{ action: 'rewrite' }] }] },
      { global: { external_labels: { '1x': 'y' } } },
      { ingestion: { max_body_bytes: '10XB' } },
    ];
    for (const doc of bad) {
      assert.equal(validate(doc), false, JSON.stringify(doc));
      assert.throws(() => parseConfig(JSON.stringify(doc)), ConfigError);
    }
  });
});

describe('examples/telemeter.yml', () => {
  it('is a valid config, by the checker and by the JSON Schema', () => {
    const text = readFileSync(examplePath, 'utf8');
    const config = parseConfig(text, examplePath);
    assert.ok(config.scrapeConfigs.length >= 3);
    const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(configJsonSchema());
    assert.ok(validate(parseYaml(text)), JSON.stringify(validate.errors));
  });

  it('marks as "(default)" only values that are the defaults', () => {
    const text = readFileSync(examplePath, 'utf8');
    const marked = text
      .split('\n')
      .filter((line) => /# \(default\)/.test(line) && !line.trimStart().startsWith('#'));
    assert.ok(marked.length > 10);
    const withoutMarked = text
      .split('\n')
      .filter((line) => !marked.includes(line))
      .join('\n');
    // Dropping every line marked "(default)" must not change the parsed config.
    assert.deepEqual(parseConfig(withoutMarked, examplePath), parseConfig(text, examplePath));
  });
});
