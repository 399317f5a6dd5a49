import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AGGREGATION_WARNING_CODES } from './aggregate/warnings.js';
import { WARNING_BITS, WARNING_CODES } from './warnings.js';

const srcDir = fileURLToPath(new URL('../../src/', import.meta.url));

function sources(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sources(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push(path);
  }
  return files;
}

describe('WARNING_CODES', () => {
  it('has a distinct TELEMETER_W_* code per kind', () => {
    const codes = Object.values(WARNING_CODES);
    assert.equal(new Set(codes).size, codes.length);
    assert.ok(codes.every((c) => /^TELEMETER_W_[A-Z_]+$/.test(c)));
  });

  it('has a distinct bit per metric warning kind', () => {
    const bits = Object.values(WARNING_BITS);
    assert.equal(
      bits.reduce((a, b) => a | b, 0),
      (1 << bits.length) - 1,
    );
    for (const kind of Object.keys(WARNING_BITS)) assert.ok(kind in WARNING_CODES, kind);
  });

  it('is the only place a warning code is spelled out in the sources', () => {
    const spelled = new Map<string, string[]>();
    for (const path of sources(srcDir)) {
      if (path.endsWith(`${join('src', 'warnings.ts')}`)) continue;
      for (const m of readFileSync(path, 'utf8').matchAll(/TELEMETER_W_[A-Z_]+/g)) {
        spelled.set(path, [...(spelled.get(path) ?? []), m[0]]);
      }
    }
    assert.deepEqual(Object.fromEntries(spelled), {});
  });

  it('contains every aggregation code', () => {
    const all = new Set<string>(Object.values(WARNING_CODES));
    for (const code of Object.values(AGGREGATION_WARNING_CODES)) assert.ok(all.has(code), code);
  });
});
