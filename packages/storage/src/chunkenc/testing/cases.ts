// The one case suite every chunk encoding runs (xor.test.ts, packed.test.ts, sealed.test.ts):
// shapes that stress each codec's edges, plus the value rules every encoding must keep
// (bit-exact except that a non-stale NaN may come back as another non-stale NaN).

import { STALE_NAN } from '../../value.js';

export interface SampleCase {
  readonly name: string;
  readonly ts: readonly number[];
  readonly vs: readonly number[];
}

const STEP = 15_000;
const T0 = 1_793_491_200_000;

/** Deterministic PRNG (mulberry32) so cases are the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function grid(n: number, jitter = 0, seed = 1, t0 = T0, step = STEP): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => t0 + i * step + Math.floor(r() * (jitter + 1)));
}

function make(name: string, ts: readonly number[], vs: readonly number[]): SampleCase {
  return { name, ts, vs };
}

export function sampleCases(): SampleCase[] {
  const r = rng(42);
  const cases: SampleCase[] = [];
  cases.push(make('single sample', [T0], [1]));
  cases.push(make('two samples', [T0, T0 + STEP], [1, 2]));
  cases.push(make('three samples, special values', [T0, T0 + 1, T0 + 2], [NaN, -0, STALE_NAN]));
  cases.push(make('constant', grid(120), Array(120).fill(1)));
  cases.push(make('constant zero, jittered', grid(120, 50), Array(120).fill(0)));
  cases.push(make('constant NaN', grid(50), Array(50).fill(NaN)));
  cases.push(make('constant stale markers', grid(50), Array(50).fill(STALE_NAN)));
  cases.push(make('constant -0', grid(30), Array(30).fill(-0)));
  let c = 0;
  cases.push(
    make(
      'counter with resets',
      grid(480, 50, 2),
      Array.from({ length: 480 }, (_, i) => (i % 170 === 0 ? (c = 0) : (c += Math.floor(r() * 40)))),
    ),
  );
  cases.push(
    make(
      'jittered timestamps, gauge',
      grid(240, 50, 3),
      Array.from({ length: 240 }, () => r() * 100),
    ),
  );
  const gappy = grid(200, 20, 4).filter((_, i) => i % 37 !== 5 && i % 53 !== 7);
  cases.push(
    make(
      'missed scrapes',
      gappy,
      gappy.map((_, i) => i),
    ),
  );
  const late = grid(100, 10, 5);
  late[40]! += 7_000;
  late[41]! += 9_000;
  cases.push(
    make(
      'late scrapes',
      late,
      late.map((_, i) => i % 3),
    ),
  );
  cases.push(
    make(
      'large gaps',
      [0, 1, 2, 3_600_000, 3_600_001, 86_400_000 * 365, 86_400_000 * 366, 2 ** 50],
      [1, 2, 3, 4, 5, 6, 7, 8],
    ),
  );
  cases.push(
    make('negative timestamps', [-(2 ** 50), -1_000_000, -15_000, -1, 0, 1, 15_000], [1, 2, 3, 4, 5, 6, 7]),
  );
  const irregular: number[] = [];
  for (let t = T0, i = 0; i < 150; i++) irregular.push((t += 1 + Math.floor(r() * r() * 100_000)));
  cases.push(
    make(
      'irregular timestamps',
      irregular,
      irregular.map(() => Math.floor(r() * 10)),
    ),
  );
  cases.push(
    make('huge, tiny and denormal values', grid(10), [
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      Number.MIN_VALUE,
      -Number.MIN_VALUE,
      2.2250738585072014e-308,
      1e-300,
      1e300,
      5e-324,
      Number.EPSILON,
      -1e-310,
    ]),
  );
  cases.push(
    make('special values mixed in', grid(16), [
      1,
      -0,
      0,
      Infinity,
      -Infinity,
      NaN,
      STALE_NAN,
      2,
      STALE_NAN,
      3,
      -0,
      4,
      NaN,
      Infinity,
      5,
      STALE_NAN,
    ]),
  );
  cases.push(
    make(
      'stale marker ending a counter',
      grid(60),
      Array.from({ length: 60 }, (_, i) => (i === 59 ? STALE_NAN : i * 10)),
    ),
  );
  cases.push(
    make('integers near 2^53', grid(8), [
      2 ** 53 - 1,
      2 ** 53 - 2,
      -(2 ** 53 - 1),
      2 ** 53,
      2 ** 52 + 1,
      2 ** 51 - 1,
      2 ** 51,
      -(2 ** 51) + 1,
    ]),
  );
  cases.push(
    make(
      'decimals',
      grid(100, 50, 6),
      Array.from(
        { length: 100 },
        (_, i) => [0.1, 47.3, 0.002632278, 7711.130372, 12.5, 1e-9, 123456.789][i % 7]!,
      ),
    ),
  );
  cases.push(
    make(
      'decimals with float noise',
      grid(64),
      Array.from({ length: 64 }, (_, i) => (i % 5 === 0 ? 0.1 + 0.2 : i / 10)),
    ),
  );
  let sum = 0;
  cases.push(
    make(
      'growing float sum',
      grid(120, 50, 7),
      Array.from({ length: 120 }, () => (sum += r() * 0.01)),
    ),
  );
  cases.push(
    make(
      'random floats',
      grid(120),
      Array.from({ length: 120 }, () => (r() - 0.5) * 10 ** (r() * 40 - 20)),
    ),
  );
  cases.push(
    make(
      'page-multiple gauge',
      grid(120),
      Array.from({ length: 120 }, () => 4096 * (25_000 + Math.floor(r() * 500))),
    ),
  );
  cases.push(
    make(
      'quadratic',
      grid(90),
      Array.from({ length: 90 }, (_, i) => i * i * 3 + 7),
    ),
  );
  cases.push(
    make(
      'sign flips',
      grid(40),
      Array.from({ length: 40 }, (_, i) => (i % 2 ? -1 : 1) * (i + 0.5)),
    ),
  );
  return cases;
}
