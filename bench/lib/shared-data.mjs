// Where ../shared (beside the clone; /work/shared on the project's machines) keeps the shared
// benchmark data set and its generator, bench-data/gen-dataset.mjs.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const repoRoot = new URL('../..', import.meta.url).pathname;

/** The shared folder holding bench-data/gen-dataset.mjs, or undefined where there is none. */
export function sharedDir() {
  return [join(repoRoot, '..', 'shared'), '/work/shared'].find((d) =>
    existsSync(join(d, 'bench-data', 'gen-dataset.mjs')),
  );
}

/** The shared data set's generator script, or undefined. */
export function datasetGenerator() {
  const dir = sharedDir();
  return dir === undefined ? undefined : join(dir, 'bench-data', 'gen-dataset.mjs');
}
