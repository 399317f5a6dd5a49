import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseExposition } from '../parser/parse-exposition.js';
import type { HistogramFamily, SummaryFamily } from '../types.js';
import { formatOpenMetrics } from './openmetrics.js';
import { formatPrometheusText } from './prometheus-text.js';

// OpenMetrics requires histogram sums and every summary value to be non-negative (conformance
// cases bad_histograms_3, bad_counter_values_17 and _19); these families must still produce valid output.
const histogram: HistogramFamily = {
  name: 'drift_seconds',
  help: 'Clock drift.',
  unit: '',
  type: 'histogram',
  labelNames: ['host'],
  buckets: [-1, 0, 1],
  points: [{ labelValues: ['a'], cumulativeCounts: [1, 2, 3, 3], sum: -0.5, count: 3 }],
};

function summary(quantileValues: number[], sum: number): SummaryFamily {
  return {
    name: 'offset_seconds',
    help: 'Offsets.',
    unit: '',
    type: 'summary',
    labelNames: ['host'],
    quantiles: [0.5, 0.99],
    points: [{ labelValues: ['a'], quantileValues, sum, count: 4, min: -2, max: 3, windowCount: 4 }],
  };
}

describe('OpenMetrics output for negative values', () => {
  it('leaves out _sum and _count of a histogram with negative buckets', () => {
    const text = formatOpenMetrics([histogram]);
    assert.doesNotMatch(text, /drift_seconds_(sum|count)/);
    const [family] = parseExposition(text, { format: 'openmetrics' });
    assert.equal(family?.samples.length, 4);
    assert.match(formatPrometheusText([histogram]), /drift_seconds_sum\{host="a"\} -0\.5/);
  });

  it('leaves out negative quantile values, and _sum with _count when the sum is negative', () => {
    const mixed = formatOpenMetrics([summary([-1, 3], -2)]);
    assert.deepEqual(
      parseExposition(mixed, { format: 'openmetrics' })[0]?.samples.map((s) => [
        s.name,
        s.labels.quantile,
        s.value,
      ]),
      [['offset_seconds', '0.99', 3]],
    );
    const allNegative = formatOpenMetrics([summary([-1, -0.5], 5)]);
    assert.deepEqual(
      parseExposition(allNegative, { format: 'openmetrics' })[0]?.samples.map((s) => [s.name, s.value]),
      [
        ['offset_seconds_sum', 5],
        ['offset_seconds_count', 4],
      ],
    );
    const nothing = formatOpenMetrics([summary([-1, -0.5], -5)]);
    assert.equal(parseExposition(nothing, { format: 'openmetrics' })[0]?.samples.length ?? 0, 0);
    assert.match(
      formatPrometheusText([summary([-1, 3], -2)]),
      /offset_seconds\{host="a",quantile="0.5"\} -1/,
    );
  });
});
