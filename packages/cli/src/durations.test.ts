import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatDuration, parseDuration } from './durations.js';

describe('durations', () => {
  it('parses Prometheus durations and bare seconds', () => {
    assert.equal(parseDuration('15s'), 15_000);
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('1h30m'), 5_400_000);
    assert.equal(parseDuration('2d'), 172_800_000);
    assert.equal(parseDuration('1w'), 604_800_000);
    assert.equal(parseDuration('1y'), 31_536_000_000);
    assert.equal(parseDuration('2'), 2000);
    assert.equal(parseDuration('0.5'), 500);
  });

  it('rejects what Prometheus rejects: unknown units, wrong order, repeats, fractions with units', () => {
    for (const bad of ['', 'soon', '1x', '30m1h', '1m1m', '1.5h', '-1s', '1h 30m', 'ms', '1sms']) {
      assert.equal(parseDuration(bad), undefined, bad);
    }
  });

  it('formats the shortest spelling, and parsing it gives the same milliseconds back', () => {
    assert.equal(formatDuration(5_400_000), '1h30m');
    assert.equal(formatDuration(1500), '1s500ms');
    assert.equal(formatDuration(0), '0s');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 * 365 * 86_400_000 }), (ms) => {
        assert.equal(parseDuration(formatDuration(ms)), ms);
      }),
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const ms = parseDuration(text);
        assert.ok(ms === undefined || (Number.isFinite(ms) && ms >= 0));
      }),
    );
  });
});
