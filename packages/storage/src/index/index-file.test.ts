import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { CorruptionError, StorageError } from '../errors.js';
import { compareLabels, normalizeLabels } from '../labels/labels.js';
import { createMatcher, matchesLabels } from '../labels/matchers.js';
import type { ChunkMeta, LabelMatcher, Labels, MatchType } from '../types.js';
import { encodeFileHeader } from './file-header.js';
import { INDEX_MAGIC, INDEX_VERSION, TOC_BYTES } from './index-format.js';
import { IndexFileReader } from './index-reader.js';
import { IndexWriter } from './index-writer.js';

const FILE = 'block/index';
const NAMES = ['__name__', 'instance', 'job', 'le', 'zone'];

const labelsArb = fc
  .record(
    Object.fromEntries(
      NAMES.map((n) => [
        n,
        fc.oneof(fc.constantFrom('', 'a', 'b', 'api-1'), fc.string({ maxLength: 4, unit: 'binary' })),
      ]),
    ) as Record<string, fc.Arbitrary<string>>,
  )
  .map((r) => normalizeLabels(r));

const metasArb = fc
  .array(fc.tuple(fc.integer({ min: -1e12, max: 1e12 }), fc.nat(1e7), fc.nat(2 ** 40), fc.nat(500)), {
    maxLength: 5,
  })
  .map((raw) => {
    const metas: ChunkMeta[] = [];
    let t = 0;
    let ref = 0;
    raw.forEach(([start, len, refStep, n], i) => {
      const minTime = i === 0 ? start : t + 1 + (len % 1000);
      metas.push({ ref: (ref += refStep), minTime, maxTime: minTime + len, numSamples: n });
      t = minTime + len;
    });
    return metas;
  });

const seriesArb = fc.array(fc.tuple(labelsArb, metasArb), { maxLength: 40 }).map((list) => {
  list.sort((a, b) => compareLabels(a[0], b[0]));
  return list.filter(
    (s, i) => i === 0 || compareLabels((list[i - 1] as [Labels, ChunkMeta[]])[0], s[0]) !== 0,
  );
});

function build(series: readonly (readonly [Labels, readonly ChunkMeta[]])[]): Uint8Array {
  const w = new IndexWriter();
  for (const [labels, metas] of series) w.add(labels, metas);
  return w.encode();
}

describe('index file', () => {
  it('round-trips series, label names, values and postings', () => {
    fc.assert(
      fc.property(seriesArb, (series) => {
        const r = new IndexFileReader(build(series), FILE);
        assert.equal(r.numSeries, series.length);
        assert.deepEqual(
          [...r.allPostings()],
          series.map((_, i) => i),
        );
        series.forEach(([labels, metas], ref) => {
          assert.deepEqual(r.series(ref), { labels, chunks: metas });
        });
        assert.equal(r.series(series.length), undefined);
        const names = [...new Set(series.flatMap(([ls]) => ls.map((l) => l.name)))].sort();
        assert.deepEqual(r.labelNames(), names);
        for (const name of names) {
          const values = [
            ...new Set(series.flatMap(([ls]) => ls.filter((l) => l.name === name).map((l) => l.value))),
          ].sort();
          assert.deepEqual(r.labelValues(name), values);
          for (const value of values) {
            const expected = series.flatMap(([ls], i) =>
              ls.some((l) => l.name === name && l.value === value) ? [i] : [],
            );
            assert.deepEqual([...r.postings(name, value)], expected);
          }
        }
        assert.deepEqual([...r.postings('nope', 'x')], []);
        assert.deepEqual(r.labelValues('nope'), []);
      }),
      { numRuns: 150 },
    );
  });

  it('postingsForMatchers agrees with a brute-force filter', () => {
    const matcherArb = fc
      .tuple(
        fc.constantFrom<MatchType>('=', '!=', '=~', '!~'),
        fc.constantFrom(...NAMES),
        fc.constantFrom('', 'a', 'b', 'a|b', '.*', '.+', 'api-.*', 'api\\-1'),
      )
      .map(([t, n, v]) => createMatcher(t, n, v));
    fc.assert(
      fc.property(
        seriesArb,
        fc.array(matcherArb, { minLength: 1, maxLength: 3 }),
        (series, matchers: LabelMatcher[]) => {
          const r = new IndexFileReader(build(series), FILE);
          const expected = series.flatMap(([ls], i) => (matchesLabels(matchers, ls) ? [i] : []));
          assert.deepEqual([...r.postingsForMatchers(matchers)], expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses series out of label order or repeated', () => {
    const w = new IndexWriter();
    w.add(normalizeLabels({ __name__: 'b' }), []);
    assert.throws(() => w.add(normalizeLabels({ __name__: 'a' }), []), StorageError);
    assert.throws(() => w.add(normalizeLabels({ __name__: 'b' }), []), StorageError);
  });

  it('an empty index opens with no series', () => {
    const r = new IndexFileReader(new IndexWriter().encode(), FILE);
    assert.equal(r.numSeries, 0);
    assert.deepEqual(r.labelNames(), []);
    assert.deepEqual(r.postingsForMatchers([createMatcher('=~', 'job', '.*')]), []);
  });

  it('every bit flip and every truncation is a CorruptionError at open', () => {
    const bytes = build([
      [
        normalizeLabels({ __name__: 'up', job: 'api', instance: 'a:1' }),
        [{ ref: 9, minTime: 0, maxTime: 10, numSamples: 3 }],
      ],
      [
        normalizeLabels({ __name__: 'up', job: 'db' }),
        [{ ref: 70000, minTime: 5, maxTime: 6, numSamples: 2 }],
      ],
    ]);
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const bad = bytes.slice();
      bad[bit >> 3] = (bad[bit >> 3] as number) ^ (1 << (bit & 7));
      assert.throws(
        () => new IndexFileReader(bad, FILE),
        (e: unknown) => e instanceof CorruptionError && e.file === FILE,
        `bit ${bit}`,
      );
    }
    for (let n = 0; n < bytes.length; n++)
      assert.throws(() => new IndexFileReader(bytes.subarray(0, n), FILE), CorruptionError, `length ${n}`);
  });

  it('garbage sections behind valid checksums only ever throw a CorruptionError', () => {
    // Forge files whose header, TOC and section CRCs are right but whose payloads are random,
    // so the decoders themselves, not the checksums, meet the garbage.
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 24 }), { minLength: 6, maxLength: 6 }),
        fc.nat(12),
        (payloads, probe) => {
          const parts: Uint8Array[] = [encodeFileHeader(INDEX_MAGIC, INDEX_VERSION)];
          const toc = new DataView(new ArrayBuffer(TOC_BYTES));
          let offset = parts[0]!.length;
          payloads.forEach((p, i) => {
            toc.setBigUint64(i * 16, BigInt(offset));
            toc.setBigUint64(i * 16 + 8, BigInt(p.length));
            const crc = new Uint8Array(4);
            new DataView(crc.buffer).setUint32(0, crc32(p));
            parts.push(p, crc);
            offset += p.length + 4;
          });
          toc.setUint32(TOC_BYTES - 4, crc32(new Uint8Array(toc.buffer, 0, TOC_BYTES - 4)));
          parts.push(new Uint8Array(toc.buffer));
          const file = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
          let at = 0;
          for (const p of parts) {
            file.set(p, at);
            at += p.length;
          }
          try {
            const r = new IndexFileReader(file, FILE);
            r.series(probe);
            for (const name of r.labelNames()) for (const v of r.labelValues(name)) r.postings(name, v);
            r.postingsForMatchers([createMatcher('!=', 'x', 'y')]);
          } catch (e) {
            assert.ok(e instanceof CorruptionError, String(e));
          }
        },
      ),
    );
  });
});
