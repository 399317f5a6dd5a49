// matchers → postings → series → chunk metas, per reader, then one sorted list across readers
// (tsdb/querier.go's blockQuerier + storage/merge.go's mergeGenericQuerier, without laziness at
// the series level: the Querier interface returns an array).

import { compareLabels } from '../labels/labels.js';
import type { BlockReader, ChunkMeta, Interval, LabelMatcher, Labels } from '../types.js';
import type { ChunkSeriesPart } from './chunk-series-iterator.js';
import { coveredBy } from './deleted-filter.js';
import { subtractIntervals, unionIntervals } from './intervals.js';

/** What to read from one reader. */
export interface ReaderSelection {
  readonly reader: BlockReader;
  /** Series to read; undefined reads every series (compaction). */
  readonly matchers: readonly LabelMatcher[] | undefined;
  /** Sorted, disjoint, inclusive parts of the query range this reader answers for. */
  readonly allowed: readonly Interval[];
  /** A label removed from every series (the rollup label); the list is re-sorted afterwards. */
  readonly stripLabel?: string;
}

/** A series with its chunks from every reader that holds it, parts in reader order. */
export interface SeriesChunks {
  readonly labels: Labels;
  readonly parts: ChunkSeriesPart[];
}

/**
 * The series of `selections` sorted by labels, equal label sets joined, for samples in
 * [mint, maxt] (iterators clip to that range themselves; what a selection may not answer for
 * inside it becomes part of its deleted intervals).
 */
export function selectSeriesChunks(
  selections: readonly ReaderSelection[],
  mint: number,
  maxt: number,
): SeriesChunks[] {
  let lists = selections.map((sel) => selectFromReader(sel, mint, maxt));
  // Pairwise merging of neighbours keeps the parts of a series in reader order.
  while (lists.length > 1) {
    const next: SeriesChunks[][] = [];
    for (let i = 0; i < lists.length; i += 2) {
      const b = lists[i + 1];
      next.push(b === undefined ? (lists[i] as SeriesChunks[]) : mergeSorted(lists[i] as SeriesChunks[], b));
    }
    lists = next;
  }
  return lists[0] ?? [];
}

/**
 * The one empty interval list every series without deletions shares: readers of `deleted` then
 * see one array shape from the first query on (a fresh `[]` per series costs an allocation, and
 * arrays of several shapes made optimized readers deoptimize during the first queries).
 */
const NO_INTERVALS: readonly Interval[] = [];

function selectFromReader(sel: ReaderSelection, mint: number, maxt: number): SeriesChunks[] {
  const { reader, allowed } = sel;
  const first = allowed[0];
  const last = allowed[allowed.length - 1];
  if (first === undefined || last === undefined) return [];
  const lo = first.minTime;
  const hi = last.maxTime;
  const gaps = subtractIntervals([{ minTime: mint, maxTime: maxt }], allowed);
  const index = reader.index();
  const tombstones = reader.tombstones();
  const chunkReader = reader.chunks();
  const refs = index.sortedByLabels(
    sel.matchers === undefined ? index.allPostings() : index.postingsForMatchers(sel.matchers),
  );

  const out: SeriesChunks[] = [];
  for (const ref of refs) {
    const entry = index.series(ref);
    if (entry === undefined) continue;
    const stones = tombstones.size > 0 ? tombstones.get(ref) : NO_INTERVALS;
    let deleted = stones.length === 0 ? gaps : gaps.length === 0 ? stones : unionIntervals(stones, gaps);
    if (deleted.length === 0) deleted = NO_INTERVALS;
    let chunks: ChunkMeta[] | undefined;
    for (const c of entry.chunks) {
      if (c.maxTime < lo || c.minTime > hi || coveredBy(deleted, c.minTime, c.maxTime)) continue;
      (chunks ??= []).push(c);
    }
    if (chunks === undefined) continue;
    const labels =
      sel.stripLabel === undefined ? entry.labels : entry.labels.filter((l) => l.name !== sel.stripLabel);
    out.push({ labels, parts: [{ chunkReader, chunks, deleted }] });
  }
  if (sel.stripLabel !== undefined) {
    // Removing a label can reorder series (a name sorting after it decides the order instead).
    out.sort((a, b) => compareLabels(a.labels, b.labels));
  }
  return out;
}

function mergeSorted(a: SeriesChunks[], b: SeriesChunks[]): SeriesChunks[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out: SeriesChunks[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as SeriesChunks;
    const y = b[j] as SeriesChunks;
    const c = compareLabels(x.labels, y.labels);
    if (c < 0) {
      out.push(x);
      i++;
    } else if (c > 0) {
      out.push(y);
      j++;
    } else {
      out.push({ labels: x.labels, parts: [...x.parts, ...y.parts] });
      i++;
      j++;
    }
  }
  while (i < a.length) out.push(a[i++] as SeriesChunks);
  while (j < b.length) out.push(b[j++] as SeriesChunks);
  return out;
}
