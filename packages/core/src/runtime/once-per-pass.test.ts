import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { oncePerPass } from './once-per-pass.js';

describe('oncePerPass', () => {
  it('reads once for all callers in one synchronous pass, again in the next pass', async () => {
    let reads = 0;
    const read = oncePerPass(() => ++reads);
    assert.equal(read(), 1);
    assert.equal(read(), 1);
    await Promise.resolve();
    assert.equal(read(), 2);
    assert.equal(read(), 2);
    assert.equal(reads, 2);
  });

  it('does not cache a reader that threw', async () => {
    let fail = true;
    const read = oncePerPass(() => {
      if (fail) throw new Error('boom');
      return 7;
    });
    assert.throws(read, /boom/);
    fail = false;
    assert.equal(read(), 7);
  });
});
