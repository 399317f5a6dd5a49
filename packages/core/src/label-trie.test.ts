import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LabelTrie, type TrieEntry } from './label-trie.js';

class Entry implements TrieEntry {
  key = '';
  next: TrieEntry | null = null;
  constructor(readonly id: number) {}
}

function trie(names: readonly string[]) {
  let ids = 0;
  const t = new LabelTrie<Entry>(names);
  const create = () => new Entry(++ids);
  return { t, add: (keys: string[]) => t.insert(keys, create)! };
}

describe('LabelTrie', () => {
  it('finds what was inserted, by value, for 0 to 3 labels and past the leaf-list size', () => {
    for (const names of [[], ['a'], ['a', 'b'], ['a', 'b', 'c']]) {
      const { t, add } = trie(names);
      const made = new Map<string, Entry>();
      for (let i = 0; i < (names.length === 0 ? 1 : 20); i++) {
        const keys = names.map((_, d) => (d === names.length - 1 ? `v${i}` : `x${i % 2}`));
        made.set(keys.join('|'), add(keys));
      }
      for (const [joined, entry] of made) {
        const keys = joined === '' ? [] : joined.split('|');
        const values = Object.fromEntries(names.map((n, d) => [n, keys[d]]));
        assert.equal(t.find(values), entry);
        assert.equal(
          t.insert(keys, () => assert.fail('not created twice')),
          entry,
        );
      }
    }
  });

  it('tells a miss from a bad label set only through keysOf()', () => {
    const { t, add } = trie(['a', 'b']);
    add(['1', '2']);
    assert.equal(t.find({ a: '1', b: '3' }), undefined);
    assert.deepEqual(t.keysOf({ b: 3, a: '1' }), ['1', '3']);
    for (const bad of [
      null,
      'x',
      {},
      { a: '1' },
      { a: '1', b: '2', c: '3' },
      { a: '1', c: '2' },
      { a: true, b: '2' },
    ]) {
      assert.equal(t.find(bad), undefined);
      assert.equal(t.keysOf(bad), undefined);
    }
  });

  it('stores nothing when create returns undefined', () => {
    const t = new LabelTrie<Entry>(['a']);
    assert.equal(
      t.insert(['x'], () => undefined),
      undefined,
    );
    assert.equal(t.find({ a: 'x' }), undefined);
  });

  it('removes entries and prunes, and walk() visits with the path, unlinking refused entries', () => {
    const { t, add } = trie(['a', 'b']);
    const entries = Array.from({ length: 12 }, (_, i) => add([`r${i % 2}`, `s${i}`]));
    assert.equal(t.remove(['r0', 's0']), entries[0]);
    assert.equal(t.remove(['r0', 's0']), undefined);
    assert.equal(t.find({ a: 'r0', b: 's0' }), undefined);
    const seen: string[] = [];
    const removed: number[] = [];
    t.walk(
      (entry) => {
        seen.push(t.path.join('|'));
        return entry.id % 3 !== 0;
      },
      (entry) => removed.push(entry.id),
    );
    assert.equal(seen.length, 11);
    assert.ok(seen.includes('r1|s11'));
    assert.deepEqual(
      removed.sort((x, y) => x - y),
      [3, 6, 9, 12],
    );
    assert.equal(t.find({ a: 'r0', b: 's2' }), undefined, 'id 3 was unlinked');
    assert.equal(t.find({ a: 'r1', b: 's1' }), entries[1]);
    t.clear();
    assert.equal(t.find({ a: 'r1', b: 's1' }), undefined);
  });
});
