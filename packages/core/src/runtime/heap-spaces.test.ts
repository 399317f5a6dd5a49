import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { heapSpaceLabel, readHeapSpaces } from './heap-spaces.js';

describe('readHeapSpaces', () => {
  it('lists V8 spaces with prom-client labels and sane sizes', () => {
    const spaces = readHeapSpaces();
    const names = spaces.map((s) => s.space);
    assert.ok(names.includes('new') && names.includes('old') && names.includes('code'), names.join());
    assert.equal(new Set(names).size, names.length);
    for (const s of spaces) {
      assert.ok(!s.space.endsWith('_space'));
      assert.ok(s.usedBytes >= 0 && s.usedBytes <= s.totalBytes, s.space);
      assert.ok(s.availableBytes >= 0, s.space);
    }
  });

  it('strips only a trailing _space', () => {
    assert.equal(heapSpaceLabel('code_large_object_space'), 'code_large_object');
    assert.equal(heapSpaceLabel('new_space'), 'new');
    assert.equal(heapSpaceLabel('space_odyssey'), 'space_odyssey');
  });
});
