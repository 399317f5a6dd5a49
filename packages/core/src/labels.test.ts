import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { InvalidMetricError } from './errors.js';
import {
  exemplarLabels,
  LABEL_NAME_RE,
  labelKey,
  validateLabelNames,
  validateMetricName,
  validateUnit,
} from './labels.js';

describe('labels', () => {
  it('accepts exactly the names matching the Prometheus metric name grammar (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (name) => {
        const valid = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name);
        if (valid) assert.equal(validateMetricName(name), name);
        else assert.throws(() => validateMetricName(name), InvalidMetricError);
      }),
    );
    assert.equal(validateMetricName('a:b_c9'), 'a:b_c9');
  });

  it('validates label names and returns a frozen copy', () => {
    const input = ['a', 'b_2'];
    const names = validateLabelNames('m', input, []);
    assert.deepEqual(names, input);
    assert.notEqual(names, input);
    assert.ok(Object.isFrozen(names));
    assert.deepEqual(validateLabelNames('m', undefined, []), []);
    assert.throws(() => validateLabelNames('m', 'a', []), /array/);
    assert.throws(() => validateLabelNames('m', ['quantile'], ['quantile']), /reserved/);
    assert.throws(() => validateLabelNames('m', [1], []), /invalid label name/);
  });

  it('labelKey takes strings and numbers only', () => {
    assert.equal(labelKey('x'), 'x');
    assert.equal(labelKey(404), '404');
    assert.equal(labelKey(-0.5), '-0.5');
    for (const v of [undefined, null, true, {}, [], Symbol('s'), 1n]) assert.equal(labelKey(v), undefined);
  });

  it('validateUnit checks the name suffix', () => {
    assert.equal(validateUnit('x_bytes', 'bytes', false), 'bytes');
    assert.equal(validateUnit('x', undefined, false), '');
    assert.throws(() => validateUnit('x_bytes_total', 'bytes', false), /_bytes"/);
    assert.throws(() => validateUnit('x', 'b-s', false), /invalid unit/);
  });

  it('exemplarLabels keeps valid label sets within 128 characters', () => {
    assert.deepEqual(exemplarLabels({ trace_id: 'abc', n: 5 }), { trace_id: 'abc', n: '5' });
    assert.deepEqual(exemplarLabels({}), {});
    assert.equal(exemplarLabels({ 'a-b': 'x' }), undefined);
    assert.equal(exemplarLabels({ a: true }), undefined);
    assert.equal(exemplarLabels(null), undefined);
    assert.equal(exemplarLabels({ a: 'x'.repeat(128) }), undefined);
    assert.deepEqual(exemplarLabels({ ab: 'x'.repeat(126) }), { ab: 'x'.repeat(126) });
    assert.ok(LABEL_NAME_RE.test('_x'));
  });
});
