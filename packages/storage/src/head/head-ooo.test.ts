import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelsKey } from '../labels/labels.js';
import type { CommitResult } from '../types.js';
import { STALE_NAN } from '../value.js';
import { Head } from './head.js';
import { commitBatch, readAll, readSamples, series } from './testing/head-fixtures.js';

const a = series('m', { s: 'a' });
const b = series('m', { s: 'b' });

function result(appended: number, rejected: Partial<CommitResult['rejected']> = {}): CommitResult {
  return {
    appended,
    seriesCreated: 0,
    rejected: { out_of_order: 0, duplicate: 0, too_old: 0, invalid: 0, ...rejected },
  };
}

describe('head: out-of-order window', () => {
  it('without a window every older sample is out_of_order', async () => {
    const head = new Head();
    await commitBatch(head, [[a, 1000, 1]]);
    assert.deepEqual(await commitBatch(head, [[a, 999, 1]]), result(0, { out_of_order: 1 }));
  });

  it('keeps late samples within the window of the head maximum, rejects older ones', async () => {
    const head = new Head({ oooWindowMs: 100 });
    await commitBatch(head, [
      [a, 1000, 1],
      [b, 500, 1],
    ]);
    const res = await commitBatch(head, [
      [a, 950, 2], // kept
      [a, 900, 3], // kept: exactly at the bound
      [a, 899, 4], // out_of_order
      [b, 450, 5], // b's own last is 500, but the bound is the head's 1000 - 100
      [a, 950, 2], // identical re-send of a kept sample: silent
      [a, 950, 9], // duplicate
      [a, 1000, 7], // duplicate of the in-order sample
    ]);
    assert.deepEqual(res, result(2, { out_of_order: 2, duplicate: 2 }));
    assert.deepEqual(readSamples(head).get(labelsKey(a)), [
      [900, 3],
      [950, 2],
      [1000, 1],
    ]);
    assert.deepEqual([head.minTime, head.maxTime, head.numSamples], [500, 1000, 4]);
  });

  it('checks late samples against earlier samples of the same batch', async () => {
    const head = new Head({ oooWindowMs: 1000 });
    await commitBatch(head, [[a, 10, 0]]);
    const res = await commitBatch(head, [
      [a, 20, 1],
      [a, 30, 2],
      [a, 20, 1],
      [a, 20, 5],
      [a, 25, 3],
      [a, 25, 4],
      [a, 26, STALE_NAN],
    ]);
    assert.deepEqual(res, result(4, { duplicate: 2 }));
    assert.deepEqual(readSamples(head).get(labelsKey(a)), [
      [10, 0],
      [20, 1],
      [25, 3],
      [26, 'stale'],
      [30, 2],
    ]);
  });

  it('finds collisions with samples in closed chunks', async () => {
    const head = new Head({ oooWindowMs: 1000, samplesPerChunk: 2 });
    await commitBatch(head, [
      [a, 10, 1],
      [a, 20, 2],
      [a, 30, 3],
      [a, 40, 4],
      [a, 50, 5],
    ]);
    assert.deepEqual(
      await commitBatch(head, [
        [a, 20, 2],
        [a, 30, 9],
        [a, 35, 3.5],
      ]),
      result(1, { duplicate: 1 }),
    );
  });

  it('merges late samples into the chunk that follows them, keeping metas disjoint', async () => {
    const head = new Head({ oooWindowMs: 1000, samplesPerChunk: 3 });
    const inOrder: [typeof a, number, number][] = [];
    for (let t = 10; t <= 100; t += 10) inOrder.push([a, t, t]);
    await commitBatch(head, inOrder);
    assert.deepEqual(
      await commitBatch(head, [
        [a, 5, -5],
        [a, 15, -15],
        [a, 35, -35],
        [a, 65, -65],
        [a, 95, -95],
      ]),
      result(5),
    );
    const all = readAll(head);
    const ref = head.getRef(a) as number;
    const metas = head.index().series(ref)?.chunks ?? [];
    assert.deepEqual(
      metas.map((m) => [m.minTime, m.maxTime, m.numSamples]),
      [
        [5, 30, 5],
        [35, 60, 4],
        [65, 90, 4],
        [95, 100, 2],
      ],
    );
    const got = all.get(labelsKey(a))?.samples.map(([t]) => t);
    assert.deepEqual(got, [5, 10, 15, 20, 30, 35, 40, 50, 60, 65, 70, 80, 90, 95, 100]);
    assert.deepEqual([head.minTime, head.numSamples], [5, 15]);
  });

  it('range reader clips chunks to [mint, maxt] and lists only series with data there', async () => {
    const head = new Head({ oooWindowMs: 1000, samplesPerChunk: 3 });
    const batch: [typeof a, number, number][] = [];
    for (let t = 10; t <= 100; t += 10) batch.push([a, t, t]);
    batch.push([b, 500, 1]);
    await commitBatch(head, batch);
    await commitBatch(head, [
      [a, 15, -15],
      [a, 65, -65],
    ]);
    const range = head.rangeReader(15, 65);
    const got = readSamples(range);
    assert.deepEqual([...got.keys()], [labelsKey(a)]);
    assert.deepEqual(
      got.get(labelsKey(a))?.map(([t]) => t),
      [15, 20, 30, 40, 50, 60, 65],
    );
    assert.deepEqual(range.index().postingsForMatchers([{ type: '=', name: 's', value: 'b' }]), []);
    assert.deepEqual([range.meta.minTime, range.meta.maxTime], [15, 66]);
  });

  it('truncate drops late samples below mint with the chunks they belong to', async () => {
    const head = new Head({ oooWindowMs: 1000, samplesPerChunk: 2 });
    await commitBatch(head, [
      [a, 10, 1],
      [a, 20, 2],
      [a, 30, 3],
      [a, 40, 4],
    ]);
    await commitBatch(head, [
      [a, 5, 0],
      [a, 25, 2.5],
    ]);
    await head.truncate(21);
    assert.deepEqual(readSamples(head).get(labelsKey(a)), [
      [25, 2.5],
      [30, 3],
      [40, 4],
    ]);
    assert.deepEqual([head.minTime, head.numSamples], [25, 3]);
    assert.deepEqual(await commitBatch(head, [[a, 20, 9]]), result(0, { too_old: 1 }));
  });
});
