import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelsFromRecord } from '@telemeter/storage';
import { formatFloatFixed } from './count-values.js';
import { labelsHash, xxhash64 } from './hash.js';
import { expandTemplate } from './label-functions.js';
import { labelsString, setLabel } from './labels.js';
import { naturalLess } from './sort.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('engine helpers', () => {
  it('xxhash64 matches the reference vectors', () => {
    assert.equal(xxhash64(bytes('')), 0xef46db3751d8e999n);
    assert.equal(xxhash64(bytes('a')), 0xd24ec4f1a98c6e5bn);
    assert.equal(xxhash64(bytes('abc')), 0x44bc2cf5ad770999n);
    assert.equal(xxhash64(bytes('Nobody inspects the spammish repetition')), 0xfbcea83c8a378bf1n);
  });

  it('hashes labels as name 0xff value 0xff', () => {
    const manual = new Uint8Array([...bytes('a'), 0xff, ...bytes('b'), 0xff]);
    assert.equal(labelsHash(labelsFromRecord({ a: 'b' })), xxhash64(manual));
  });

  it('expands templates like Go', () => {
    const m = /^(?<first>a)(b)$/.exec('ab')!;
    assert.equal(expandTemplate(`$1-$2-$\{2}x-$2x-$first-$$`, m), 'a-b-bx--a-$');
  });

  it('formats floats without exponent like FormatFloat(v, f, -1)', () => {
    assert.equal(formatFloatFixed(1e21), '1000000000000000000000');
    assert.equal(formatFloatFixed(1.5e-7), '0.00000015');
    assert.equal(formatFloatFixed(-2.5e22), '-25000000000000000000000');
    assert.equal(formatFloatFixed(12.5), '12.5');
    assert.equal(formatFloatFixed(Number.NEGATIVE_INFINITY), '-Inf');
  });

  it('orders naturally', () => {
    assert.ok(naturalLess('x-2', 'x-10'));
    assert.ok(!naturalLess('x-10', 'x-2'));
    assert.ok(naturalLess('a', 'b'));
  });

  it('edits and prints label sets', () => {
    const l = labelsFromRecord({ b: '2', d: '4' });
    assert.equal(labelsString(setLabel(l, 'c', '3')), '{b="2", c="3", d="4"}');
    assert.equal(labelsString(setLabel(l, 'b', '')), '{d="4"}');
    assert.equal(labelsString(setLabel(l, 'a', 'x"y')), '{a="x\\"y", b="2", d="4"}');
  });
});
