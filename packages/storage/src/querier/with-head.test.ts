import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openBlock } from '../block/block.js';
import { compactBlocks } from '../compact/compact.js';
import { Head } from '../head/head.js';
import { labelsFromRecord } from '../labels/labels.js';
import { createMatcher } from '../labels/matchers.js';
import { createQuerier } from './querier.js';
import { tempDir, writeSpecBlock } from './testing/disk-block.js';
import { drain, type Sample } from './testing/mem-block.js';

const tmp = tempDir('querier-head');
after(tmp.cleanup);
const up = [createMatcher('=', '__name__', 'up')];
const quiet = { warn: () => {}, info: () => {} };

async function headWith(samples: readonly Sample[]): Promise<Head> {
  const head = new Head({ samplesPerChunk: 7, logger: quiet });
  const app = head.appender();
  for (const [t, v] of samples) app.append(labelsFromRecord({ __name__: 'up', job: 'x' }), t, v);
  await app.commit();
  return head;
}

describe('querier over blocks and the head', () => {
  it('merges a block with the head, the head winning equal timestamps; tombstones in the head apply', async () => {
    const block = writeSpecBlock(join(tmp.dir, 'a'), {
      minTime: 0,
      maxTime: 100,
      series: [
        {
          labels: { __name__: 'up', job: 'x' },
          chunks: [Array.from({ length: 100 }, (_, t): Sample => [t, 1])],
        },
      ],
    });
    const head = await headWith(Array.from({ length: 101 }, (_, i): Sample => [50 + i, 2]));
    await head.deleteSeries(up, 140, 145);
    const samples = drain(createQuerier([block, head], 0, 1000).select(up)[0]!.iterator());
    const want: Sample[] = [
      ...Array.from({ length: 50 }, (_, t): Sample => [t, 1]),
      ...Array.from({ length: 101 }, (_, i): Sample => [50 + i, 2]).filter(([t]) => t < 140 || t > 145),
    ];
    assert.deepEqual(samples, want);
    block.close();
  });

  it('cuts a head range into a level-1 block holding exactly that range', async () => {
    const dir = join(tmp.dir, 'b');
    const head = await headWith(Array.from({ length: 300 }, (_, t): Sample => [t, t]));
    const meta = await compactBlocks([head.rangeReader(100, 199)], dir, {
      minTime: 100,
      maxTime: 200,
      level: 1,
    });
    const block = openBlock(join(dir, meta!.ulid));
    const samples = drain(createQuerier([block], 0, 1000).select(up)[0]!.iterator());
    assert.deepEqual(
      samples,
      Array.from({ length: 100 }, (_, i): Sample => [100 + i, 100 + i]),
    );
    assert.equal(block.meta.stats.numSamples, 100);
    block.close();
  });
});
