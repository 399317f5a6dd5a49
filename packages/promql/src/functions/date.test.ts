import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayOfMonth, dayOfWeek, dayOfYear, daysInMonth, hour, minute, month, year } from './date.js';

describe('date functions (UTC, from functions.test)', () => {
  it('read the fields of 2006-01-02 22:04:05', () => {
    const t = 1136239445;
    assert.deepEqual(
      [year(t), month(t), dayOfMonth(t), dayOfYear(t), dayOfWeek(t), hour(t), minute(t)],
      [2006, 1, 2, 2, 1, 22, 4],
    );
  });
  it('epoch is a Thursday', () => {
    assert.equal(dayOfWeek(0), 4);
    assert.equal(year(0), 1970);
  });
  it('leap years and month lengths', () => {
    assert.equal(year(1230767999), 2008);
    assert.equal(year(1230768000), 2009);
    assert.equal(month(1456790399) + dayOfMonth(1456790399) / 100, 2.29);
    assert.equal(dayOfYear(1483191420), 366);
    assert.equal(dayOfYear(1672493820), 365);
    assert.equal(daysInMonth(1454284800), 29);
    assert.equal(daysInMonth(1485907200), 28);
  });
  it('truncate fractional seconds; NaN has no date', () => {
    assert.equal(minute(59.9), 0);
    assert.ok(Number.isNaN(hour(Number.NaN)));
  });
});
