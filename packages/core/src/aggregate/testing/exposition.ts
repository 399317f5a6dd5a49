/** Reading expositions back in the worker and cluster tests (not shipped: testing/ is excluded). */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseExposition } from '../../parser/parse-exposition.js';
import type { Labels } from '../../types.js';

/** The built package entry, imported by absolute path from scripts written to a temp dir. */
export const PACKAGE_ENTRY = fileURLToPath(new URL('../../index.js', import.meta.url));

/** The value of the one sample named `name` whose labels are exactly `labels`; undefined when absent. */
export function sample(text: string, name: string, labels: Labels = {}): number | undefined {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  const found: number[] = [];
  for (const family of parseExposition(text, { format: 'prometheus' })) {
    for (const s of family.samples) {
      if (s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === wanted) found.push(s.value);
    }
  }
  assert.ok(found.length <= 1, `${name}${JSON.stringify(labels)} appears ${found.length} times`);
  return found[0];
}

/** Every sample named `name`, as [labels, value]. */
export function samples(text: string, name: string): [Labels, number][] {
  const out: [Labels, number][] = [];
  for (const family of parseExposition(text, { format: 'prometheus' })) {
    for (const s of family.samples) if (s.name === name) out.push([s.labels, s.value]);
  }
  return out;
}

/** The exact "lower" rank quantile the sketch approximates: the observation of rank floor(q * (n - 1)). */
export function exactQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

/** Asserts `actual` is within 1% of `expected` (the sketch's guarantee). */
export function assertWithinOnePercent(actual: number | undefined, expected: number, what: string): void {
  assert.ok(actual !== undefined, `${what} is exposed`);
  assert.ok(
    Math.abs(actual - expected) <= 0.01 * Math.abs(expected),
    `${what}: ${actual} is not within 1% of ${expected}`,
  );
}

/** A temp dir holding `files`; `remove()` deletes it. */
export function scriptDir(files: Record<string, string>): {
  dir: string;
  path(name: string): string;
  remove(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), 'telemeter-aggregate-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return {
    dir,
    path: (name) => join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Resolves with `promise`, or rejects once `ms` have passed (a guard against a hang, not a measurement). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}
