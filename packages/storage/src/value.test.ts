import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStaleNaN, STALE_NAN, writeFloat64 } from './value.js';

describe('stale marker', () => {
  it('is recognised exactly, also after a plain array quieted it', () => {
    assert.ok(isStaleNaN(STALE_NAN));
    const viaArray = [STALE_NAN][0] as number;
    assert.ok(isStaleNaN(viaArray));
    assert.equal(isStaleNaN(Number.NaN), false);
    assert.equal(isStaleNaN(0), false);
    assert.equal(isStaleNaN(Number.POSITIVE_INFINITY), false);
  });

  it('is written with Prometheus bits 0x7ff0000000000002', () => {
    const view = new DataView(new ArrayBuffer(8));
    writeFloat64(view, 0, [STALE_NAN][0] as number);
    assert.equal(view.getUint32(0), 0x7ff00000);
    assert.equal(view.getUint32(4), 2);
    writeFloat64(view, 0, -0);
    assert.ok(Object.is(view.getFloat64(0), -0));
  });
});
