import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareLabels, labelsKey } from '../labels/labels.js';
import { type MemSeriesSpec, memBlock } from '../querier/testing/mem-block.js';
import type { BlockReader, IndexReader, SeriesEntry } from '../types.js';
import { streamSeriesChunks } from './series-stream.js';

/**
 * A reader whose refs are not in label order, as the head's are (creation order): allPostings
 * lists them shuffled and sortedByLabels really sorts.
 */
function shuffled(reader: BlockReader, seed: number): BlockReader {
  const index = reader.index();
  const refs = [...index.allPostings()];
  let x = seed;
  for (let i = refs.length - 1; i > 0; i--) {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = x % (i + 1);
    [refs[i], refs[j]] = [refs[j] as number, refs[i] as number];
  }
  const labelsOf = (ref: number) => (index.series(ref) as SeriesEntry).labels;
  const view: IndexReader = {
    postings: (name, value) => index.postings(name, value),
    allPostings: () => refs,
    postingsForMatchers: (matchers) => index.postingsForMatchers(matchers),
    series: (ref) => index.series(ref),
    labelNames: () => index.labelNames(),
    labelValues: (name) => index.labelValues(name),
    sortedByLabels: (some) => [...some].sort((a, b) => compareLabels(labelsOf(a), labelsOf(b))),
  };
  return {
    meta: reader.meta,
    index: () => view,
    chunks: () => reader.chunks(),
    tombstones: () => reader.tombstones(),
    sizeBytes: () => 0,
  };
}

/** Series `id` = from…to-1, one sample each at t = id whose value names the reader. */
function ids(from: number, to: number, reader: number): MemSeriesSpec[] {
  return Array.from({ length: to - from }, (_, k) => ({
    labels: { __name__: 'm', id: String(from + k) },
    chunks: [[[from + k, reader]]],
  }));
}

describe('streamSeriesChunks', () => {
  it('merges readers whose refs need sorting in many runs, in label order, parts in reader order', async () => {
    const readers = [
      shuffled(memBlock({ minTime: 0, maxTime: 20_000, series: ids(0, 9_000, 0) }), 7),
      memBlock({ minTime: 0, maxTime: 20_000, series: ids(6_000, 12_000, 1) }),
      shuffled(memBlock({ minTime: 0, maxTime: 20_000, series: ids(8_000, 15_000, 2) }), 11),
    ];
    const seen: string[] = [];
    let previous: SeriesEntry['labels'] | undefined;
    for await (const s of streamSeriesChunks(readers, 0, 20_000)) {
      if (previous !== undefined) assert.ok(compareLabels(previous, s.labels) < 0, 'strictly ascending');
      previous = s.labels;
      const id = Number(s.labels.find((l) => l.name === 'id')?.value);
      const holders = [id < 9_000, id >= 6_000 && id < 12_000, id >= 8_000].flatMap((has, r) =>
        has ? [r] : [],
      );
      const fromReaders = s.parts.map((p) => {
        const it = p.chunkReader.chunk(p.chunks[0] as NonNullable<(typeof p.chunks)[0]>).iterator();
        assert.ok(it.next());
        return it.v;
      });
      assert.deepEqual(fromReaders, holders, `parts of series ${id}`);
      seen.push(labelsKey(s.labels));
    }
    assert.equal(seen.length, 15_000);
  });

  it('leaves out series whose chunks are outside the range or wholly deleted', async () => {
    const reader = memBlock({
      minTime: 0,
      maxTime: 100,
      series: [
        { labels: { __name__: 'a' }, chunks: [[[5, 1]]] },
        { labels: { __name__: 'b' }, chunks: [[[50, 1]]], deleted: [{ minTime: 40, maxTime: 60 }] },
        { labels: { __name__: 'c' }, chunks: [[[90, 1]]] },
      ],
    });
    const names: string[] = [];
    for await (const s of streamSeriesChunks([shuffled(reader, 3)], 0, 80))
      names.push(s.labels[0]?.value ?? '');
    assert.deepEqual(names, ['a']);
  });
});
