import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { MetricFamily } from '../types.js';
import { gzipStream } from './gzip.js';
import { formatJson } from './json.js';
import { formatOpenMetrics } from './openmetrics.js';
import { formatPrometheusText } from './prometheus-text.js';
import { streamExposition } from './stream.js';
import { counterFamily, histogramFamily, hostileFamilies } from './testing/families.js';

async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

/** 80% counters with 3 labels, 20% histograms with 11 buckets, like the serialization benchmark. */
function largeFamilies(series: number): MetricFamily[] {
  const counters = Math.floor(series * 0.8);
  const buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
  return [
    counterFamily({
      labelNames: ['method', 'route', 'status'],
      points: Array.from({ length: counters }, (_, i) => ({
        labelValues: ['GET', `/route/${i}`, String(200 + (i % 5))],
        value: i,
      })),
    }),
    histogramFamily({
      buckets,
      points: Array.from({ length: series - counters }, (_, i) => ({
        labelValues: [`/route/${i}`],
        cumulativeCounts: [...buckets.map((_, b) => b + i), 11 + i],
        sum: i * 0.1,
        count: 11 + i,
      })),
    }),
  ];
}

describe('streamExposition', () => {
  it('yields chunks that concatenate to the one-shot output of every format', async () => {
    const families = hostileFamilies();
    assert.equal(
      (await collect(streamExposition(families, 'prometheus', { chunkSeries: 3 }))).join(''),
      formatPrometheusText(families),
    );
    assert.equal(
      (await collect(streamExposition(families, 'openmetrics', { chunkSeries: 3 }))).join(''),
      formatOpenMetrics(families),
    );
    const json = (await collect(streamExposition(families, 'json', { chunkSeries: 3 }))).join('');
    assert.equal(json, JSON.stringify(formatJson(families)));
  });

  it('produces the same output for any chunk size (property)', async () => {
    const families = hostileFamilies();
    const expected = {
      prometheus: formatPrometheusText(families),
      openmetrics: formatOpenMetrics(families),
      json: JSON.stringify(formatJson(families)),
    };
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom('prometheus', 'openmetrics', 'json' as const),
        async (chunkSeries, format) => {
          const text = (await collect(streamExposition(families, format, { chunkSeries }))).join('');
          assert.equal(text, expected[format]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('splits by chunkSeries (family headers count as one) and lets setImmediate callbacks run between chunks', async () => {
    const families = [
      counterFamily({
        points: Array.from({ length: 10 }, (_, i) => ({ labelValues: ['GET', String(i)], value: i })),
      }),
    ];
    let turns = 0;
    const chunks: string[] = [];
    const turnsSeen: number[] = [];
    for await (const chunk of streamExposition(families, 'prometheus', { chunkSeries: 4 })) {
      chunks.push(chunk);
      turnsSeen.push(turns);
      // Runs before the next chunk only if the generator really waits for the event loop.
      setImmediate(() => turns++);
    }
    // 1 header + 10 series in chunks of 4: [header + 3], [4], [3].
    assert.deepEqual(
      chunks.map((c) => c.split('\n').length - 1),
      [5, 4, 3],
    );
    assert.deepEqual(turnsSeen, [0, 1, 2]);
  });

  it('writes an empty registry as one chunk (# EOF for OpenMetrics, nothing for text)', async () => {
    assert.deepEqual(await collect(streamExposition([], 'openmetrics')), ['# EOF\n']);
    assert.deepEqual(await collect(streamExposition([], 'prometheus')), []);
    assert.deepEqual(await collect(streamExposition([], 'json')), [
      '{"format":"telemeter-json","version":1,"families":[]}',
    ]);
  });

  it('rejects a bad chunkSeries with a typed error', async () => {
    for (const chunkSeries of [0, -1, 1.5, Number.NaN]) {
      await assert.rejects(collect(streamExposition([], 'json', { chunkSeries })), {
        code: 'TELEMETER_ERR_INVALID_CONFIG',
        message: /chunkSeries must be a whole number >= 1/,
      });
    }
  });

  it('rejects an unknown format with a message naming the valid ones', async () => {
    await assert.rejects(collect(streamExposition([], 'toString' as 'json')), {
      code: 'TELEMETER_ERR_INVALID_CONFIG',
    });
    await assert.rejects(
      collect(streamExposition([], 'xml' as 'json')),
      /use 'prometheus', 'openmetrics' or 'json'/,
    );
  });

  it('keeps the event loop responsive while streaming 100k series (max timer gap < 200 ms)', async () => {
    const families = largeFamilies(100_000);
    let last = performance.now();
    let maxGap = 0;
    let ticks = 0;
    const probe = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      ticks++;
    }, 5);
    let bytes = 0;
    let chunks = 0;
    try {
      for await (const chunk of streamExposition(families, 'prometheus')) {
        bytes += chunk.length;
        chunks++;
      }
    } finally {
      clearInterval(probe);
    }
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    assert.ok(chunks >= 100, `expected at least 100 chunks, got ${chunks}`);
    assert.ok(ticks > 0, 'the interval never ran while streaming');
    assert.ok(maxGap < 200, `event loop blocked for ${maxGap.toFixed(1)} ms`);
    assert.ok(bytes > 5_000_000);
  });
});

describe('gzipStream', () => {
  it('gzips streamed chunks into bytes that gunzip to the exposition', async () => {
    const families = hostileFamilies();
    const parts: Buffer[] = [];
    for await (const part of gzipStream(streamExposition(families, 'openmetrics', { chunkSeries: 2 })))
      parts.push(part as Buffer);
    const body = Buffer.concat(parts);
    assert.deepEqual([...body.subarray(0, 2)], [0x1f, 0x8b]);
    assert.equal(gunzipSync(body).toString('utf8'), formatOpenMetrics(families));
  });

  it('fails the gzip stream when the source fails', async () => {
    async function* failing(): AsyncGenerator<string> {
      yield 'a';
      throw new Error('collect failed');
    }
    await assert.rejects(async () => {
      for await (const _ of gzipStream(failing())) {
        // drain
      }
    }, /collect failed/);
  });
});
