// MetricFamily -> formatPrometheusText / formatOpenMetrics -> parseExposition gives back the
// same families, for generated families of every type with hostile names and label values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatOpenMetrics } from '../exposition/openmetrics.js';
import { formatPrometheusText } from '../exposition/prometheus-text.js';
import type { Exemplar, MetricFamily } from '../types.js';
import { parseExposition } from './parse-exposition.js';
import type { ParsedFamily, ParsedSample } from './types.js';

const labelName = fc
  .stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,12}$/)
  .filter((n) => n !== '__name__' && n !== 'le' && n !== 'quantile');
const labelValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.constantFrom('', '\\', '"', '\n', '\\n', ' # {}'),
);
const help = fc.string({ unit: 'binary', maxLength: 30 });
const count = fc.integer({ min: 0, max: 1_000_000 });
const nonNegative = fc.oneof(fc.double({ min: 0, max: 1e12, noNaN: true }), count);
const anyValue = fc.oneof(fc.double(), fc.constantFrom(Number.NaN, Infinity, -Infinity));
// Milliseconds up to 2100 survive the seconds-with-decimals round trip exactly.
const createdMs = fc.option(fc.integer({ min: 0, max: 4_102_444_800_000 }), { nil: undefined });
const exemplar: fc.Arbitrary<Exemplar | undefined> = fc.option(
  fc.record(
    {
      labels: fc.dictionary(fc.stringMatching(/^[a-z_]{1,8}$/), fc.string({ maxLength: 10 }), { maxKeys: 2 }),
      value: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      timestamp: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    },
    { requiredKeys: ['labels', 'value'] },
  ),
  { nil: undefined },
);

/** Label names, and point label values unique per family (a label set appears once). */
function labelled<P>(
  point: (labelValues: string[]) => fc.Arbitrary<P>,
): fc.Arbitrary<{ labelNames: string[]; points: P[] }> {
  return fc.uniqueArray(labelName, { maxLength: 3 }).chain((labelNames) =>
    fc.record({
      labelNames: fc.constant(labelNames),
      points: fc
        .uniqueArray(fc.array(labelValue, { minLength: labelNames.length, maxLength: labelNames.length }), {
          maxLength: 3,
          selector: (values) => JSON.stringify(values),
        })
        .chain(
          (sets): fc.Arbitrary<P[]> =>
            sets.length === 0 ? fc.constant([]) : fc.tuple(...sets.map((values) => point(values))),
        ),
    }),
  );
}

function familyArbitrary(name: string): fc.Arbitrary<MetricFamily> {
  const base = { name: fc.constant(name), help, unit: fc.constant('') };
  const counter = labelled((labelValues) =>
    fc.record({ labelValues: fc.constant(labelValues), value: nonNegative, created: createdMs, exemplar }),
  );
  const gauge = labelled((labelValues) =>
    fc.record({ labelValues: fc.constant(labelValues), value: anyValue }),
  );
  const buckets = fc
    .uniqueArray(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 4 })
    .map((b) => b.sort((x, y) => x - y));
  return fc.oneof(
    fc
      .record({ ...base, name: fc.constant(`${name}_total`), type: fc.constant('counter' as const) })
      .chain((f) => counter.map((c) => ({ ...f, ...c }))),
    fc
      .record({ ...base, type: fc.constantFrom('gauge' as const, 'unknown' as const) })
      .chain((f) => gauge.map((g) => ({ ...f, ...g }))),
    fc.record({ ...base, type: fc.constant('histogram' as const), buckets }).chain((f) =>
      labelled((labelValues) =>
        fc.record({
          labelValues: fc.constant(labelValues),
          increments: fc.array(count, { minLength: f.buckets.length + 1, maxLength: f.buckets.length + 1 }),
          sum: nonNegative,
          created: createdMs,
        }),
      ).map(({ labelNames, points }) => ({
        ...f,
        labelNames,
        points: points.map(({ increments, ...p }) => {
          const cumulativeCounts = increments.map(
            (
              (total) => (n: number) =>
                (total += n)
            )(0),
          );
          return { ...p, cumulativeCounts, count: cumulativeCounts[cumulativeCounts.length - 1]! };
        }),
      })),
    ),
    fc
      .record({
        ...base,
        type: fc.constant('summary' as const),
        quantiles: fc
          .uniqueArray(fc.double({ min: 0.001, max: 0.999, noNaN: true }), { minLength: 1, maxLength: 3 })
          .map((q) => q.sort((x, y) => x - y)),
      })
      .chain((f) =>
        labelled((labelValues) =>
          fc.record({
            labelValues: fc.constant(labelValues),
            quantileValues: fc.array(fc.oneof(nonNegative, fc.constant(Number.NaN)), {
              minLength: f.quantiles.length,
              maxLength: f.quantiles.length,
            }),
            sum: nonNegative,
            count,
            min: fc.constant(Number.NaN),
            max: fc.constant(Number.NaN),
            windowCount: fc.constant(0),
          }),
        ).map((l) => ({ ...f, ...l })),
      ),
  ) as fc.Arbitrary<MetricFamily>;
}

// Distinct prefixes keep generated names from clashing (a gauge "x_count" next to a histogram "x").
const familiesArbitrary = fc
  .array(fc.stringMatching(/^[a-zA-Z_:][a-zA-Z0-9_:]{0,12}$/), { minLength: 1, maxLength: 4 })
  .chain((names) => fc.tuple(...names.map((n, i) => familyArbitrary(`m${i}_${n}`))));

function labelsOf(family: MetricFamily, values: readonly string[]): Record<string, string> {
  return Object.fromEntries(family.labelNames.map((n, i) => [n, values[i]!]));
}

function sameNumber(actual: number, expected: number, what: string): void {
  // -0 may be written as 0, which is fine.
  assert.ok(
    actual === expected || (Number.isNaN(actual) && Number.isNaN(expected)),
    `${what}: ${actual} vs ${expected}`,
  );
}

/** Checks the parsed samples of one family against the snapshot family they were written from. */
function checkSamples(
  family: MetricFamily,
  parsed: ParsedFamily,
  format: 'prometheus' | 'openmetrics',
): void {
  const samples = [...parsed.samples];
  const take = (name: string, labels: Record<string, string>): ParsedSample => {
    const i = samples.findIndex(
      (s) => s.name === name && JSON.stringify(s.labels) === JSON.stringify(labels),
    );
    assert.ok(
      i >= 0,
      `no sample ${name}${JSON.stringify(labels)} in ${JSON.stringify(parsed.samples.map((s) => s.name))}`,
    );
    return samples.splice(i, 1)[0]!;
  };
  const om = format === 'openmetrics';
  for (const point of family.points) {
    const labels = labelsOf(family, point.labelValues);
    if (family.type === 'counter' || family.type === 'gauge' || family.type === 'unknown') {
      const p = point as { value: number; created?: number; exemplar?: Exemplar };
      const total = take(om && family.type === 'counter' ? `${parsed.name}_total` : family.name, labels);
      sameNumber(total.value, p.value, 'value');
      if (om && p.created !== undefined)
        sameNumber(take(`${parsed.name}_created`, labels).value, p.created / 1000, 'created');
      if (om && p.exemplar !== undefined) {
        assert.ok(total.exemplar, 'exemplar');
        // Generated label objects have a null prototype; compare their entries.
        assert.deepEqual({ ...total.exemplar.labels }, { ...p.exemplar.labels });
        sameNumber(total.exemplar.value, p.exemplar.value, 'exemplar value');
        assert.equal(total.exemplar.timestamp, p.exemplar.timestamp);
      }
    } else if (family.type === 'histogram') {
      const p = point as unknown as {
        cumulativeCounts: number[];
        sum: number;
        count: number;
        created?: number;
      };
      [...family.buckets, Number.POSITIVE_INFINITY].forEach((bound, b) => {
        const bucket = samples.find(
          (s) =>
            s.name === `${family.name}_bucket` &&
            Number(s.labels.le === '+Inf' ? Infinity : s.labels.le) === bound &&
            JSON.stringify({ ...s.labels, le: undefined }) === JSON.stringify({ ...labels, le: undefined }),
        );
        assert.ok(bucket, `bucket le=${bound}`);
        samples.splice(samples.indexOf(bucket), 1);
        sameNumber(bucket.value, p.cumulativeCounts[b]!, 'bucket');
      });
      sameNumber(take(`${family.name}_sum`, labels).value, p.sum, 'sum');
      sameNumber(take(`${family.name}_count`, labels).value, p.count, 'count');
      if (om && p.created !== undefined)
        sameNumber(take(`${family.name}_created`, labels).value, p.created / 1000, 'created');
    } else if (family.type === 'summary') {
      const p = point as unknown as { quantileValues: number[]; sum: number; count: number };
      family.quantiles.forEach((q, i) => {
        const sample = samples.find((s) => s.name === family.name && Number(s.labels.quantile) === q);
        assert.ok(sample, `quantile ${q}`);
        samples.splice(samples.indexOf(sample), 1);
        sameNumber(sample.value, p.quantileValues[i]!, 'quantile value');
      });
      sameNumber(take(`${family.name}_sum`, labels).value, p.sum, 'sum');
      sameNumber(take(`${family.name}_count`, labels).value, p.count, 'count');
    }
  }
  assert.deepEqual(samples, [], 'unexpected extra samples');
}

describe('round trip through the exposition writers', () => {
  for (const format of ['prometheus', 'openmetrics'] as const) {
    it(`${format}: MetricFamily -> text -> parseExposition keeps names, types, help, labels and values`, () => {
      fc.assert(
        fc.property(familiesArbitrary, (families) => {
          const text = format === 'prometheus' ? formatPrometheusText(families) : formatOpenMetrics(families);
          const parsed = parseExposition(text, { format });
          assert.equal(parsed.length, families.length, text);
          families.forEach((family, i) => {
            const got = parsed[i]!;
            const name =
              format === 'openmetrics' && family.type === 'counter'
                ? family.name.slice(0, -'_total'.length)
                : family.name;
            assert.deepEqual([got.name, got.type, got.help], [name, family.type, family.help]);
            checkSamples(family, got, format);
          });
        }),
        { numRuns: 200 },
      );
    });
  }
});
