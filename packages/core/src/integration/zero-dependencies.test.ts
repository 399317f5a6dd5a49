import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const packageRoot = fileURLToPath(new URL('../../../', import.meta.url));

async function* shippedFiles(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'integration' && entry.name !== 'testing') yield* shippedFiles(path);
    } else if (entry.name.endsWith('.js') && !entry.name.endsWith('.test.js')) {
      yield path;
    }
  }
}

describe('@telemeter/core has zero runtime dependencies', () => {
  it('declares no dependencies or peerDependencies', async () => {
    const pkg = JSON.parse(await readFile(join(packageRoot, 'package.json'), 'utf8'));
    assert.equal(pkg.dependencies, undefined);
    assert.equal(pkg.peerDependencies, undefined);
  });

  it('imports only node: built-ins and its own files', async () => {
    const offenders: string[] = [];
    let files = 0;
    for (const build of ['dist/esm', 'dist/cjs']) {
      for await (const file of shippedFiles(join(packageRoot, build))) {
        files++;
        // Doc comments show usage like `from '@telemeter/core'`; only real statements count.
        const source = (await readFile(file, 'utf8')).replace(/\/\*[\s\S]*?\*\//g, '');
        const specifiers = [
          ...source.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gm),
          ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
          ...source.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g),
        ].map((m) => m[1] ?? '');
        for (const spec of specifiers) {
          if (!spec.startsWith('.') && !spec.startsWith('node:')) offenders.push(`${file}: ${spec}`);
        }
      }
    }
    assert.ok(files > 10, `expected the built package, found ${files} files`);
    assert.deepEqual(offenders, []);
  });
});
