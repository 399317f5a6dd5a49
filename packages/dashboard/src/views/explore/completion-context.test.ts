import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { completionContext, selectorNames } from './completion-context.js';

/** The context at the `|` in `marked` (the bar is removed). */
function at(marked: string) {
  const cursor = marked.indexOf('|');
  return completionContext(marked.slice(0, cursor) + marked.slice(cursor + 1), cursor);
}

describe('completionContext', () => {
  test('metric and function names in expressions', () => {
    assert.deepEqual(at('http_req|'), {
      kind: 'expression',
      prefix: 'http_req',
      from: 0,
      to: 8,
      afterOperand: false,
    });
    assert.deepEqual(at('sum(rate(htt|'), {
      kind: 'expression',
      prefix: 'htt',
      from: 9,
      to: 12,
      afterOperand: false,
    });
    assert.deepEqual(at('ra|te(x[5m])'), {
      kind: 'expression',
      prefix: 'ra',
      from: 0,
      to: 4,
      afterOperand: false,
    });
    assert.deepEqual(at('up |'), { kind: 'expression', prefix: '', from: 3, to: 3, afterOperand: true });
    assert.deepEqual(at('up a|'), { kind: 'expression', prefix: 'a', from: 3, to: 4, afterOperand: true });
    assert.deepEqual(at('1 + |'), { kind: 'expression', prefix: '', from: 4, to: 4, afterOperand: false });
  });

  test('label names inside braces and grouping lists', () => {
    assert.deepEqual(at('up{|'), {
      kind: 'label-name',
      prefix: '',
      from: 3,
      to: 3,
      metric: 'up',
      inSelector: true,
    });
    assert.deepEqual(at('up{job="a", ins|}'), {
      kind: 'label-name',
      prefix: 'ins',
      from: 12,
      to: 15,
      metric: 'up',
      inSelector: true,
    });
    assert.deepEqual(at('{jo|'), {
      kind: 'label-name',
      prefix: 'jo',
      from: 1,
      to: 3,
      metric: undefined,
      inSelector: true,
    });
    assert.deepEqual(at('sum by (jo|) (up)'), {
      kind: 'label-name',
      prefix: 'jo',
      from: 8,
      to: 10,
      metric: undefined,
      inSelector: false,
    });
    assert.deepEqual(at('a / on(|) b'), {
      kind: 'label-name',
      prefix: '',
      from: 7,
      to: 7,
      metric: undefined,
      inSelector: false,
    });
  });

  test('label values in quotes, or right after the operator', () => {
    assert.deepEqual(at('up{job="ap|"}'), {
      kind: 'label-value',
      prefix: 'ap',
      from: 8,
      to: 10,
      label: 'job',
      metric: 'up',
      quote: '"',
      closeQuote: false,
    });
    assert.deepEqual(at("rate(x{code=~'5|"), {
      kind: 'label-value',
      prefix: '5',
      from: 14,
      to: 15,
      label: 'code',
      metric: 'x',
      quote: "'",
      closeQuote: true,
    });
    assert.deepEqual(at('up{job="a\\"b|"}'), {
      kind: 'label-value',
      prefix: 'a\\"b',
      from: 8,
      to: 12,
      label: 'job',
      metric: 'up',
      quote: '"',
      closeQuote: false,
    });
    assert.deepEqual(at('up{job=|}'), {
      kind: 'label-value',
      prefix: '',
      from: 7,
      to: 7,
      label: 'job',
      metric: 'up',
      quote: undefined,
      closeQuote: true,
    });
  });

  test('nothing to complete in durations, numbers, comments and other strings', () => {
    for (const marked of ['rate(x[5|', 'x offset 5|', '1.5|', '# up|', 'label_replace(up, "ds|']) {
      assert.deepEqual(at(marked), { kind: 'none' }, marked);
    }
  });

  test('any text and cursor: no throw, and the span holds the cursor', () => {
    const chars = fc.constantFrom(
      'a',
      'b',
      '_',
      '{',
      '}',
      '(',
      ')',
      '[',
      ']',
      '"',
      "'",
      '`',
      '=',
      '~',
      '!',
      ',',
      ' ',
      '\n',
      '#',
      '\\',
      '5',
      'm',
      '.',
    );
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 30 }), fc.nat(), (parts, pick) => {
        const text = parts.join('');
        const cursor = pick % (text.length + 1);
        const context = completionContext(text, cursor);
        if (context.kind !== 'none') {
          assert.ok(
            context.from <= cursor && cursor <= context.to && context.to <= text.length,
            JSON.stringify(context),
          );
          assert.equal(text.slice(context.from, cursor), context.prefix);
        }
      }),
    );
  });
});

test('selectorNames lists names used as selectors, not functions or labels', () => {
  assert.deepEqual(selectorNames('sum by (job) (rate(http_requests_total{code="500"}[5m])) / on(job) up'), [
    'http_requests_total',
    'up',
  ]);
});
