// /api/v1/status/tsdb: Prometheus's cardinality page, from one pass over the head's series labels
// (what Prometheus's MemPostings.Stats counts) plus the head's counters from db.stats().
import type { DB } from '@telemeter/storage';
import type { ApiRequest, ApiResponse } from '../http/types.js';
import { badData } from './errors.js';
import { parseGoInt } from './go-number.js';
import { successJson } from './response.js';

export interface TsdbStat {
  readonly name: string;
  readonly value: number;
}

/** Prometheus's TSDBStatus: head counters and the top `limit` of four cardinality rankings. */
export interface TsdbStatus {
  readonly headStats: {
    readonly numSeries: number;
    readonly numLabelPairs: number;
    readonly chunkCount: number;
    readonly minTime: number;
    readonly maxTime: number;
  };
  readonly seriesCountByMetricName: TsdbStat[];
  readonly labelValueCountByLabelName: TsdbStat[];
  /** Bytes of label values held per label name: each value's UTF-8 length times its series. */
  readonly memoryInBytesByLabelName: TsdbStat[];
  readonly seriesCountByLabelValuePair: TsdbStat[];
}

/** How many entries each ranking lists unless `limit` says otherwise (Prometheus: 10). */
const DEFAULT_LIMIT = 10;
// An empty head reports Go's int64 extremes, which a double cannot spell: written as text.
const EMPTY_MIN_TIME = '9223372036854775807';
const EMPTY_MAX_TIME = '-9223372036854775808';

export function handleTsdbStatus(req: ApiRequest, db: DB): ApiResponse {
  const text = req.params.get('limit');
  let limit = DEFAULT_LIMIT;
  if (text !== null && text !== '') {
    const n = parseGoInt(text);
    if (n === undefined || n < 1) throw badData('limit must be a positive number');
    limit = n;
  }
  const status = tsdbStatus(db, limit);
  let json = JSON.stringify(status);
  if (!Number.isFinite(status.headStats.minTime)) {
    json = json.replace('"minTime":null', `"minTime":${EMPTY_MIN_TIME}`);
    json = json.replace('"maxTime":null', `"maxTime":${EMPTY_MAX_TIME}`);
  }
  return successJson(json);
}

/** The cardinality rankings of the head (ties broken by name, so answers are stable). */
export function tsdbStatus(db: DB, limit = DEFAULT_LIMIT): TsdbStatus {
  const head = db.stats().head;
  const byMetric = new TopK(limit);
  const valueCounts = new TopK(limit);
  const memory = new TopK(limit);
  const pairs = new TopK(limit);
  let numLabelPairs = 0;
  for (const [name, values] of headPostingCounts(db, head.minTime, head.maxTime)) {
    valueCounts.offer(name, values.size);
    numLabelPairs += values.size;
    let bytes = 0;
    for (const [value, series] of values) {
      pairs.offer(`${name}=${value}`, series);
      if (name === '__name__') byMetric.offer(value, series);
      bytes += Buffer.byteLength(value, 'utf8') * series;
    }
    memory.offer(name, bytes);
  }
  return {
    headStats: {
      numSeries: head.numSeries,
      numLabelPairs,
      chunkCount: head.numChunks,
      minTime: head.minTime,
      maxTime: head.maxTime,
    },
    seriesCountByMetricName: byMetric.result(),
    labelValueCountByLabelName: valueCounts.result(),
    memoryInBytesByLabelName: memory.result(),
    seriesCountByLabelValuePair: pairs.result(),
  };
}

/**
 * Series per label name and value over the head's time range: what the head's postings hold,
 * read through the public querier (its series' samples are never decoded). Blocks end where the
 * head begins, so they add nothing here.
 */
function headPostingCounts(db: DB, mint: number, maxt: number): Map<string, Map<string, number>> {
  const counts = new Map<string, Map<string, number>>();
  if (!(mint <= maxt)) return counts;
  const q = db.querier(mint, maxt);
  try {
    for (const series of q.select([{ type: '!=', name: '__name__', value: '' }])) {
      for (const { name, value } of series.labels) {
        let values = counts.get(name);
        if (values === undefined) {
          values = new Map();
          counts.set(name, values);
        }
        values.set(value, (values.get(value) ?? 0) + 1);
      }
    }
  } finally {
    q.close();
  }
  return counts;
}

/** The `k` largest values seen, in a bounded min-heap: a pass over a million pairs keeps only k. */
class TopK {
  private readonly heap: TsdbStat[] = [];
  constructor(private readonly k: number) {}

  offer(name: string, value: number): void {
    const heap = this.heap;
    const item = { name, value };
    if (heap.length < this.k) {
      heap.push(item);
      this.up(heap.length - 1);
    } else if (heap.length > 0 && less(heap[0] as TsdbStat, item)) {
      heap[0] = item;
      this.down(0);
    }
  }

  /** Largest first; equal values by name. */
  result(): TsdbStat[] {
    return [...this.heap].sort(
      (a, b) => b.value - a.value || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(h[i] as TsdbStat, h[parent] as TsdbStat)) return;
      [h[i], h[parent]] = [h[parent] as TsdbStat, h[i] as TsdbStat];
      i = parent;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < h.length && less(h[l] as TsdbStat, h[min] as TsdbStat)) min = l;
      if (r < h.length && less(h[r] as TsdbStat, h[min] as TsdbStat)) min = r;
      if (min === i) return;
      [h[i], h[min]] = [h[min] as TsdbStat, h[i] as TsdbStat];
      i = min;
    }
  }
}

/** Heap order: smaller value first; on equal values the later name is "smaller" (dropped first). */
function less(a: TsdbStat, b: TsdbStat): boolean {
  return a.value < b.value || (a.value === b.value && a.name > b.name);
}
