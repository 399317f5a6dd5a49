import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { encodeSealed } from '../chunkenc/sealed.js';
import { assertSamples } from '../chunkenc/testing/compare.js';
import type { Chunk } from '../types.js';
import { PAGE_HEADER_BYTES } from './chunks-format.js';
import { ChunksFileReader } from './chunks-reader.js';
import { AsyncChunksWriter, ChunksWriter } from './chunks-writer.js';
import { decompressPage } from './page-codec.js';

let dir: string;
let n = 0;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'tm-chunks-ref-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));
const nextPath = (): string => join(dir, `chunks-${n++}`);

/** 3 targets with jittered scrapes, 4 series each (counters and two-decimal gauges), 80 samples. */
function fixtureSeries(): { ts: number[]; vs: number[] }[] {
  const out: { ts: number[]; vs: number[] }[] = [];
  for (let target = 0; target < 3; target++) {
    const ts = Array.from(
      { length: 80 },
      (_, i) => 1_700_000_000_000 + target * 1_000 + i * 15_000 + ((i * 7 + target * 13) % 50),
    );
    for (let s = 0; s < 4; s++) {
      const vs = ts.map((_, i) =>
        s % 2 === 0 ? i * (s + 1) + target : Math.round(Math.sin(i + s) * 1000) / 100,
      );
      out.push({ ts, vs });
    }
  }
  return out;
}

/** fixtureSeries() in chunks of 40 samples, as encodeSealed seals them. */
function fixtureChunks(): { chunk: Chunk; ts: number[]; vs: number[] }[] {
  return fixtureSeries().flatMap(({ ts, vs }) =>
    [0, 40].map((s) => ({
      chunk: encodeSealed(ts, vs, s, s + 40),
      ts: ts.slice(s, s + 40),
      vs: vs.slice(s, s + 40),
    })),
  );
}

// fixtureChunks() written by the chunks writer before time sections were shared (every chunk
// stored whole as PACKED, one Brotli page), and the refs it returned.
const V1_FILE = Buffer.from(
  'VE1DSAFftNj0AgAABVYAAAGtgagqACCDeFna62TwQYyA//+dHEhhnkUW9M0rTGYDm03sds4TGNuAds5YA3Vzma++1lIGvoRpOaHExp77K+fXvyBhBHVzcfBhEgIAEwGEgPBGnF04TfH3dzeHrvaRETbW/0uI+iqJDOLjAbWfMvZRFcMPiy+BQV/ugcUnUUhYiuWafNKfaVZWki7jAcsRIbz1A77Ivo1KhLJa5Dp4+98F14b7u03o8sKMDYQfDlatEXas2hnSG76PePCr/avoxw8J2YQzWr3Pl6kRnNJXs+8lCg3FmwcbIvsxHAFVYs5qSlwT1dNtxizFf1Hv9neUdR6Q/HGReXapB3TzNe/T+mkyAwjwMZxONm9VwXDU4tznBXpH4Oz5wGuHJ5M6N7A+BHerEjdH5ElYyR78a/I7kSjF8ZB5+9FRBEu36Rf13GB6EvxNPEAi7yspXmcvx3uepJcA3bks/CFMXcXvgfvgw0L85Swn2KH9QQbd3VwcvPSYjaAWTxJcxWDKkxITPCaqlzKW0NApni5cC/F3N4wkvUPv+wx1cfBhIdJjtoJePEtwFYM5D8pfBzFRvZWtJSQAdnkjaA==',
  'base64',
);
const V1_REFS = [
  589824, 589854, 589884, 589968, 590052, 590082, 590112, 590196, 590280, 590308, 590338, 590422, 590506,
  590536, 590566, 590650, 590734, 590764, 590794, 590878, 590962, 590992, 591022, 591106,
];

/** Encoding ids of the records in each page of a chunks file. */
function recordEncodings(file: Uint8Array): number[] {
  const out: number[] = [];
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  for (let at = 9; at < file.length; ) {
    const stored = view.getUint32(at + 5);
    const body = file.subarray(at + PAGE_HEADER_BYTES, at + PAGE_HEADER_BYTES + stored);
    const page = decompressPage(file[at]!, body, view.getUint32(at + 1));
    for (let p = 0; p < page.length; ) {
      out.push(page[p++]!);
      let len = 0;
      for (let mul = 1; ; mul *= 0x80) {
        const b = page[p++]!;
        len += (b & 0x7f) * mul;
        if (b < 0x80) break;
      }
      p += len;
    }
    at += PAGE_HEADER_BYTES + stored + 4;
  }
  return out;
}

describe('chunks files with shared time sections', () => {
  it('still reads a file written before time sections were shared', () => {
    const path = nextPath();
    writeFileSync(path, V1_FILE);
    assert.ok(recordEncodings(V1_FILE).every((e) => e === 2));
    const r = new ChunksFileReader(path);
    fixtureChunks().forEach(({ ts, vs }, i) => {
      const chunk = r.chunk({ ref: V1_REFS[i]!, minTime: 0, maxTime: 0, numSamples: 0 });
      assertSamples(chunk.iterator(), ts, vs, 0, ts.length, `chunk ${i}`);
    });
    r.close();
  });

  it('writes that old form byte for byte when sharing is off', () => {
    const path = nextPath();
    const w = new ChunksWriter(path, undefined, { shareTimeSections: false });
    const refs = fixtureChunks().map(({ chunk }) => w.add(chunk));
    w.finish();
    assert.deepEqual(refs, V1_REFS);
    assert.deepEqual(new Uint8Array(readFileSync(path)), new Uint8Array(V1_FILE));
  });

  it('shares sections by default, reads every chunk back exactly, and both writers agree', async () => {
    const input = fixtureChunks();
    const path = nextPath();
    const w = new ChunksWriter(path);
    const refs = input.map(({ chunk }) => w.add(chunk));
    w.finish();
    const file = readFileSync(path);
    // Per target, the first series' two chunks keep their sections; the other six refer to them.
    const encodings = recordEncodings(file);
    assert.equal(encodings.filter((e) => e === 3).length, 18);
    const plain = new ChunksWriter(nextPath(), undefined, { shareTimeSections: false });
    for (const { chunk } of input) plain.add(chunk);
    plain.finish();
    assert.ok(w.stats.rawBytes < plain.stats.rawBytes * 0.8, `${w.stats.rawBytes} raw bytes`);

    const asyncPath = nextPath();
    const aw = await AsyncChunksWriter.create(asyncPath);
    const pending = input.map(({ chunk }) => {
      const meta = { ref: 0 };
      aw.add(chunk, meta);
      return meta;
    });
    await aw.finish();
    assert.deepEqual(
      pending.map((m) => m.ref),
      refs,
    );
    assert.deepEqual(new Uint8Array(readFileSync(asyncPath)), new Uint8Array(file));

    const r = new ChunksFileReader(path, 1);
    // Backwards first: every reference is read before the section it points at was decoded.
    for (const i of [...input.keys()].reverse().concat([...input.keys()])) {
      const { chunk, ts, vs } = input[i]!;
      const got = r.chunk({ ref: refs[i]!, minTime: 0, maxTime: 0, numSamples: 0 });
      assertSamples(got.iterator(), ts, vs, 0, ts.length, `chunk ${i}`);
      assert.deepEqual(new Uint8Array(got.bytes()), new Uint8Array(chunk.bytes()));
    }
    r.close();
  });
});
