// Bit-exact sample comparison under the storage's value rules (docs/design/storage-api.md).

import assert from 'node:assert/strict';
import type { SampleIterator } from '../../types.js';
import { isStaleNaN } from '../../value.js';

const a64 = new Float64Array(1);
const b64 = new Float64Array(1);
const a32 = new Uint32Array(a64.buffer);
const b32 = new Uint32Array(b64.buffer);

/** Same bits; any non-stale NaN equals any other; a stale marker only equals a stale marker. */
export function sameValue(expected: number, actual: number): boolean {
  if (Number.isNaN(expected)) {
    return Number.isNaN(actual) && isStaleNaN(expected) === isStaleNaN(actual);
  }
  a64[0] = expected;
  b64[0] = actual;
  return a32[0] === b32[0] && a32[1] === b32[1];
}

/** Drains `it` and asserts it yields exactly ts/vs[start, end) and ends without error. */
export function assertSamples(
  it: SampleIterator,
  ts: ArrayLike<number>,
  vs: ArrayLike<number>,
  start = 0,
  end = ts.length,
  label = '',
): void {
  let i = start;
  while (it.next()) {
    assert.ok(i < end, `${label}: more samples than expected`);
    assert.equal(it.t, ts[i], `${label}: timestamp ${i}`);
    assert.ok(sameValue(vs[i]!, it.v), `${label}: value ${i}: expected ${vs[i]}, got ${it.v}`);
    i++;
  }
  assert.equal(it.err(), undefined, `${label}: iterator error`);
  assert.equal(i, end, `${label}: sample count`);
  assert.equal(it.next(), false, `${label}: next() after the end`);
}

/**
 * Checks `seek` against a linear scan: for several targets, a fresh iterator seeks and must land on
 * the first sample with t >= target; a second seek to an earlier target stays put.
 */
export function assertSeek(
  fresh: () => SampleIterator,
  ts: ArrayLike<number>,
  vs: ArrayLike<number>,
  label = '',
): void {
  const n = ts.length;
  const targets = [-Infinity, ts[0]! - 1, ts[0]!, ts[n - 1]!, ts[n - 1]! + 1, Infinity];
  for (let i = 1; i < n; i += Math.max(1, Math.floor(n / 7))) targets.push(ts[i]!, ts[i]! - 1, ts[i]! + 1);
  for (const target of targets) {
    const it = fresh();
    let expect = 0;
    while (expect < n && ts[expect]! < target) expect++;
    const found = it.seek(target);
    assert.equal(found, expect < n, `${label}: seek(${target}) result`);
    if (!found) {
      assert.equal(it.next(), false, `${label}: next() after a failed seek`);
      continue;
    }
    assert.equal(it.t, ts[expect], `${label}: seek(${target}) landed`);
    assert.ok(sameValue(vs[expect]!, it.v), `${label}: seek(${target}) value`);
    assert.equal(it.seek(target - 1_000_000), true, `${label}: seek backwards stays`);
    assert.equal(it.t, ts[expect], `${label}: seek backwards does not move`);
    if (expect + 1 < n) {
      assert.equal(it.next(), true);
      assert.equal(it.t, ts[expect + 1], `${label}: next() after seek`);
    }
    assert.equal(it.err(), undefined);
  }
}
