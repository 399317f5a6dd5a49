// The official OpenMetrics parser cases (../shared/conformance/openmetrics, as in core's
// parser/conformance.test.ts) through the text-import endpoint: every exposition a conforming
// parser must accept answers 204, every one it must refuse answers 400 and writes nothing.
// Cases share one store; `extra_label=conformance_case=<name>` keeps their series apart.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { apiRequest, appendedCount, openTempIngest, type TempIngest } from './testing/ingest-fixtures.js';
import { handleTextImport } from './text-import.js';

function repositoryRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'packages', 'core', 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const root = repositoryRoot();
const suiteDir =
  root === undefined ? undefined : resolve(root, '..', 'shared', 'conformance', 'openmetrics', 'parsers');
const available = suiteDir !== undefined && existsSync(suiteDir);
const cases = available
  ? readdirSync(suiteDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
  : [];

describe('text import of the OpenMetrics conformance cases', () => {
  if (!available) {
    it('skipped: ../shared/conformance/openmetrics is not next to this repository', { skip: true }, () => {});
    return;
  }
  let env: TempIngest;
  before(() => {
    env = openTempIngest();
  });
  after(() => env.close());

  it(`answers each of the ${cases.length} cases as the suite prescribes`, async () => {
    const wrong: string[] = [];
    let accepted = 0;
    for (const name of cases) {
      const spec = JSON.parse(readFileSync(join(suiteDir as string, name, 'test.json'), 'utf8')) as {
        type: string;
        file: string;
        shouldParse: boolean;
      };
      if (spec.type !== 'text') continue;
      const body = readFileSync(join(suiteDir as string, name, spec.file));
      const before = appendedCount(env.db);
      const res = await handleTextImport(
        apiRequest({
          path: '/api/v1/import/prometheus',
          headers: { 'content-type': 'application/openmetrics-text; version=1.0.0' },
          query: new URLSearchParams({ extra_label: `conformance_case=${name}` }).toString(),
          body,
        }),
        env.ctx,
      );
      const error = res.body === undefined ? '' : Buffer.from(res.body).toString();
      if (spec.shouldParse && res.status !== 204) wrong.push(`${name}: refused a valid exposition: ${error}`);
      if (!spec.shouldParse && res.status !== 400)
        wrong.push(`${name}: answered ${res.status} to an invalid exposition`);
      if (!spec.shouldParse && appendedCount(env.db) !== before)
        wrong.push(`${name}: wrote samples of an invalid exposition`);
      if (res.status === 204) accepted++;
    }
    assert.deepEqual(wrong, []);
    assert.ok(accepted > 0);
  });
});
