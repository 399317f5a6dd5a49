import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openBlock } from '../block/block.js';
import { compactBlocks } from '../compact/compact.js';
import { Head } from '../head/head.js';
import { readSamples, series } from '../head/testing/head-fixtures.js';
import { labelsKey } from '../labels/labels.js';
import type { Labels } from '../types.js';
import { headRange } from './maintenance.js';

describe('headRange: the head as a block writer reads it at a cut', () => {
  it('writes the series with samples in the range, clipped, and none of the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'telemeter-head-range-'));
    try {
      const head = new Head();
      const inRange = series('m', { id: 'in' });
      const straddling = series('m', { id: 'straddling' });
      // More series without a sample in the range than the stream skips between two looks at the clock.
      const later = Array.from({ length: 1000 }, (_, i) => series('m', { id: `later-${i}` }));
      const app = head.appender();
      for (let t = 0; t < 100; t += 10) app.append(inRange, t, t);
      for (let t = 50; t < 200; t += 10) app.append(straddling, t, -t);
      for (const l of later) app.append(l, 150, 1);
      await app.commit();

      const meta = await compactBlocks([headRange(head, 0, 99)], dir, { minTime: 0, maxTime: 100, level: 1 });
      assert.ok(meta !== undefined);
      assert.equal(meta.stats.numSeries, 2);
      const block = openBlock(join(dir, meta.ulid));
      const key = (l: Labels) => labelsKey(l);
      assert.deepEqual(
        readSamples(block),
        new Map([
          [key(inRange), Array.from({ length: 10 }, (_, i) => [i * 10, i * 10])],
          [key(straddling), [50, 60, 70, 80, 90].map((t) => [t, -t])],
        ]),
      );
      block.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
