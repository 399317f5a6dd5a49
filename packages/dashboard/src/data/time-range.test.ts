import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  expandQuery,
  historicalStep,
  LIVE_RANGE,
  liveStep,
  niceStep,
  parseDuration,
  presetRange,
  promDuration,
  rangeFromParams,
  rangeToParams,
  sameRange,
} from './time-range.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

describe('step selection', () => {
  test('historical ranges get a nice step and at most 400 points', () => {
    assert.equal(historicalStep(0, 15 * MIN), 5_000);
    assert.equal(historicalStep(0, HOUR), 10_000);
    assert.equal(historicalStep(0, 6 * HOUR), 60_000);
    assert.equal(historicalStep(0, DAY), 300_000);
    assert.equal(historicalStep(0, 7 * DAY), 30 * MIN);
    for (const span of [MIN, 15 * MIN, HOUR, 6 * HOUR, DAY, 7 * DAY, 90 * DAY]) {
      assert.ok(span / historicalStep(0, span) <= 400, `span ${span}`);
    }
  });

  test('spans beyond the nice steps round up to whole days', () => {
    assert.equal(niceStep(1000 * DAY, 400), 3 * DAY);
  });

  test('live: a point per server tick unless the window would hold too many', () => {
    assert.equal(liveStep(15 * MIN, 1_000), 1_000);
    assert.equal(liveStep(15 * MIN, 5_000), 5_000);
    assert.equal(liveStep(HOUR, 1_000), 5_000);
    assert.equal(liveStep(24 * HOUR, 5_000), 120_000);
  });
});

describe('query placeholders', () => {
  test('$__rate_interval is a minute at least and two steps', () => {
    assert.equal(expandQuery('rate(x[$__rate_interval])', 5_000), 'rate(x[1m])');
    assert.equal(
      expandQuery('rate(x[$__rate_interval]) / rate(y[$__rate_interval])', HOUR),
      'rate(x[2h]) / rate(y[2h])',
    );
    assert.equal(expandQuery('avg_over_time(x[$__interval])', 90_000), 'avg_over_time(x[90s])');
  });

  test('promDuration uses the largest whole unit', () => {
    assert.equal(promDuration(2 * HOUR), '2h');
    assert.equal(promDuration(5 * MIN), '5m');
    assert.equal(promDuration(1_500), '2s');
  });
});

describe('the range in the URL', () => {
  const now = Date.parse('2026-11-23T12:00:00.400Z');

  test('live by default, and when the parameters make no sense', () => {
    assert.deepEqual(rangeFromParams(new URLSearchParams(''), now), LIVE_RANGE);
    assert.deepEqual(rangeFromParams(new URLSearchParams('range=3y'), now), LIVE_RANGE);
    assert.deepEqual(rangeFromParams(new URLSearchParams('from=10&to=5'), now), LIVE_RANGE);
    assert.deepEqual(rangeToParams(LIVE_RANGE), {});
  });

  test('a preset resolves to the last N ending at the whole second', () => {
    const range = rangeFromParams(new URLSearchParams('range=1h'), now);
    assert.deepEqual(range, {
      kind: 'historical',
      startMs: now - 400 - HOUR,
      endMs: now - 400,
      preset: '1h',
    });
    assert.deepEqual(rangeToParams(range), { range: '1h' });
  });

  test('custom bounds and live windows round-trip', () => {
    const custom = { kind: 'historical', startMs: 1000, endMs: 5000 } as const;
    assert.deepEqual(rangeFromParams(new URLSearchParams(rangeToParams(custom)), now), custom);
    const live = { kind: 'live', windowMs: HOUR } as const;
    assert.deepEqual(rangeToParams(live), { live: '1h' });
    assert.deepEqual(rangeFromParams(new URLSearchParams(rangeToParams(live)), now), live);
  });

  test('parseDuration', () => {
    assert.equal(parseDuration('1h30m'), 90 * MIN);
    assert.equal(parseDuration('250ms'), 250);
    assert.equal(parseDuration('1.5h'), undefined);
    assert.equal(parseDuration(''), undefined);
  });

  test('sameRange tells a refreshed preset from the same one', () => {
    assert.ok(sameRange(presetRange('1h', now), presetRange('1h', now)));
    assert.ok(!sameRange(presetRange('1h', now), presetRange('1h', now + 5_000)));
    assert.ok(!sameRange(LIVE_RANGE, presetRange('15m', now)));
  });
});
