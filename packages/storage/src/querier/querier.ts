import { StorageError } from '../errors.js';
import { createMatcher } from '../labels/matchers.js';
import type { BlockReader, LabelMatcher, Querier, SampleIterator, SelectHints, Series } from '../types.js';
import { ChunkSeriesIterator } from './chunk-series-iterator.js';
import { planReaders, type ReaderPlan, ROLLUP_LABEL, rollupAggregateFor } from './rollup-plan.js';
import { type ReaderSelection, type SeriesChunks, selectSeriesChunks } from './series-set.js';

/**
 * A Querier over `readers` (blocks in any order, the head last) for samples in [mint, maxt]
 * (both inclusive). Series with equal labels in several readers are merged by timestamp; on
 * equal timestamps the reader later in the list wins. Nothing is decoded until a series'
 * iterator is used. The readers must stay open until `close()`.
 */
export function createQuerier(readers: readonly BlockReader[], mint: number, maxt: number): Querier {
  return new BlocksQuerier(readers, mint, maxt);
}

// A class rather than an object of closures: a caller's call sites then see the same method on
// every querier, where fresh closures per querier made optimized callers deoptimize each time.
class BlocksQuerier implements Querier {
  private closed = false;
  /** Label listings ignore hints: rollups only where no raw data is. */
  private defaultPlans: ReaderPlan[] | undefined;

  constructor(
    private readonly readers: readonly BlockReader[],
    readonly minTime: number,
    readonly maxTime: number,
  ) {}

  select(matchers: readonly LabelMatcher[], hints?: SelectHints): Series[] {
    this.assertOpen();
    if (matchers.length === 0) {
      throw new StorageError('TM_STORAGE_INVALID_MATCHER', 'select needs at least one matcher');
    }
    const mint = this.minTime;
    const maxt = this.maxTime;
    if (mint > maxt) return [];
    const aggregate = createMatcher('=', ROLLUP_LABEL, rollupAggregateFor(hints?.func));
    const rollupMatchers = [...matchers, aggregate];
    const selections: ReaderSelection[] = this.plansFor(hints?.maxResolutionMs ?? 0).map((p) =>
      p.isRollup
        ? { reader: p.reader, matchers: rollupMatchers, allowed: p.allowed, stripLabel: ROLLUP_LABEL }
        : { reader: p.reader, matchers, allowed: p.allowed },
    );
    return selectSeriesChunks(selections, mint, maxt).map((s) => new QueriedSeries(s, mint, maxt));
  }

  labelNames(matchers?: readonly LabelMatcher[]): string[] {
    this.assertOpen();
    const names = new Set<string>();
    for (const p of this.plansFor(0)) {
      const index = p.reader.index();
      if (matchers === undefined || matchers.length === 0) {
        for (const n of index.labelNames()) names.add(n);
      } else {
        for (const ref of index.postingsForMatchers(p.isRollup ? [...matchers, LAST] : matchers)) {
          for (const l of index.series(ref)?.labels ?? []) names.add(l.name);
        }
      }
      if (p.isRollup) names.delete(ROLLUP_LABEL);
    }
    return [...names].sort();
  }

  labelValues(name: string, matchers?: readonly LabelMatcher[]): string[] {
    this.assertOpen();
    const values = new Set<string>();
    for (const p of this.plansFor(0)) {
      if (p.isRollup && name === ROLLUP_LABEL) continue;
      const index = p.reader.index();
      if (matchers === undefined || matchers.length === 0) {
        for (const v of index.labelValues(name)) values.add(v);
      } else {
        for (const ref of index.postingsForMatchers(p.isRollup ? [...matchers, LAST] : matchers)) {
          for (const l of index.series(ref)?.labels ?? []) if (l.name === name) values.add(l.value);
        }
      }
    }
    return [...values].sort();
  }

  close(): void {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new StorageError('TM_STORAGE_CLOSED', 'querier is closed');
  }

  private plansFor(maxResolutionMs: number): ReaderPlan[] {
    if (maxResolutionMs > 0) return planReaders(this.readers, this.minTime, this.maxTime, maxResolutionMs);
    this.defaultPlans ??= planReaders(this.readers, this.minTime, this.maxTime);
    return this.defaultPlans;
  }
}

/** Every rollup series exists once per aggregate; listings read one of them. */
const LAST: LabelMatcher = { type: '=', name: ROLLUP_LABEL, value: 'last' };

class QueriedSeries implements Series {
  readonly labels;
  constructor(
    private readonly chunks: SeriesChunks,
    private readonly mint: number,
    private readonly maxt: number,
  ) {
    this.labels = chunks.labels;
  }

  iterator(): SampleIterator {
    return new ChunkSeriesIterator(this.chunks.parts, this.mint, this.maxt);
  }
}
