import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { anchoredGoRegExp, goRegexToJs } from './go-regex.js';

/** Escapes every character JavaScript and RE2 give a meaning to. */
const escapeRegex = (s: string) => s.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');

describe('go regex', () => {
  it('rewrites RE2-only regex syntax', () => {
    const re = anchoredGoRegExp;
    assert.ok(re('(?i:pro).*').test('PROduction'));
    assert.ok(!re('(?i:pro)x').test('PROX'));
    assert.ok(re('a(?i)bc').test('aBC'));
    assert.ok(!re('a(?i)bc').test('ABC'));
    assert.ok(re('(?i)[a-c]+').test('AbC'));
    assert.ok(re('(?i)a(?-i)b').test('Ab'));
    assert.ok(!re('(?i)a(?-i)b').test('AB'));
    assert.ok(re('[[:digit:]]+').test('123'));
    assert.ok(re('(?P<x>a)b').test('ab'));
    assert.ok(re('\\Aab\\z').test('ab'));
    assert.ok(re('a.b').test('a\nb'));
    assert.equal(goRegexToJs('plain.*'), 'plain.*');
  });

  it('keeps what RE2 rejects invalid', () => {
    for (const bad of ['(?x)a', '(?)a', '(', '[a']) assert.throws(() => anchoredGoRegExp(bad), SyntaxError);
  });

  it('leaves patterns without RE2-only syntax unchanged', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        const pattern = escapeRegex(s);
        assert.equal(goRegexToJs(pattern), pattern);
        assert.ok(anchoredGoRegExp(pattern).test(s));
      }),
    );
  });

  it('(?i) matches a literal in any case, and only that literal', () => {
    const ascii = fc.string({ unit: fc.constantFrom(...'aBz09_-. '), maxLength: 12 });
    fc.assert(
      fc.property(ascii, ascii, (s, other) => {
        const re = anchoredGoRegExp(`(?i)${escapeRegex(s)}`);
        assert.ok(re.test(s.toUpperCase()));
        assert.ok(re.test(s.toLowerCase()));
        assert.equal(re.test(other), other.toLowerCase() === s.toLowerCase());
      }),
    );
  });
});
