// Texts of the annotations Prometheus attaches to function results (util/annotations). The
// engine appends the position, " (line:column)", when it renders them for a query.

/** Go's %g for a float64: the shortest digits, in exponent form when the exponent is < -4 or >= 6. */
export function formatGoFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mantissa, exponent] = v.toExponential().split('e') as [string, string];
  const exp = Number(exponent);
  if (exp >= -4 && exp < 6) return String(v);
  const digits = String(Math.abs(exp));
  return `${mantissa}e${exp < 0 ? '-' : '+'}${digits.length < 2 ? `0${digits}` : digits}`;
}

const quote = (s: string): string => JSON.stringify(s);
const forMetric = (metricName: string): string =>
  metricName === '' ? '' : ` for metric name ${quote(metricName)}`;

export const annotationText = {
  invalidQuantile: (q: number) =>
    `PromQL warning: quantile value should be between 0 and 1, got ${formatGoFloat(q)}`,
  invalidRatio: (ratio: number, cappedTo: number) =>
    `PromQL warning: ratio value should be between -1 and 1, got ${formatGoFloat(ratio)}, capping to ${formatGoFloat(cappedTo)}`,
  badBucketLabel: (metricName: string, le: string) =>
    `PromQL warning: bucket label "le" is missing or has a malformed value of ${quote(le)}${forMetric(metricName)}`,
  mixedClassicNativeHistograms: (metricName: string) =>
    `PromQL warning: vector contains a mix of classic and native histograms${forMetric(metricName)}`,
  mixedFloatsHistograms: (metricName: string) =>
    `PromQL warning: encountered a mix of histograms and floats for metric name ${quote(metricName)}`,
  histogramQuantileForcedMonotonicity: (metricName: string) =>
    `PromQL info: input to histogram_quantile needed to be fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)${forMetric(metricName)}`,
  possibleNonCounter: (metricName: string) =>
    `PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: ${quote(metricName)}`,
  histogramIgnoredInMixedRange: (metricName: string) =>
    `PromQL info: ignored histograms in a range containing both floats and histograms for metric name ${quote(metricName)}`,
  histogramIgnoredInAggregation: (aggregation: string) =>
    `PromQL info: ignored histogram in ${aggregation} aggregation`,
} as const;
