import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// Run from the repo root so the packages resolve through the workspace links, as in a user's project.
const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'telemeter-promql-exports-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

// The docs/promql.md example in miniature: a storage DB is the Queryable.
const program = (load: string, dir: string) => `
  ${load}
  (async () => {
    const db = storage.DB.open(${JSON.stringify(dir)}, { compactionIntervalMs: 0 });
    for (let i = 0; i <= 10; i++) {
      const app = db.appender();
      app.append(storage.labelsFromRecord({ __name__: 'requests_total', route: '/a' }), i * 15000, i * 30);
      await app.commit();
    }
    const engine = new promql.Engine();
    const r = await engine.instantQuery(db, 'sum by (route) (rate(requests_total[1m]))', 150000);
    process.stdout.write(r.resultType + ' ' + r.result.map((s) => s.labels.map((l) => l.name + '=' + l.value).join(',') + ' ' + s.v.toFixed(6)).join(';'));
    await db.close();
  })();
`;

describe('package entry points', () => {
  it('loads with require() from CommonJS', () => {
    const load =
      "const storage = require('@telemeter/storage'); const promql = require('@telemeter/promql');";
    const out = execFileSync(process.execPath, ['-e', program(load, join(dataDir, 'cjs'))], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    assert.equal(out, 'vector route=/a 2.000000');
  });

  it('loads with import from ESM', () => {
    const load =
      "const storage = await import('@telemeter/storage'); const promql = await import('@telemeter/promql');";
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', program(load, join(dataDir, 'esm'))],
      {
        cwd: repoRoot,
        encoding: 'utf8',
      },
    );
    assert.equal(out, 'vector route=/a 2.000000');
  });

  it('ships type declarations for both', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'packages/promql/package.json'), 'utf8'));
    for (const condition of ['import', 'require']) {
      const types = pkg.exports['.'][condition].types as string;
      assert.match(
        readFileSync(join(repoRoot, 'packages/promql', types), 'utf8'),
        /Engine/,
        `${condition} types at ${types}`,
      );
    }
  });
});
