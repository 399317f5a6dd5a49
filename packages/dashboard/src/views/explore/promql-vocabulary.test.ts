import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FUNCTIONS } from '@telemeter/promql';
import { FUNCTION_NAMES, VOCABULARY } from './promql-vocabulary.js';

test('autocomplete offers exactly the parser’s stable functions', () => {
  const stable = Object.values(FUNCTIONS)
    .filter((f) => f.experimental !== true)
    .map((f) => f.name)
    .sort();
  assert.deepEqual([...FUNCTION_NAMES].sort(), stable);
});

test('every entry has a signature and help, and names are unique', () => {
  const names = VOCABULARY.map((v) => v.name);
  assert.equal(new Set(names).size, names.length);
  for (const v of VOCABULARY) assert.ok(v.signature !== '' && v.help !== '', v.name);
});
