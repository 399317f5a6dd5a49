import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseTime } from './time-arg.js';

describe('parseTime (--time)', () => {
  const now = Date.UTC(2025, 0, 31, 12, 0, 0);
  it('reads now, a time ago, Unix seconds and RFC 3339', () => {
    assert.equal(parseTime('now', now), now / 1000);
    assert.equal(parseTime('-5m', now), now / 1000 - 300);
    assert.equal(parseTime('now-1h', now), now / 1000 - 3600);
    assert.equal(parseTime('1700000000', now), 1_700_000_000);
    assert.equal(parseTime('1700000000.5', now), 1_700_000_000.5);
    assert.equal(parseTime('2025-01-31T12:00:00Z', now), now / 1000);
    assert.equal(parseTime('2025-01-31T13:00:00+01:00', now), now / 1000);
  });
  it('rejects anything else', () => {
    for (const bad of ['', 'yesterday', '-5x', '2025-01-31', '2025-13-01T00:00:00Z', 'now+5m']) {
      assert.equal(parseTime(bad, now), undefined, bad);
    }
  });
  it('round-trips any instant written as RFC 3339', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800 }), (seconds) => {
        const text = new Date(seconds * 1000).toISOString();
        assert.equal(parseTime(text, now), seconds);
      }),
    );
  });
});
