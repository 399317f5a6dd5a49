import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XorChunk } from '../chunkenc/xor.js';
import { labelsKey } from '../labels/labels.js';
import { Head } from './head.js';
import { commitBatch, readSamples, series } from './testing/head-fixtures.js';

const a = series('up', { job: 'api', instance: '1' });
const b = series('up', { job: 'api', instance: '2' });
const c = series('up', { job: 'db' });
const d = series('errors_total', { job: 'api' });

async function filled(): Promise<Head> {
  const head = new Head({ samplesPerChunk: 2 });
  // Created in an order unlike label order, so refs do not sort like labels.
  await commitBatch(head, [
    [d, 1, 1],
    [c, 1, 1],
    [b, 1, 1],
    [a, 1, 1],
  ]);
  await commitBatch(head, [
    [a, 2, 2],
    [a, 3, 3],
    [a, 4, 4],
    [a, 5, 5],
  ]);
  return head;
}

describe('head as a BlockReader', () => {
  it('answers matchers, label names and values from the in-memory postings', async () => {
    const head = await filled();
    const index = head.index();
    const ref = (l: typeof a) => head.getRef(l) as number;
    assert.deepEqual(
      index.postingsForMatchers([{ type: '=', name: 'job', value: 'api' }]),
      [ref(d), ref(b), ref(a)].sort((x, y) => x - y),
    );
    assert.deepEqual(
      index.postingsForMatchers([
        { type: '=', name: '__name__', value: 'up' },
        { type: '=', name: 'instance', value: '' },
      ]),
      [ref(c)],
    );
    assert.deepEqual(index.postings('job', 'db'), [ref(c)]);
    assert.deepEqual(index.allPostings().length, 4);
    assert.deepEqual(index.labelNames(), ['__name__', 'instance', 'job']);
    assert.deepEqual(index.labelValues('job'), ['api', 'db']);
    assert.deepEqual(index.sortedByLabels(index.allPostings()), [ref(d), ref(a), ref(b), ref(c)]);
    assert.equal(index.series(999), undefined);
    assert.deepEqual(index.series(ref(c))?.labels, c);
    assert.deepEqual(head.meta.ulid, 'head');
    assert.deepEqual(
      [head.meta.minTime, head.meta.maxTime, head.meta.resolutionMs, head.sizeBytes()],
      [1, 6, 0, 0],
    );
    assert.deepEqual(head.meta.stats, { numSeries: 4, numSamples: 8, numChunks: 6 });
  });

  it('chunk refs stay valid across a truncate that drops earlier chunks', async () => {
    const head = await filled();
    const ref = head.getRef(a) as number;
    const metas = head.index().series(ref)?.chunks ?? [];
    assert.deepEqual(
      metas.map((m) => [m.minTime, m.maxTime]),
      [
        [1, 2],
        [3, 4],
        [5, 5],
      ],
    );
    await head.truncate(3);
    const reader = head.chunks();
    const last = metas[2];
    assert.ok(last !== undefined);
    const it = reader.chunk(last).iterator();
    assert.deepEqual([it.next(), it.t, it.v, it.next()], [true, 5, 5, false]);
    const dropped = metas[0] as (typeof metas)[0];
    assert.equal(
      reader.chunk(dropped).numSamples,
      2,
      'a meta read before the truncate still reads its chunk',
    );
    const bare = {
      ref: dropped.ref,
      minTime: dropped.minTime,
      maxTime: dropped.maxTime,
      numSamples: dropped.numSamples,
    };
    assert.equal(reader.chunk(bare).numSamples, 0, 'looked up by ref, a dropped chunk reads as empty');
    const stillThere = { ...last, chunk: undefined };
    assert.equal(reader.chunk(stillThere).numSamples, 1, 'looked up by ref after the truncate');
    assert.deepEqual(readSamples(head).get(labelsKey(a)), [
      [3, 3],
      [4, 4],
      [5, 5],
    ]);
    assert.equal(head.numSeries, 1);
  });

  it('a chunk meta shows the samples present when it was taken, however late it is read', async () => {
    const head = new Head({ samplesPerChunk: 3 });
    await commitBatch(head, [
      [a, 1, 1],
      [a, 2, 2],
    ]);
    const metas = head.index().series(head.getRef(a) as number)?.chunks ?? [];
    await commitBatch(head, [
      [a, 3, 3],
      [a, 4, 4],
    ]);
    assert.deepEqual(
      metas.map((m) => m.numSamples),
      [2],
    );
    const chunk = head.chunks().chunk(metas[0] as (typeof metas)[0]);
    const it = chunk.iterator();
    const seen: number[] = [];
    while (it.next()) seen.push(it.t);
    assert.deepEqual(seen, [1, 2]);
    assert.deepEqual([chunk.numSamples, it.seek(2), it.t, it.seek(3)], [2, true, 2, false]);
    assert.equal(XorChunk.fromBytes(chunk.bytes()).numSamples, 2);
  });

  it('an open chunk read before an append sees only the samples present then', async () => {
    const head = new Head();
    await commitBatch(head, [[a, 1, 1]]);
    const meta = head.index().series(head.getRef(a) as number)?.chunks[0];
    assert.ok(meta !== undefined);
    const it = head.chunks().chunk(meta).iterator();
    await commitBatch(head, [[a, 2, 2]]);
    assert.deepEqual([it.next(), it.t, it.next()], [true, 1, false]);
  });
});
