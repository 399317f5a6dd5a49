import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatCursorTime, formatDateTime, formatRangeBounds, formatSpan, formatTimeTicks } from './dates.js';

const at = (iso: string) => Date.parse(iso);

describe('formatTimeTicks', () => {
  test('seconds when ticks are less than a minute apart', () => {
    const ticks = [at('2026-11-23T14:05:00Z'), at('2026-11-23T14:05:30Z')];
    assert.deepEqual(formatTimeTicks(ticks, 30_000, true), ['14:05:00', '14:05:30']);
  });

  test('hours and minutes below a day, the date at midnight', () => {
    const ticks = [at('2026-11-23T22:00:00Z'), at('2026-11-24T00:00:00Z'), at('2026-11-24T02:00:00Z')];
    assert.deepEqual(formatTimeTicks(ticks, 7_200_000, true), ['22:00', 'Nov 24', '02:00']);
  });

  test('the date from a day apart', () => {
    const ticks = [at('2026-12-31T00:00:00Z'), at('2027-01-01T00:00:00Z')];
    assert.deepEqual(formatTimeTicks(ticks, 86_400_000, true), ['Dec 31', 'Jan 1']);
  });
});

test('formatDateTime', () => {
  assert.equal(formatDateTime(at('2026-01-02T03:04:05Z'), true), '2026-01-02 03:04:05');
});

test('formatSpan', () => {
  assert.equal(formatSpan(15 * 60_000), '15 min');
  assert.equal(formatSpan(6 * 3_600_000), '6 h');
  assert.equal(formatSpan(7 * 86_400_000), '7 d');
  assert.equal(formatSpan(90_000), '90 s');
});

test('formatRangeBounds names the date once within a day', () => {
  assert.equal(
    formatRangeBounds(at('2026-11-23T14:00:00Z'), at('2026-11-23T15:00:00Z'), true),
    'Nov 23 14:00 – 15:00',
  );
  assert.equal(
    formatRangeBounds(at('2026-11-23T14:00:00Z'), at('2026-11-25T15:00:00Z'), true),
    'Nov 23 14:00 – Nov 25 15:00',
  );
});

test('formatCursorTime names the day only when it is not today', () => {
  const now = at('2026-11-23T18:00:00Z');
  assert.equal(formatCursorTime(at('2026-11-23T14:05:09Z'), now, true), '14:05:09');
  assert.equal(formatCursorTime(at('2026-11-21T14:05:09Z'), now, true), 'Nov 21 14:05:09');
});
