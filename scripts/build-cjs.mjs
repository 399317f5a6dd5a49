// Library packages also ship a CommonJS build so `require()` works on every Node >= 20,
// not only on the releases where require(esm) is available.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
for (const name of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', name);
  const config = join(dir, 'tsconfig.cjs.json');
  if (!existsSync(config)) continue;
  execFileSync(process.execPath, [tsc, '-p', config], { stdio: 'inherit' });
  writeFileSync(join(dir, 'dist', 'cjs', 'package.json'), '{ "type": "commonjs" }\n');
}
