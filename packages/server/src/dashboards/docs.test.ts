// Keeps docs/dashboards.md true to the code: its key tables are generated from the schema
// (TELEMETER_UPDATE_DOCS=1 rewrites them), its examples parse, and its error samples are exact.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { referenceTables } from '../config/testing/reference-tables.js';
import { DashboardError } from './errors.js';
import { parseDashboard } from './parse.js';
import { dashboardSchema } from './schema.js';

const docPath = join(fileURLToPath(new URL('../../../../../', import.meta.url)), 'docs', 'dashboards.md');
const update = process.env.TELEMETER_UPDATE_DOCS === '1';
const KEYS_BLOCK = /<!-- keys: (\S+) -->\n[\s\S]*?<!-- end keys -->/g;

describe('docs/dashboards.md', () => {
  it('has a key table for every mapping of the format, as generated from the schema', () => {
    const doc = readFileSync(docPath, 'utf8');
    const tables = new Map(referenceTables(dashboardSchema).map((table) => [table.id, table.markdown]));
    assert.deepEqual(
      [...doc.matchAll(KEYS_BLOCK)].map((match) => match[1]!),
      [...tables.keys()],
    );
    const generated = doc.replace(
      KEYS_BLOCK,
      (_, id: string) => `<!-- keys: ${id} -->\n${tables.get(id)}\n<!-- end keys -->`,
    );
    if (update) writeFileSync(docPath, generated);
    else
      assert.equal(doc, generated, 'run the tests with TELEMETER_UPDATE_DOCS=1 to regenerate the key tables');
  });

  it('shows only valid dashboards, and the exact errors of the invalid ones', () => {
    const doc = readFileSync(docPath, 'utf8');
    const blocks = [
      ...doc.matchAll(/(<!-- invalid -->\n)?```(yaml|json)\n([\s\S]*?)```\n(?:\n```text\n([\s\S]*?)```)?/g),
    ];
    assert.ok(blocks.length >= 3);
    for (const [, invalid, , text, expected] of blocks) {
      if (invalid === undefined) {
        assert.doesNotThrow(() => parseDashboard(text!, 'api.yml'), text);
        continue;
      }
      assert.throws(
        () => parseDashboard(text!, 'api.yml'),
        (err: unknown) => err instanceof DashboardError && err.message === expected!.trimEnd(),
        `${text}\nshould fail with\n${expected}`,
      );
    }
  });

  it('names the error code', () => {
    assert.match(readFileSync(docPath, 'utf8'), /TM_DASHBOARD_INVALID/);
  });
});
