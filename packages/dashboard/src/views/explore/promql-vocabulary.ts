// PromQL's functions, aggregations and keywords for autocomplete, with a signature and one line of
// help each. The stable functions of Prometheus 3 (packages/promql/src/parser/functions.ts lists
// them for the parser; a test keeps the two in step). The parser is not bundled: it would add
// ~60 KB to the page for a list of names.

export interface VocabularyEntry {
  readonly name: string;
  readonly kind: 'function' | 'aggregation' | 'keyword';
  /** e.g. `rate(v range-vector)`. */
  readonly signature: string;
  readonly help: string;
}

const V = 'v instant-vector';
const R = 'v range-vector';

const FUNCTIONS: readonly (readonly [string, string, string])[] = [
  ['abs', V, 'absolute value of each sample'],
  ['absent', V, '1-element vector when the input is empty, else nothing'],
  ['absent_over_time', R, '1-element vector when the range has no samples'],
  ['acos', V, 'arccosine'],
  ['acosh', V, 'inverse hyperbolic cosine'],
  ['asin', V, 'arcsine'],
  ['asinh', V, 'inverse hyperbolic sine'],
  ['atan', V, 'arctangent'],
  ['atanh', V, 'inverse hyperbolic tangent'],
  ['avg_over_time', R, 'average of the samples in the range'],
  ['ceil', V, 'rounds up to the nearest integer'],
  ['changes', R, 'how often the value changed in the range'],
  ['clamp', `${V}, min scalar, max scalar`, 'limits samples to [min, max]'],
  ['clamp_max', `${V}, max scalar`, 'limits samples to at most max'],
  ['clamp_min', `${V}, min scalar`, 'limits samples to at least min'],
  ['cos', V, 'cosine'],
  ['cosh', V, 'hyperbolic cosine'],
  ['count_over_time', R, 'number of samples in the range'],
  ['day_of_month', 'v=vector(time()) instant-vector', 'day of the month (1–31), UTC'],
  ['day_of_week', 'v=vector(time()) instant-vector', 'day of the week (0 = Sunday), UTC'],
  ['day_of_year', 'v=vector(time()) instant-vector', 'day of the year (1–366), UTC'],
  ['days_in_month', 'v=vector(time()) instant-vector', 'days in the month, UTC'],
  ['deg', V, 'radians to degrees'],
  ['delta', R, 'last minus first value, extrapolated (gauges)'],
  ['deriv', R, 'per-second derivative by linear regression (gauges)'],
  ['exp', V, 'e to the power of each sample'],
  ['floor', V, 'rounds down to the nearest integer'],
  ['histogram_avg', V, 'average of native histograms'],
  ['histogram_count', V, 'observation count of native histograms'],
  [
    'histogram_fraction',
    `lower scalar, upper scalar, ${V}`,
    'fraction of observations between lower and upper',
  ],
  ['histogram_quantile', `φ scalar, ${V}`, 'φ-quantile (0–1) from histogram buckets (by le)'],
  ['histogram_stddev', V, 'standard deviation of native histograms'],
  ['histogram_stdvar', V, 'standard variance of native histograms'],
  ['histogram_sum', V, 'sum of observations of native histograms'],
  ['hour', 'v=vector(time()) instant-vector', 'hour of the day (0–23), UTC'],
  ['idelta', R, 'difference of the last two samples'],
  ['increase', R, 'increase of a counter over the range'],
  ['irate', R, 'per-second rate from the last two samples'],
  ['label_join', `${V}, dst string, separator string, src string...`, 'joins label values into a new label'],
  [
    'label_replace',
    `${V}, dst string, replacement string, src string, regex string`,
    'sets a label from a regex match',
  ],
  ['last_over_time', R, 'most recent sample in the range'],
  ['ln', V, 'natural logarithm'],
  ['log10', V, 'decimal logarithm'],
  ['log2', V, 'binary logarithm'],
  ['max_over_time', R, 'maximum of the samples in the range'],
  ['min_over_time', R, 'minimum of the samples in the range'],
  ['minute', 'v=vector(time()) instant-vector', 'minute of the hour (0–59), UTC'],
  ['month', 'v=vector(time()) instant-vector', 'month of the year (1–12), UTC'],
  ['pi', '', 'the number π'],
  ['predict_linear', `${R}, t scalar`, 'value in t seconds, by linear regression'],
  ['present_over_time', R, '1 for any series with samples in the range'],
  ['quantile_over_time', `φ scalar, ${R}`, 'φ-quantile (0–1) of the samples in the range'],
  ['rad', V, 'degrees to radians'],
  ['rate', R, 'per-second average rate of a counter over the range'],
  ['resets', R, 'number of counter resets in the range'],
  ['round', `${V}, to_nearest=1 scalar`, 'rounds to the nearest multiple of to_nearest'],
  ['scalar', V, 'the single sample as a scalar (NaN otherwise)'],
  ['sgn', V, 'sign: 1, -1 or 0'],
  ['sin', V, 'sine'],
  ['sinh', V, 'hyperbolic sine'],
  ['sort', V, 'sorts by value, ascending'],
  ['sort_desc', V, 'sorts by value, descending'],
  ['sqrt', V, 'square root'],
  ['stddev_over_time', R, 'standard deviation of the samples in the range'],
  ['stdvar_over_time', R, 'standard variance of the samples in the range'],
  ['sum_over_time', R, 'sum of the samples in the range'],
  ['tan', V, 'tangent'],
  ['tanh', V, 'hyperbolic tangent'],
  ['time', '', 'evaluation time in seconds since the epoch'],
  ['timestamp', V, 'timestamp of each sample, in seconds'],
  ['vector', 's scalar', 'the scalar as a vector without labels'],
  ['year', 'v=vector(time()) instant-vector', 'year, UTC'],
];

const AGGREGATIONS: readonly (readonly [string, string, string])[] = [
  ['sum', 'v', 'sum over dimensions'],
  ['avg', 'v', 'average over dimensions'],
  ['min', 'v', 'minimum over dimensions'],
  ['max', 'v', 'maximum over dimensions'],
  ['count', 'v', 'number of elements'],
  ['group', 'v', '1 per group'],
  ['stddev', 'v', 'population standard deviation'],
  ['stdvar', 'v', 'population standard variance'],
  ['topk', 'k, v', 'largest k elements by value'],
  ['bottomk', 'k, v', 'smallest k elements by value'],
  ['quantile', 'φ, v', 'φ-quantile (0–1) over dimensions'],
  ['count_values', '"label", v', 'number of elements with the same value'],
  ['limitk', 'k, v', 'k elements, chosen stably (experimental)'],
  ['limit_ratio', 'r, v', 'a ratio r of the elements (experimental)'],
];

const KEYWORDS: readonly (readonly [string, string])[] = [
  ['by', 'keep only these labels in an aggregation'],
  ['without', 'drop these labels in an aggregation'],
  ['on', 'match only on these labels'],
  ['ignoring', 'match ignoring these labels'],
  ['group_left', 'many-to-one matching'],
  ['group_right', 'one-to-many matching'],
  ['bool', 'comparison returns 0/1 instead of filtering'],
  ['offset', 'shift the evaluation time back'],
  ['and', 'intersection of vectors'],
  ['or', 'union of vectors'],
  ['unless', 'complement of vectors'],
  ['atan2', 'binary arctangent operator'],
];

export const VOCABULARY: readonly VocabularyEntry[] = [
  ...FUNCTIONS.map(([name, args, help]) => ({
    name,
    kind: 'function' as const,
    signature: `${name}(${args})`,
    help,
  })),
  ...AGGREGATIONS.map(([name, args, help]) => ({
    name,
    kind: 'aggregation' as const,
    signature: `${name} [by|without (labels)] (${args})`,
    help,
  })),
  ...KEYWORDS.map(([name, help]) => ({ name, kind: 'keyword' as const, signature: name, help })),
];

/** Names of the stable functions, for the test that compares them with the parser's. */
export const FUNCTION_NAMES: readonly string[] = FUNCTIONS.map(([name]) => name);

/** Words after which `(` opens a list of label names, not a call. */
export const GROUPING_KEYWORDS: ReadonlySet<string> = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
]);
