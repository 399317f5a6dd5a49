import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorTypeOf, nodeErrorCode, OTHER_ERROR_TYPE } from './error-type.js';
import { KNOWN_HTTP_METHODS, methodLabel, OTHER_METHOD } from './http-method.js';

describe('shared label normalisers', () => {
  it('errorTypeOf prefers a string code, then a specific name, then the class, then an integer code', () => {
    assert.equal(errorTypeOf(Object.assign(new Error('x'), { code: 'ECONNRESET' })), 'ECONNRESET');
    assert.equal(errorTypeOf(new RangeError('x')), 'RangeError');
    assert.equal(errorTypeOf(Object.assign(new Error('x'), { code: 503 })), '503');
    assert.equal(errorTypeOf(Object.assign(new Error('x'), { code: 1.5 })), 'Error');
    assert.equal(errorTypeOf(42), OTHER_ERROR_TYPE);
  });

  it('nodeErrorCode keeps Node-style codes only', () => {
    assert.equal(nodeErrorCode(Object.assign(new Error('x'), { code: 'ENOENT' })), 'ENOENT');
    assert.equal(nodeErrorCode(Object.assign(new Error('x'), { code: 'enoent' })), 'unknown');
    assert.equal(nodeErrorCode(Object.assign(new Error('x'), { code: 2 })), 'unknown');
    assert.equal(nodeErrorCode(null), 'unknown');
    assert.equal(nodeErrorCode(undefined), 'unknown');
  });

  it('methodLabel keeps known methods as sent, case-sensitively', () => {
    for (const method of KNOWN_HTTP_METHODS) assert.equal(methodLabel(method), method);
    assert.equal(methodLabel('get'), OTHER_METHOD);
    assert.equal(methodLabel('PURGE'), OTHER_METHOD);
    assert.equal(methodLabel('PURGE', new Set(['PURGE'])), 'PURGE');
    assert.equal(methodLabel(7), OTHER_METHOD);
  });
});
