import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// Run from the repo root so '@telemeter/core' resolves through the workspace link, as in a user's project.
const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));
const program = (load: string) => `
  ${load}
  const registry = new core.Registry();
  const c = new core.Counter({ name: 'exports_ok_total', help: 'h', registry });
  c.inc(3);
  registry.metrics().then((text) => process.stdout.write(text));
`;

describe('package entry points', () => {
  it('loads with require() from CommonJS', () => {
    const out = execFileSync(process.execPath, ['-e', program("const core = require('@telemeter/core');")], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    assert.match(out, /^exports_ok_total 3$/m);
  });

  it('loads with import from ESM', () => {
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', program("const core = await import('@telemeter/core');")],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    assert.match(out, /^exports_ok_total 3$/m);
  });

  it('ships type declarations for both', async () => {
    const { readFile } = await import('node:fs/promises');
    const pkg = JSON.parse(await readFile(`${repoRoot}packages/core/package.json`, 'utf8'));
    for (const condition of ['import', 'require']) {
      const types = pkg.exports['.'][condition].types as string;
      const dts = await readFile(`${repoRoot}packages/core/${types}`, 'utf8');
      assert.match(dts, /Counter/, `${condition} types at ${types}`);
    }
  });
});
