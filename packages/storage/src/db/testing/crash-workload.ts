// The workload of the crash test, shared by the child that gets killed and the test that checks
// what survived: batch i writes SERIES_PER_BATCH samples at t = i * STEP_MS, plus one sample of a
// series created by that batch alone, so a half-applied batch would show up as missing samples
// or a series without its sample.

import { labelsFromRecord } from '../../labels/labels.js';
import { createMatcher } from '../../labels/matchers.js';
import type { Labels } from '../../types.js';
import type { DB } from '../db.js';

export const SERIES_PER_BATCH = 40;
export const STEP_MS = 1000;
export const BLOCK_RANGE_MS = 20 * STEP_MS;

const shared: Labels[] = Array.from({ length: SERIES_PER_BATCH }, (_, k) =>
  labelsFromRecord({ __name__: 'crash_test_value', job: 'crash', series: String(k) }),
);

export function batchValue(batch: number, series: number): number {
  return batch * 1000 + series + 0.25;
}

export async function writeBatch(db: DB, batch: number): Promise<void> {
  const app = db.appender();
  const t = batch * STEP_MS;
  for (let k = 0; k < SERIES_PER_BATCH; k++) app.append(shared[k] as Labels, t, batchValue(batch, k));
  app.append(labelsFromRecord({ __name__: 'crash_test_batch', batch: String(batch) }), t, batch);
  await app.commit();
}

/** Every batch found, with whether each is whole; throws on a sample that should not exist. */
export function readBatches(db: DB): Map<number, { samples: number; marker: boolean }> {
  const found = new Map<number, { samples: number; marker: boolean }>();
  const q = db.querier(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  try {
    for (const s of q.select([createMatcher('=', '__name__', 'crash_test_value')])) {
      const k = Number(s.labels.find((l) => l.name === 'series')?.value);
      const it = s.iterator();
      while (it.next()) {
        const batch = it.t / STEP_MS;
        if (it.v !== batchValue(batch, k)) throw new Error(`series ${k} at batch ${batch} holds ${it.v}`);
        const entry = found.get(batch) ?? { samples: 0, marker: false };
        entry.samples++;
        found.set(batch, entry);
      }
      if (it.err()) throw it.err();
    }
    for (const s of q.select([createMatcher('=', '__name__', 'crash_test_batch')])) {
      const batch = Number(s.labels.find((l) => l.name === 'batch')?.value);
      const it = s.iterator();
      let n = 0;
      while (it.next()) {
        if (it.t !== batch * STEP_MS || it.v !== batch)
          throw new Error(`marker of batch ${batch} holds ${it.t}=${it.v}`);
        n++;
      }
      if (n !== 1) throw new Error(`marker series of batch ${batch} has ${n} samples`);
      const entry = found.get(batch) ?? { samples: 0, marker: false };
      entry.marker = true;
      found.set(batch, entry);
    }
  } finally {
    q.close();
  }
  return found;
}
