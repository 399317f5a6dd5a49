// V8 optimizes the commit path during a head's first commit, which (in a scrape loop) creates every
// series; the next commits take branches that optimized code has never seen, so it is thrown away
// and each of those scrapes runs thousands of samples in the interpreter before the code is rebuilt
// (measured 3-7 µs a sample for the second and third scrape of 10k series, against ~0.2 µs after).
// Running every branch once on a throwaway head gives V8 the type feedback up front: it costs well
// under a millisecond, once per process.

import type { Labels } from '../types.js';
import type { Head } from './head.js';
import type { HeadWal } from './head-wal.js';

const RESOLVED = Promise.resolve();

/** A log that keeps nothing, so the seeding head encodes records as a real one would. */
export const DISCARDING_WAL: HeadWal = {
  log: () => RESOLVED,
  replay: () => {},
  segmentRange: () => ({ first: 0, last: 0 }),
  cutSegment: () => 0,
  checkpoint: () => {},
};

let seeded = false;

export function seedCommitPath(makeHead: () => Head): void {
  if (seeded) return;
  seeded = true;
  try {
    const head = makeHead();
    const a: Labels = [{ name: '__name__', value: 'seed_a' }];
    const b: Labels = [{ name: '__name__', value: 'seed_b' }];
    const batches: [Labels, number, number][][] = [
      [
        [a, 1000, 1],
        [b, 1000, 0.5],
      ],
      [
        [a, 2000, 2],
        [b, 2000, 1e300],
        [a, 2000, 3],
        [b, 1500, 7],
      ],
      [
        [a, 3000, -0],
        [b, 3000, 1.25],
        [a, 3000, -0],
        [b, 10, 1],
        [a, Number.NaN, 1],
      ],
      [
        [a, 4000, 4],
        [b, 4000, 4],
      ],
    ];
    for (const batch of batches) {
      const app = head.appender();
      for (const [labels, t, v] of batch) app.append(labels, t, v);
      void app.commit();
    }
    head.close();
  } catch {
    // Only a speed-up: a failure here must not stop a head from opening.
  }
}
