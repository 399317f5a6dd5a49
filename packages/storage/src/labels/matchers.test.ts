import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StorageError } from '../errors.js';
import { labelsFromRecord } from './labels.js';
import { createMatcher, matchesLabels, matchesValue } from './matchers.js';

describe('matchers', () => {
  const series = labelsFromRecord({ __name__: 'http_requests_total', method: 'GET', path: 'a\nb' });

  it('anchors regexes and lets . match a newline, as Prometheus does', () => {
    assert.equal(matchesValue(createMatcher('=~', 'm', 'GE'), 'GET'), false);
    assert.equal(matchesValue(createMatcher('=~', 'm', 'GE.'), 'GET'), true);
    assert.equal(matchesLabels([createMatcher('=~', 'path', 'a.b')], series), true);
    assert.equal(matchesValue(createMatcher('!~', 'm', 'G.*'), 'GET'), false);
  });

  it('reads regexes with RE2 syntax, as Prometheus does', () => {
    assert.equal(matchesLabels([createMatcher('=~', 'method', '(?i)get')], series), true);
    assert.equal(matchesLabels([createMatcher('!~', 'method', '(?i:g)ET|POST')], series), false);
    assert.equal(matchesValue(createMatcher('=~', 'm', '[[:upper:]]+'), 'GET'), true);
  });

  it('treats an absent label as the empty string', () => {
    assert.equal(matchesLabels([createMatcher('=', 'status', '')], series), true);
    assert.equal(matchesLabels([createMatcher('!=', 'status', '')], series), false);
    assert.equal(matchesLabels([createMatcher('=~', 'status', '.*')], series), true);
    assert.equal(matchesLabels([createMatcher('=~', 'status', '.+')], series), false);
    assert.equal(
      matchesLabels([createMatcher('!=', 'method', 'POST'), createMatcher('=', 'method', 'GET')], series),
      true,
    );
  });

  it('rejects a bad regex or match type at creation', () => {
    assert.throws(
      () => createMatcher('=~', 'a', '('),
      (e: unknown) => e instanceof StorageError && e.code === 'TM_STORAGE_INVALID_MATCHER',
    );
    assert.throws(
      () => createMatcher('!~', 'a', '(?x)b'),
      (e: unknown) => e instanceof StorageError && e.message.includes('"(?x)b"'),
    );
    assert.throws(() => createMatcher('==' as '=', 'a', 'b'), StorageError);
    assert.throws(() => createMatcher('=', '', 'b'), StorageError);
  });
});
