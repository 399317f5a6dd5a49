import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatDurationText, formatSizeText, parseDurationText, parseSizeText } from './units.js';

describe('durations', () => {
  it('reads Prometheus durations into milliseconds', () => {
    assert.equal(parseDurationText('15s'), 15_000);
    assert.equal(parseDurationText('1h30m'), 5_400_000);
    assert.equal(parseDurationText('250ms'), 250);
    assert.equal(parseDurationText('2w'), 14 * 86_400_000);
    assert.equal(parseDurationText('1y'), 365 * 86_400_000);
    assert.equal(parseDurationText('15d'), 15 * 86_400_000);
    assert.equal(parseDurationText('0'), 0);
    assert.equal(parseDurationText('0s'), 0);
  });

  it('says what is wrong with a bad duration', () => {
    assert.equal(
      parseDurationText('15x'),
      'invalid duration "15x": unknown unit "x" (use ms, s, m, h, d, w or y, largest first, e.g. 15s or 1h30m)',
    );
    assert.equal(
      parseDurationText('15'),
      'invalid duration "15": a duration needs a unit (use ms, s, m, h, d, w or y, largest first, e.g. 15s or 1h30m)',
    );
    assert.equal(
      parseDurationText('30m1h'),
      'invalid duration "30m1h" (use ms, s, m, h, d, w or y, largest first, e.g. 15s or 1h30m)',
    );
    assert.match(String(parseDurationText('')), /^invalid duration ""/);
    assert.match(String(parseDurationText('-5s')), /^invalid duration "-5s"/);
    assert.equal(parseDurationText('99999999999y'), 'invalid duration "99999999999y": out of range');
  });

  it('prints durations so they read back to the same value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_000_000_000_000 }), (ms) => {
        assert.equal(parseDurationText(formatDurationText(ms)), ms);
      }),
    );
    assert.equal(formatDurationText(5_400_000), '1h30m');
  });
});

describe('sizes', () => {
  it('reads plain bytes, SI and IEC units', () => {
    assert.equal(parseSizeText('1024'), 1024);
    assert.equal(parseSizeText('10B'), 10);
    assert.equal(parseSizeText('1KB'), 1000);
    assert.equal(parseSizeText('10GB'), 10e9);
    assert.equal(parseSizeText('2TB'), 2e12);
    assert.equal(parseSizeText('1KiB'), 1024);
    assert.equal(parseSizeText('512MiB'), 512 * 2 ** 20);
    assert.equal(parseSizeText('1GiB'), 2 ** 30);
    assert.equal(parseSizeText('1TiB'), 2 ** 40);
    assert.equal(parseSizeText('1.5GiB'), 1.5 * 2 ** 30);
    assert.equal(parseSizeText('10 gb'), 10e9, 'units are case-insensitive and may follow a space');
  });

  it('says what is wrong with a bad size', () => {
    assert.equal(
      parseSizeText('10XB'),
      'invalid size "10XB": unknown unit "XB" (expected bytes or a number with a unit B, KB, MB, GB, TB, KiB, MiB, GiB or TiB, e.g. 512MiB)',
    );
    assert.match(
      String(parseSizeText('lots')),
      /^invalid size "lots": expected bytes or a number with a unit/,
    );
    assert.match(String(parseSizeText('-1MB')), /^invalid size "-1MB"/);
    assert.equal(parseSizeText('99999999999TiB'), 'invalid size "99999999999TiB": too large');
  });

  it('prints sizes in the exact unit with the smallest number, which reads back to the same value', () => {
    assert.equal(formatSizeText(16 * 2 ** 20), '16MiB');
    assert.equal(formatSizeText(10e9), '10GB');
    assert.equal(formatSizeText(1000 * 1024), '1000KiB');
    assert.equal(formatSizeText(1023), '1023');
    assert.equal(formatSizeText(0), '0');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 52 }), (bytes) => {
        assert.equal(parseSizeText(formatSizeText(bytes)), bytes);
      }),
    );
  });
});
