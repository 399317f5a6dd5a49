// Function kernels: pure numeric code over one series' samples, no AST knowledge.

export { almostEqual } from './almost-equal.js';
export { annotationText, formatGoFloat } from './annotations.js';
export { changes, resets } from './counters.js';
export {
  DATE_FUNCTIONS,
  dayOfMonth,
  dayOfWeek,
  dayOfYear,
  daysInMonth,
  hour,
  minute,
  month,
  year,
} from './date.js';
export {
  type Bucket,
  type BucketQuantileResult,
  bucketFraction,
  bucketQuantile,
  parseBucketBound,
  SMALL_DELTA_TOLERANCE,
} from './histogram.js';
export { KahanSum, kahanInc, kahanState, kahanSum } from './kahan.js';
export { clamp, clampMax, clampMin, ELEMENT_FUNCTIONS, round, sgn } from './math.js';
export {
  avgOverTime,
  countOverTime,
  firstOverTime,
  lastOverTime,
  madOverTime,
  maxOverTime,
  minOverTime,
  presentOverTime,
  quantileOverTime,
  stddevOverTime,
  stdvarOverTime,
  sumOverTime,
  tsOfExtremeOverTime,
  tsOfFirstOverTime,
  tsOfLastOverTime,
} from './over-time.js';
export { extrapolate, extrapolatedRate, idelta, instantValue, irate } from './rate.js';
export { deriv, linearRegression, predictLinear, type Regression } from './regression.js';
export { doubleExponentialSmoothing, KernelArgumentError } from './smoothing.js';
export {
  AggregationMean,
  AggregationVariance,
  compareNaNFirst,
  quantile,
  stddev,
  stdvar,
  VarianceAccumulator,
} from './statistics.js';
