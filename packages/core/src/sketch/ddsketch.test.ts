import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { InvalidConfigError, InvalidSketchError } from '../errors.js';
import type { SketchSnapshot } from '../types.js';
import { DDSketch, mergeSketchSnapshots } from './ddsketch.js';

/** The exact quantile the sketch promises to approximate: rank floor(q * (n - 1)) in ascending order. */
function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

/** The documented bound plus the ~1e-13 that rounding of log() can add at bucket boundaries. */
function assertWithin(actual: number, expected: number, accuracy: number, context: string): void {
  const bound = accuracy * Math.abs(expected) * (1 + 1e-9) + 1e-300;
  assert.ok(
    Math.abs(actual - expected) <= bound,
    `${context}: got ${actual}, exact ${expected}, error ${Math.abs(actual - expected) / Math.abs(expected)}`,
  );
}

function sketchOf(values: readonly number[], options?: ConstructorParameters<typeof DDSketch>[0]): DDSketch {
  const sketch = new DDSketch(options);
  for (const v of values) sketch.add(v);
  return sketch;
}

const ascending = (a: number, b: number) => a - b;
const MIN_NORMAL = 2.2250738585072014e-308;
/** Any finite double whose magnitude is zero or normal (subnormals are documented to count as zero). */
const normalDouble = fc
  .double({ noNaN: true, noDefaultInfinity: true })
  .map((x) => (Math.abs(x) < MIN_NORMAL * 1.03 ? 0 : x));
const quantileArb = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.constantFrom(0.5, 0.9, 0.95, 0.99, 0.999),
);

describe('DDSketch', () => {
  it('rejects invalid options with a typed error naming the option', () => {
    for (const relativeAccuracy of [0, 1, -0.1, 1.5, Number.NaN, '0.01' as unknown as number]) {
      assert.throws(
        () => new DDSketch({ relativeAccuracy }),
        (e: unknown) =>
          e instanceof InvalidConfigError &&
          e.key === 'relativeAccuracy' &&
          /between 0 and 1/.test(e.message),
      );
    }
    for (const maxBucketCount of [0, -5, 1.5, Number.POSITIVE_INFINITY]) {
      assert.throws(
        () => new DDSketch({ maxBucketCount }),
        (e: unknown) => e instanceof InvalidConfigError && e.key === 'maxBucketCount',
      );
    }
  });

  it('reports NaN for every statistic of an empty sketch except count and sum', () => {
    const sketch = new DDSketch();
    assert.equal(sketch.count, 0);
    assert.equal(sketch.sum, 0);
    assert.ok(Number.isNaN(sketch.min));
    assert.ok(Number.isNaN(sketch.max));
    assert.ok(Number.isNaN(sketch.quantile(0.5)));
  });

  it('refuses NaN and infinities without recording anything', () => {
    const sketch = sketchOf([1, 2]);
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      assert.equal(sketch.add(v), false);
    assert.equal(sketch.count, 2);
    assert.equal(sketch.sum, 3);
    assert.equal(sketch.max, 2);
  });

  it('returns NaN for quantiles outside [0, 1] and the exact extremes at 0 and 1', () => {
    const sketch = sketchOf([-3.3, 0, 7.77, 12.5]);
    for (const q of [-0.1, 1.01, Number.NaN]) assert.ok(Number.isNaN(sketch.quantile(q)));
    assert.equal(sketch.quantile(0), -3.3);
    assert.equal(sketch.quantile(1), 12.5);
  });

  it('answers 1..1000 within 1% at the usual quantiles', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i + 1);
    const sketch = sketchOf(values);
    for (const q of [0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999]) {
      assertWithin(sketch.quantile(q), exactQuantile(values, q), 0.01, `q=${q}`);
    }
    assert.equal(sketch.count, 1000);
    assert.equal(sketch.sum, 500_500);
  });

  it('orders negative values, zeros and positive values', () => {
    const values = [-1000, -10, -10, -0.5, 0, 0, 0, 0.25, 3, 3e9];
    const sketch = sketchOf(values);
    for (let i = 0; i < values.length; i++) {
      const q = i / (values.length - 1);
      assertWithin(sketch.quantile(q), values[i]!, 0.01, `q=${q}`);
    }
    assert.equal(sketch.quantile(0.5), 0);
  });

  it('keeps every quantile within the relative accuracy for any finite doubles (property)', () => {
    fc.assert(
      fc.property(
        fc.array(normalDouble, { minLength: 1, maxLength: 200 }),
        fc.array(quantileArb),
        (values, qs) => {
          // The full double range needs ~71k buckets per sign at 1%; raise the cap so nothing is folded.
          const sketch = sketchOf(values, { maxBucketCount: 80_000 });
          const sorted = [...values].sort(ascending);
          for (const q of qs) assertWithin(sketch.quantile(q), exactQuantile(sorted, q), 0.01, `q=${q}`);
        },
      ),
    );
  });

  it('honours any configured relative accuracy (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-4, max: 0.5, noNaN: true }),
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.array(quantileArb),
        (accuracy, raw, qs) => {
          const values = raw.map((x) => (Math.abs(x) < 1e-6 ? 0 : x));
          const sketch = sketchOf(values, { relativeAccuracy: accuracy, maxBucketCount: 1 << 20 });
          const sorted = [...values].sort(ascending);
          for (const q of qs)
            assertWithin(sketch.quantile(q), exactQuantile(sorted, q), accuracy, `a=${accuracy} q=${q}`);
        },
      ),
    );
  });

  it('handles the largest and smallest normal doubles', () => {
    const values = [Number.MAX_VALUE, -Number.MAX_VALUE, 1e-307, -1e-307, 1e308, 2.3e-308];
    const sketch = sketchOf(values);
    const sorted = [...values].sort(ascending);
    for (const q of [0.1, 0.3, 0.5, 0.7, 0.9]) {
      const v = sketch.quantile(q);
      assert.ok(Number.isFinite(v), `q=${q} gave ${v}`);
    }
    assertWithin(
      sketchOf([Number.MAX_VALUE, Number.MAX_VALUE / 1.005]).quantile(0.5),
      Number.MAX_VALUE / 1.005,
      0.01,
      'max',
    );
    assert.equal(sketch.quantile(1), Number.MAX_VALUE);
    assert.equal(sketch.quantile(0), -Number.MAX_VALUE);
    assert.equal(sorted.length, 6);
  });

  it('counts subnormal values as zero, as documented', () => {
    const sketch = sketchOf([5e-324, 1e-310, -1e-315]);
    assert.equal(sketch.toSnapshot().zeroCount, 3);
    assert.equal(sketch.count, 3);
    // Clamping to the exact min/max still keeps the answer inside the observed range.
    assert.ok(sketch.quantile(0.5) >= -1e-315 && sketch.quantile(0.5) <= 1e-310);
  });

  it('grows its memory with the spread of the values, not with their magnitude', () => {
    const narrow = new DDSketch();
    for (let i = 0; i < 10_000; i++) narrow.add(1e12 * (1 + (i % 100) / 100)); // within a factor of 2
    assert.ok(narrow.toSnapshot().counts.length <= 36, `${narrow.toSnapshot().counts.length} buckets`);
    const decade = sketchOf(Array.from({ length: 1000 }, (_, i) => 1 + (9 * i) / 999));
    const buckets = decade.toSnapshot().counts.length;
    assert.ok(buckets >= 100 && buckets <= 120, `${buckets} buckets for one decade`);
  });

  it('folds the smallest magnitudes beyond maxBucketCount and keeps the high quantiles exact', () => {
    // 1e-150 .. 1e150, two values per decade; 2048 buckets at 1% hold the top ~17.8 decades.
    const values = Array.from({ length: 601 }, (_, i) => 10 ** ((i - 300) / 2));
    const sketch = sketchOf(values);
    const snapshot = sketch.toSnapshot();
    assert.equal(snapshot.counts.length, 2048);
    assert.equal(snapshot.count, 601);
    for (const q of [0.95, 0.99, 0.999])
      assertWithin(sketch.quantile(q), exactQuantile(values, q), 0.01, `q=${q}`);
    // The folded low end is overestimated, never underestimated.
    assert.ok(sketch.quantile(0.5) > exactQuantile(values, 0.5) * 1.01);
  });

  it('merges into exactly the sketch of the union (property)', () => {
    const values = fc.array(fc.oneof(normalDouble, fc.double({ min: -100, max: 100, noNaN: true })), {
      maxLength: 100,
    });
    fc.assert(
      fc.property(values, values, (xs, ys) => {
        const options = { maxBucketCount: 80_000 };
        const merged = sketchOf(xs, options).merge(sketchOf(ys, options));
        const union = sketchOf([...xs, ...ys], options);
        const { sum: mergedSum, ...m } = merged.toSnapshot();
        const { sum: unionSum, ...u } = union.toSnapshot();
        assert.deepEqual(m, u);
        // Float addition is not associative: the two sums may differ by rounding, which is bounded
        // by the magnitudes added (not by the result, which cancellation can make ~0).
        const magnitude = [...xs, ...ys].reduce((total, v) => total + Math.abs(v) * 1e-9, 0);
        if (Number.isFinite(unionSum)) assert.ok(Math.abs(mergedSum - unionSum) <= magnitude + 1e-9);
        for (const q of [0.01, 0.5, 0.99]) assert.ok(Object.is(merged.quantile(q), union.quantile(q)));
      }),
    );
  });

  it('merges into itself by doubling every count', () => {
    const sketch = sketchOf([1, 2, 3]);
    sketch.merge(sketch);
    assert.equal(sketch.count, 6);
    assert.equal(sketch.sum, 12);
    assert.deepEqual(
      sketch.toSnapshot().counts.filter((c) => c > 0),
      [2, 2, 2],
    );
  });

  it('refuses to merge sketches of different accuracy', () => {
    assert.throws(
      () => new DDSketch().merge(new DDSketch({ relativeAccuracy: 0.02 })),
      (e: unknown) =>
        e instanceof InvalidSketchError &&
        e.code === 'TELEMETER_ERR_INVALID_SKETCH' &&
        /same relativeAccuracy/.test(e.message),
    );
  });

  it('round-trips through a snapshot, structuredClone and JSON (property)', () => {
    fc.assert(
      fc.property(fc.array(normalDouble, { minLength: 1, maxLength: 100 }), (values) => {
        const sketch = sketchOf(values, { maxBucketCount: 80_000 });
        const snapshot = sketch.toSnapshot();
        const restored = DDSketch.fromSnapshot(structuredClone(snapshot), { maxBucketCount: 80_000 });
        assert.deepEqual(restored.toSnapshot(), snapshot);
        if (!Number.isFinite(snapshot.sum)) return; // JSON has no infinities; the sum of huge values overflows
        const fromJson = DDSketch.fromSnapshot(JSON.parse(JSON.stringify(snapshot)) as SketchSnapshot, {
          maxBucketCount: 80_000,
        });
        for (const q of [0, 0.25, 0.5, 0.99, 1]) assert.equal(fromJson.quantile(q), sketch.quantile(q));
      }),
    );
  });

  it('round-trips an empty sketch', () => {
    const snapshot = new DDSketch({ relativeAccuracy: 0.05 }).toSnapshot();
    assert.deepEqual(snapshot.counts, []);
    const restored = DDSketch.fromSnapshot(snapshot);
    assert.equal(restored.count, 0);
    assert.equal(restored.relativeAccuracy, 0.05);
    restored.add(4);
    assert.equal(restored.quantile(0.5), 4);
  });

  it('rejects malformed snapshots with a message naming the field', () => {
    const good = sketchOf([-2, 0, 1, 5]).toSnapshot();
    const cases: [Partial<Record<keyof SketchSnapshot, unknown>>, RegExp][] = [
      [{ relativeAccuracy: 2 }, /relativeAccuracy/],
      [{ offset: 1.5 }, /offset must be an integer/],
      [{ counts: 'nope' }, /counts must be an array/],
      [{ counts: [1, -1] }, /counts\[1\]/],
      [{ negativeCounts: [Number.NaN] }, /negativeCounts\[0\]/],
      [{ zeroCount: -1 }, /zeroCount/],
      [{ count: 99 }, /count \(99\) must equal/],
      [{ sum: '1' }, /sum must be a number/],
      [{ min: 9, max: 1 }, /min and max/],
    ];
    for (const [patch, message] of cases) {
      assert.throws(
        () => DDSketch.fromSnapshot({ ...good, ...patch } as SketchSnapshot),
        (e: unknown) => e instanceof InvalidSketchError && message.test(e.message),
        JSON.stringify(patch),
      );
    }
    assert.throws(() => DDSketch.fromSnapshot(null as unknown as SketchSnapshot), InvalidSketchError);
  });

  it('reuses its buckets after clear()', () => {
    const sketch = sketchOf([1, 10, 100]);
    sketch.clear();
    assert.equal(sketch.count, 0);
    assert.ok(Number.isNaN(sketch.quantile(0.5)));
    sketch.add(-7);
    assert.equal(sketch.quantile(0.5), -7);
    assert.equal(sketch.sum, -7);
  });

  it('merges snapshots from several workers', () => {
    const parts = [[1, 2, 3], [], [100, -4]].map((v) => sketchOf(v).toSnapshot());
    const merged = mergeSketchSnapshots(parts);
    assert.equal(merged.count, 5);
    assert.equal(merged.min, -4);
    assert.equal(merged.max, 100);
    assert.deepEqual(merged, sketchOf([1, 2, 3, 100, -4]).toSnapshot());
    assert.throws(() => mergeSketchSnapshots([]), InvalidSketchError);
  });
});
