import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type HistoryStore, MAX_HISTORY, readHistory, rememberQuery } from './query-history.js';

/** A Storage with only the two calls history uses, over a Map. */
function memoryStore(initial: Record<string, string> = {}): HistoryStore & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

test('a query run again moves to the top, once', () => {
  const store = memoryStore();
  let history = rememberQuery([], 'up', store);
  history = rememberQuery(history, 'rate(x[5m])', store);
  history = rememberQuery(history, '  up ', store);
  assert.deepEqual(history, ['up', 'rate(x[5m])']);
  assert.deepEqual(readHistory(store), ['up', 'rate(x[5m])'], 'saved and read back');
});

test('the history is capped and blank queries are not kept', () => {
  let history: string[] = [];
  for (let i = 0; i < MAX_HISTORY + 5; i++) history = rememberQuery(history, `q${i}`);
  assert.equal(history.length, MAX_HISTORY);
  assert.equal(history[0], `q${MAX_HISTORY + 4}`);
  assert.deepEqual(rememberQuery(['a'], '   '), ['a']);
});

test('corrupt or foreign entries start afresh; a full store does not throw', () => {
  assert.deepEqual(readHistory(memoryStore({ 'telemeter.explore.history': '{not json' })), []);
  assert.deepEqual(readHistory(memoryStore({ 'telemeter.explore.history': '{"a":1}' })), []);
  assert.deepEqual(readHistory(memoryStore({ 'telemeter.explore.history': '["a",2,"b"]' })), ['a', 'b']);
  assert.deepEqual(readHistory(undefined), []);
  const full: HistoryStore = {
    getItem: () => null,
    setItem: () => {
      throw new Error('QuotaExceededError');
    },
  };
  assert.deepEqual(rememberQuery([], 'up', full), ['up']);
});
