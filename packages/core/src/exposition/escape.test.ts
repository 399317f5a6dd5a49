import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { escapeHelp, escapeLabelValue, unescapeLabelValue } from './escape.js';

/** Every `"` in an escaped value must be preceded by an odd run of backslashes, or the parser would end the value there. */
function hasUnescapedQuote(escaped: string): boolean {
  for (let i = 0; i < escaped.length; i++) {
    if (escaped[i] !== '"') continue;
    let backslashes = 0;
    for (let j = i - 1; j >= 0 && escaped[j] === '\\'; j--) backslashes++;
    if (backslashes % 2 === 0) return true;
  }
  return false;
}

const anyString = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.constantFrom('\\', '"', '\n', 'n', 'a', ' ', '✓', '🚀', '\r', '\t') }),
  fc.string({ unit: 'binary' }),
);

describe('escapeLabelValue', () => {
  it('escapes backslash, double quote and newline', () => {
    assert.equal(escapeLabelValue('C:\\dir'), 'C:\\\\dir');
    assert.equal(escapeLabelValue('say "hi"'), 'say \\"hi\\"');
    assert.equal(escapeLabelValue('a\nb'), 'a\\nb');
    assert.equal(escapeLabelValue('\\n'), '\\\\n');
  });

  it('returns values needing no escaping unchanged, unicode and tabs included', () => {
    for (const value of ['', 'GET', 'ünïcødé ✓ 日本 🚀', 'tab\there', 'cr\rhere']) {
      assert.equal(escapeLabelValue(value), value);
    }
  });

  it('never outputs a raw newline or an unescaped quote, and unescapes back to the input (property)', () => {
    fc.assert(
      fc.property(anyString, (value) => {
        const escaped = escapeLabelValue(value);
        assert.ok(!escaped.includes('\n'));
        assert.ok(!hasUnescapedQuote(escaped));
        assert.equal(unescapeLabelValue(escaped), value);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('escapeHelp', () => {
  it('escapes backslash and newline but leaves quotes alone', () => {
    assert.equal(escapeHelp('a "b" \\ c\nd'), 'a "b" \\\\ c\\nd');
  });

  it('never outputs a raw newline and unescapes back to the input (property)', () => {
    fc.assert(
      fc.property(anyString, (help) => {
        const escaped = escapeHelp(help);
        assert.ok(!escaped.includes('\n'));
        assert.equal(unescapeLabelValue(escaped), help);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('unescapeLabelValue', () => {
  it('keeps unknown escapes such as \\q verbatim, as Prometheus does', () => {
    assert.equal(unescapeLabelValue('a\\qb'), 'a\\qb');
    assert.equal(unescapeLabelValue('trailing\\'), 'trailing\\');
  });
});
