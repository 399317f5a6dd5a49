// The published declarations (dist/esm and dist/cjs) show the public API only: members marked
// @internal (slabs, drop counting, registry hooks) are stripped (stripInternal in both tsconfigs).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../', import.meta.url));

function declarations(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...declarations(path));
    else if (entry.name.endsWith('.d.ts') && !entry.name.endsWith('.test.d.ts')) files.push(path);
  }
  return files;
}

const builds = ['esm', 'cjs'].filter((build) => existsSync(join(dist, build, 'index.d.ts')));

describe('published declarations', () => {
  it('are built for esm', () => assert.ok(builds.includes('esm')));

  for (const build of builds) {
    const read = (file: string) => readFileSync(join(dist, build, file), 'utf8');

    it(`${build}: no @internal member is left`, () => {
      const leaks = declarations(join(dist, build)).filter((path) =>
        readFileSync(path, 'utf8').includes('@internal'),
      );
      assert.deepEqual(leaks, []);
    });

    it(`${build}: instruments expose no slabs, drop hooks or registry hooks`, () => {
      const exposed = (file: string, member: RegExp) =>
        assert.doesNotMatch(read(file), member, `${member} in ${build}/${file}`);
      exposed('counter.d.ts', /^\s+values\b/m);
      exposed('counter.d.ts', /keepExemplar|rejectIncrement/);
      exposed('gauge.d.ts', /^\s+values\b/m);
      exposed('histogram.d.ts', /^\s+(data|bounds|stride)\b/m);
      exposed('summary.d.ts', /^\s+windows\b|^\s+read\(/m);
      exposed('metric.d.ts', /^\s+(touched|slot|key|next)\b|\battach\(|\bdrop\(|\bwarnOnce\(/m);
      exposed('self-metrics.d.ts', /recordDrop/);
      // The public API is still there.
      assert.match(read('metric.d.ts'), /labels\(values: LabelValues<L>\): C;/);
      assert.match(read('counter.d.ts'), /incWithExemplar\(value: number, labels: Labels\): void;/);
      assert.match(read('self-metrics.d.ts'), /droppedSamples\(reason: DropReason\): number;/);
      // packages/kits counts overflows of its own series.
      assert.match(read('self-metrics.d.ts'), /recordOverflow\(metric: string\): void;/);
    });
  }
});
