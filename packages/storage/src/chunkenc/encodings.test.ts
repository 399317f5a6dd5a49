import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CorruptionError } from '../errors.js';
import { chunkFromBytes, Encoding, isValidEncoding } from './encoding.js';
import { sampleCases } from './testing/cases.js';
import { assertSamples, assertSeek } from './testing/compare.js';
import { encoders } from './testing/encoders.js';

describe('every chunk encoding on the shared cases', () => {
  for (const enc of encoders) {
    it(enc.name, () => {
      let applied = 0;
      for (const c of sampleCases()) {
        const chunk = enc.encode(c.ts, c.vs);
        if (chunk === undefined) continue;
        applied++;
        const label = `${enc.name} / ${c.name}`;
        assert.equal(chunk.numSamples, c.ts.length, label);
        assertSamples(chunk.iterator(), c.ts, c.vs, 0, c.ts.length, `${label} (encoded)`);
        const stored = chunkFromBytes(chunk.encoding, chunk.bytes().slice());
        assert.equal(stored.numSamples, c.ts.length, label);
        assertSamples(stored.iterator(), c.ts, c.vs, 0, c.ts.length, `${label} (from bytes)`);
        assertSeek(() => stored.iterator(), c.ts, c.vs, label);
      }
      assert.ok(applied > 0, 'the encoder applied to at least one case');
    });
  }
});

describe('chunkFromBytes', () => {
  it('knows exactly the ids in Encoding', () => {
    for (const id of Object.values(Encoding)) assert.ok(isValidEncoding(id));
    assert.equal(isValidEncoding(0), false);
    assert.equal(isValidEncoding(Math.max(...Object.values(Encoding)) + 1), false);
  });

  it('rejects an unknown encoding id with CorruptionError', () => {
    assert.throws(() => chunkFromBytes(0, new Uint8Array([1, 0])), CorruptionError);
    assert.throws(() => chunkFromBytes(200, new Uint8Array([1, 0])), CorruptionError);
  });

  it('rejects a payload without a readable sample count', () => {
    for (const id of Object.values(Encoding)) {
      assert.throws(() => chunkFromBytes(id, new Uint8Array(0)), CorruptionError);
      assert.throws(
        () => chunkFromBytes(id, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])),
        CorruptionError,
      );
    }
  });
});
