// Runs every package's compiled tests with node:test and ends with one plain summary line.
// Usage: node scripts/run-tests.mjs [package-name ...]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2);
const dirs = readdirSync(join(root, 'packages'))
  .filter((name) => only.length === 0 || only.includes(name))
  .map((name) => join(root, 'packages', name, 'dist', 'esm'))
  .filter((dir) => existsSync(dir));

const result = spawnSync(
  process.execPath,
  [
    '--import',
    join(root, 'scripts', 'fast-check-seed.mjs'),
    '--test',
    '--test-concurrency=3',
    '--test-timeout=180000',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'scripts', 'summary-reporter.mjs')}`,
    '--test-reporter-destination=stdout',
    ...dirs,
  ],
  { stdio: 'inherit', cwd: root },
);
process.exit(result.status ?? 1);
