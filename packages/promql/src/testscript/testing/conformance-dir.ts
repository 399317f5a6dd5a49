// Locates the shared PromQL conformance files: <repo>/../shared/conformance/promql.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The repository root: the nearest folder above `from` whose package.json declares workspaces. */
export function findRepoRoot(from: string): string | undefined {
  let dir = from;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).workspaces !== undefined) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The conformance folder and its .test files (sorted), or undefined when it is absent. */
export function conformanceFiles(from: string): { dir: string; files: string[] } | undefined {
  const root = findRepoRoot(from);
  if (root === undefined) return undefined;
  const dir = path.resolve(root, '..', 'shared', 'conformance', 'promql');
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.test'))
    .sort();
  return { dir, files };
}
