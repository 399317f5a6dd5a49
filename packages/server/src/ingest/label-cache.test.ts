import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Label } from '@telemeter/storage';
import fc from 'fast-check';
import { LabelCache } from './label-cache.js';
import { canonicalLabels, labelProblem } from './label-rules.js';
import { plainLabels } from './labels-resolver.js';
import type { WriteRequest } from './write-request.js';
import { decodeWriteRequestColumns } from './write-request-decode.js';
import { encodeWriteRequest } from './write-request-encode.js';

/** What the cache must agree with: plain decoding, then the rules applied one series at a time. */
function reference(bytes: Uint8Array): string[] | string {
  try {
    const decoded = decodeWriteRequestColumns(bytes, plainLabels);
    return decoded.seriesLabels.map((pairs) => {
      for (const l of pairs) {
        const problem = labelProblem(l.name, l.value);
        if (problem !== undefined) throw new Error(problem);
      }
      return JSON.stringify(canonicalLabels([...pairs] as Label[]));
    });
  } catch {
    return 'error';
  }
}

function viaCache(cache: LabelCache, bytes: Uint8Array): string[] | string {
  try {
    return decodeWriteRequestColumns(bytes, cache).seriesLabels.map((l) => JSON.stringify(l));
  } catch {
    return 'error';
  }
}

describe('LabelCache', () => {
  it('gives the same labels as uncached decoding, across requests, evictions and arena resets', () => {
    const label = fc.record(
      {
        name: fc.constantFrom('__name__', 'job', 'instance', 'le', 'x1', '1x', ''),
        value: fc.constantFrom('', 'a', 'up', 'node', 'host:9100', 'bad-name', '0.5'),
      },
      { noNullPrototype: true },
    );
    const request: fc.Arbitrary<WriteRequest> = fc.record(
      {
        timeseries: fc.array(
          fc.record(
            { labels: fc.array(label, { maxLength: 5 }), samples: fc.constant([{ value: 1, timestamp: 1 }]) },
            { noNullPrototype: true },
          ),
          { maxLength: 6 },
        ),
      },
      { noNullPrototype: true },
    );
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 8 }), (requests) => {
        // Four slots per table and arenas of a few hundred bytes: every path of the tables runs.
        const tiny = new LabelCache({ seriesSlots: 4, labelSlots: 4 });
        const big = new LabelCache();
        for (const req of requests) {
          const bytes = encodeWriteRequest(req);
          const want = reference(bytes);
          assert.deepEqual(viaCache(tiny, bytes), want);
          assert.deepEqual(viaCache(big, bytes), want);
          // Again, now warm.
          assert.deepEqual(viaCache(tiny, bytes), want);
          assert.deepEqual(viaCache(big, bytes), want);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('checks the series it guesses comes next: same-length series in a changed order get their own labels', () => {
    const series = (job: string, instance: string) => ({
      labels: [
        { name: '__name__', value: 'up' },
        { name: 'instance', value: instance },
        { name: 'job', value: job },
      ],
      samples: [{ value: 1, timestamp: 1 }],
    });
    // All the same length; b, c and d each differ from a in one byte, each somewhere else.
    const a = series('node', 'host-1:9100');
    const b = series('node', 'host-2:9100');
    const c = series('nodf', 'host-1:9100');
    const d = series('node', 'host-1:9101');
    const cache = new LabelCache();
    for (const order of [
      [a, b, c],
      [a, c, b],
      [a, d, b, c],
      [b, a, d],
      [a, b, c],
    ]) {
      const bytes = encodeWriteRequest({ timeseries: order });
      assert.deepEqual(viaCache(cache, bytes), reference(bytes));
    }
  });
});
