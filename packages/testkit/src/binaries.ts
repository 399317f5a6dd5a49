import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { TestkitError } from './errors.js';

/** Absolute path of an executable on PATH (or among `extraDirs`), or undefined when it is not installed. */
export function findBinary(
  name: string,
  extraDirs: readonly string[] = ['/usr/bin', '/usr/local/bin'],
): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...extraDirs];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Tests that need a peer call this: when the binary is missing they are skipped with the reason,
 * except under CI (CI=true), where `.ci/run` installs every peer and a missing one is a failure.
 */
export function requireBinary(name: string, debianPackage: string): { path?: string; skip: string | false } {
  const path = findBinary(name);
  if (path) return { path, skip: false };
  if (process.env.CI === 'true') {
    throw new TestkitError(
      'TM_TESTKIT_BINARY_MISSING',
      `${name} is not installed but CI must run this test: apt-get install -y ${debianPackage}`,
    );
  }
  return { skip: `${name} not installed (apt-get install ${debianPackage})` };
}

/** Absolute path of `name`; throws TM_TESTKIT_BINARY_MISSING naming the Debian package when it is missing. */
export function binaryPath(name: string, debianPackage: string): string {
  const path = findBinary(name);
  if (path) return path;
  throw new TestkitError(
    'TM_TESTKIT_BINARY_MISSING',
    `${name} is not installed: apt-get install -y ${debianPackage}`,
  );
}
