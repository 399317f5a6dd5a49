import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { StorageError } from '../errors.js';
import {
  compareLabels,
  formatLabels,
  getLabel,
  labelsEqual,
  labelsFromRecord,
  labelsKey,
  labelsToRecord,
  normalizeLabels,
} from './labels.js';

describe('labels', () => {
  it('sorts by name and drops empty values', () => {
    const l = labelsFromRecord({ z: '1', __name__: 'up', a: '', job: 'api' });
    assert.deepEqual(l, [
      { name: '__name__', value: 'up' },
      { name: 'job', value: 'api' },
      { name: 'z', value: '1' },
    ]);
    assert.equal(getLabel(l, 'job'), 'api');
    assert.equal(getLabel(l, 'missing'), '');
    assert.deepEqual(labelsToRecord(l), { __name__: 'up', job: 'api', z: '1' });
    assert.equal(formatLabels(l), 'up{job="api", z="1"}');
  });

  it('rejects duplicate and empty names with a StorageError naming the label', () => {
    assert.throws(
      () =>
        normalizeLabels([
          { name: 'a', value: '1' },
          { name: 'a', value: '2' },
        ]),
      (e: unknown) =>
        e instanceof StorageError && e.code === 'TM_STORAGE_INVALID_LABELS' && /"a"/.test(e.message),
    );
    assert.throws(() => normalizeLabels([{ name: '', value: '1' }]), StorageError);
  });

  it('compares like Prometheus labels.Compare', () => {
    const a = labelsFromRecord({ a: '1' });
    const b = labelsFromRecord({ a: '1', b: '1' });
    const c = labelsFromRecord({ a: '2' });
    assert.ok(compareLabels(a, b) < 0);
    assert.ok(compareLabels(b, c) < 0);
    assert.equal(compareLabels(b, labelsFromRecord({ b: '1', a: '1' })), 0);
  });

  it('gives equal keys exactly for equal label sets, even with separator bytes in values', () => {
    const arbLabels = fc
      .dictionary(
        fc.constantFrom('a', 'b', 'c', '__name__'),
        fc.string({ unit: fc.constantFrom('x', '\u0000', '\u0001', '\u0002', '\u0003', '=') }),
      )
      .map((r) => labelsFromRecord(r));
    fc.assert(
      fc.property(arbLabels, arbLabels, (x, y) => {
        assert.equal(labelsKey(x) === labelsKey(y), labelsEqual(x, y));
        assert.equal(compareLabels(x, y) === 0, labelsEqual(x, y));
      }),
    );
  });
});
