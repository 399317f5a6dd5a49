// A small in-memory storage for the engine's tests: a storage Head filled from compact series specs.
import { createQuerier, Head, labelsFromRecord } from '@telemeter/storage';
import type { Queryable } from '../engine.js';

export interface SeriesSpec {
  readonly labels: Readonly<Record<string, string>>;
  /** [timestampMs, value] pairs in ascending time. */
  readonly samples: readonly (readonly [number, number])[];
}

/** Samples at start, start + step, ...; `undefined` leaves a gap. */
export function every(
  startMs: number,
  stepMs: number,
  values: readonly (number | undefined)[],
): [number, number][] {
  const out: [number, number][] = [];
  values.forEach((v, i) => {
    if (v !== undefined) out.push([startMs + i * stepMs, v]);
  });
  return out;
}

export async function memoryQueryable(specs: readonly SeriesSpec[]): Promise<Queryable> {
  const head = new Head({});
  const app = head.appender();
  for (const spec of specs) {
    const labels = labelsFromRecord(spec.labels);
    for (const [t, v] of spec.samples) app.append(labels, t, v);
  }
  await app.commit();
  return { querier: (mint, maxt) => createQuerier([head], mint, maxt) };
}
