import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// Run from the repo root so '@telemeter/storage' resolves through the workspace link, as in a user's project.
const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'telemeter-exports-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const program = (load: string, dir: string) => `
  ${load}
  (async () => {
    const db = storage.DB.open(${JSON.stringify(dir)}, { compactionIntervalMs: 0 });
    const app = db.appender();
    app.append(storage.labelsFromRecord({ __name__: 'exports_ok' }), 1000, 42);
    await app.commit();
    const q = db.querier(0, 2000);
    const [series] = q.select([storage.createMatcher('=', '__name__', 'exports_ok')]);
    const it = series.iterator();
    it.next();
    process.stdout.write(String(it.v));
    q.close();
    await db.close();
  })();
`;

describe('package entry points', () => {
  it('loads with require() from CommonJS', () => {
    const out = execFileSync(
      process.execPath,
      ['-e', program("const storage = require('@telemeter/storage');", join(dataDir, 'cjs'))],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    assert.equal(out, '42');
  });

  it('loads with import from ESM', () => {
    const out = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        program("const storage = await import('@telemeter/storage');", join(dataDir, 'esm')),
      ],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    assert.equal(out, '42');
  });

  it('ships type declarations for both, without internals', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'packages/storage/package.json'), 'utf8'));
    for (const condition of ['import', 'require']) {
      const types = pkg.exports['.'][condition].types as string;
      assert.match(
        readFileSync(join(repoRoot, 'packages/storage', types), 'utf8'),
        /DB/,
        `${condition} types at ${types}`,
      );
      const db = readFileSync(
        join(repoRoot, 'packages/storage', types.replace('index.d.ts', 'db/db.d.ts')),
        'utf8',
      );
      assert.doesNotMatch(db, /replaceBlocks/);
    }
  });
});
