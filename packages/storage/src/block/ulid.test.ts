import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isUlid, newUlid, UlidGenerator, ulidTime } from './ulid.js';

describe('ulid', () => {
  it('encodes the time in 10 Crockford characters and sorts by time', () => {
    const a = new UlidGenerator(() => 1_793_491_200_000).next();
    const b = new UlidGenerator(() => 1_793_491_200_001).next();
    assert.ok(isUlid(a) && isUlid(b));
    assert.equal(a.length, 26);
    assert.equal(ulidTime(a), 1_793_491_200_000);
    assert.ok(a < b);
    assert.equal(ulidTime(new UlidGenerator(() => 0).next()), 0);
    assert.equal(ulidTime(new UlidGenerator(() => 2 ** 48 - 1).next()), 2 ** 48 - 1);
  });

  it('is strictly increasing within a millisecond and across a clock step back', () => {
    let now = 1_000;
    const gen = new UlidGenerator(() => now);
    const ids: string[] = [];
    for (let i = 0; i < 1000; i++) {
      if (i === 500) now = 900;
      ids.push(gen.next());
    }
    for (let i = 1; i < ids.length; i++) assert.ok((ids[i - 1] as string) < (ids[i] as string), `at ${i}`);
    assert.equal(new Set(ids).size, ids.length);
  });

  it('recognises only ULIDs', () => {
    assert.ok(isUlid(newUlid()));
    for (const s of [
      '',
      `${newUlid()}.tmp`,
      '01ARZ3NDEKTSV4RRFFQ69G5FAI',
      '81ARZ3NDEKTSV4RRFFQ69G5FAV',
      'wal',
    ])
      assert.equal(isUlid(s), false, s);
  });
});
