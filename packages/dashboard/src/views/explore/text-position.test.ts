import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lineColumn } from '@telemeter/promql';
import fc from 'fast-check';
import { caretLine, errorSpan, offsetAt } from './text-position.js';

describe('offsetAt', () => {
  test('finds line and column, counting code points as the parser does', () => {
    const text = 'sum(\n  rate(x[5m]) +)';
    assert.equal(offsetAt(text, 2, 16), text.lastIndexOf(')'));
    assert.equal(offsetAt('a😀b', 1, 3), 3, 'the emoji is one column and two code units');
    assert.equal(offsetAt('abc', 1, 99), 3, 'past the end of the line: its end');
    assert.equal(offsetAt('ab\ncd', 1, 9), 2, 'does not run into the next line');
    assert.equal(offsetAt('ab', 5, 1), 2, 'past the last line: the end');
  });

  test('inverts the parser’s lineColumn at every code point boundary', () => {
    const chars = fc.constantFrom('a', ' ', '\n', '😀', 'é', '{', '"', '\t');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 40 }), fc.nat(), (parts, pick) => {
        const text = parts.join('');
        const boundaries = [0];
        for (const p of parts) boundaries.push((boundaries.at(-1) as number) + p.length);
        const offset = boundaries[pick % boundaries.length] as number;
        const { line, column } = lineColumn(text, offset);
        assert.equal(offsetAt(text, line, column), offset);
      }),
    );
  });
});

describe('errorSpan', () => {
  test('marks the word at the position, one character otherwise, nothing at the end', () => {
    assert.deepEqual(errorSpan('rate(foo)', { line: 1, column: 6 }), { start: 5, end: 8 });
    assert.deepEqual(errorSpan('a ! b', { line: 1, column: 3 }), { start: 2, end: 3 });
    assert.deepEqual(errorSpan('sum(x', { line: 1, column: 6 }), { start: 5, end: 5 });
  });

  test('uses the range when the server gives one', () => {
    assert.deepEqual(errorSpan('foo + bar', { line: 1, column: 1, end: { line: 1, column: 10 } }), {
      start: 0,
      end: 9,
    });
  });
});

test('caretLine puts ^ under the column, keeping tabs', () => {
  assert.equal(caretLine('sum(rate(x[5m]', 15), `${' '.repeat(14)}^`);
  assert.equal(caretLine('\tfoo', 3), '\t ^');
  assert.equal(caretLine('😀x', 2), ' ^');
});
