// The append policy written the plainest way, as the oracle for the head's property tests: one map
// of samples per series, every rule applied to one sample at a time in batch order.

import type { CommitResult, RejectReason } from '../../types.js';
import { isValidTimestamp, sameValue } from '../append-policy.js';
import { type Sample, sample } from './head-fixtures.js';

interface ModelSeries {
  lastT: number;
  lastV: number;
  samples: Map<number, number>;
}

export class ReferenceHead {
  private readonly series = new Map<string, ModelSeries>();
  minValidTime = Number.NEGATIVE_INFINITY;

  constructor(private readonly oooWindowMs: number) {}

  private get maxTime(): number {
    let max = Number.NEGATIVE_INFINITY;
    for (const s of this.series.values()) max = Math.max(max, s.lastT);
    return max;
  }

  /** Applies a whole batch; samples are [series key, t, v]. */
  commit(batch: readonly (readonly [string, number, number])[]): CommitResult {
    const rejected: Record<RejectReason, number> = { out_of_order: 0, duplicate: 0, too_old: 0, invalid: 0 };
    let appended = 0;
    let seriesCreated = 0;
    for (const [key, t, v] of batch) {
      if (!isValidTimestamp(t)) {
        rejected.invalid++;
        continue;
      }
      if (t < this.minValidTime) {
        rejected.too_old++;
        continue;
      }
      let s = this.series.get(key);
      if (s === undefined) {
        s = { lastT: t, lastV: v, samples: new Map([[t, v]]) };
        this.series.set(key, s);
        seriesCreated++;
        appended++;
        continue;
      }
      if (t > s.lastT) {
        s.lastT = t;
        s.lastV = v;
        s.samples.set(t, v);
        appended++;
      } else if (t === s.lastT) {
        if (!sameValue(s.lastV, v)) rejected.duplicate++;
      } else if (this.oooWindowMs > 0 && t >= this.maxTime - this.oooWindowMs) {
        const old = s.samples.get(t);
        if (old === undefined && !s.samples.has(t)) {
          s.samples.set(t, v);
          appended++;
        } else if (!sameValue(old as number, v)) {
          rejected.duplicate++;
        }
      } else {
        rejected.out_of_order++;
      }
    }
    return { appended, seriesCreated, rejected };
  }

  /** Forgets samples below mint and series left with none; mint becomes the lower bound. */
  truncate(mint: number): void {
    this.minValidTime = Math.max(this.minValidTime, mint);
    for (const [key, s] of this.series) {
      for (const t of [...s.samples.keys()]) if (t < mint) s.samples.delete(t);
      if (s.samples.size === 0) this.series.delete(key);
    }
  }

  contents(): Map<string, Sample[]> {
    const out = new Map<string, Sample[]>();
    for (const [key, s] of this.series) {
      const ts = [...s.samples.keys()].sort((x, y) => x - y);
      out.set(
        key,
        ts.map((t) => sample(t, s.samples.get(t) as number)),
      );
    }
    return out;
  }
}
