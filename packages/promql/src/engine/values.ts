// The values a PromQL query returns (Prometheus's promql/value.go), shaped for JavaScript: range results
// keep their points in typed arrays rather than one object per point.
import type { Labels } from '@telemeter/storage';

/** A single number at an evaluation time. */
export interface Scalar {
  readonly t: number;
  readonly v: number;
}

/** One element of an instant vector: a series' labels and its value at the evaluation time. */
export interface Sample {
  readonly labels: Labels;
  readonly t: number;
  readonly v: number;
}

export type Vector = Sample[];

/** One series of a range result: timestamps (ms) and values, index-aligned and ascending in time. */
export interface Series {
  readonly labels: Labels;
  readonly ts: Float64Array;
  readonly vs: Float64Array;
}

export type Matrix = Series[];

export interface StringValue {
  readonly t: number;
  readonly v: string;
}

export type ResultType = 'scalar' | 'vector' | 'matrix' | 'string';

interface ResultBase {
  /** Prometheus's warning annotations, rendered as its API does ("PromQL warning: ... (1:5)"). */
  readonly warnings: string[];
  /** Prometheus's info annotations ("PromQL info: ... (1:5)"). */
  readonly infos: string[];
}

export interface ScalarResult extends ResultBase {
  readonly resultType: 'scalar';
  readonly result: Scalar;
}

export interface VectorResult extends ResultBase {
  readonly resultType: 'vector';
  readonly result: Vector;
}

export interface MatrixResult extends ResultBase {
  readonly resultType: 'matrix';
  readonly result: Matrix;
}

export interface StringResult extends ResultBase {
  readonly resultType: 'string';
  readonly result: StringValue;
}

/** What `instantQuery` and `rangeQuery` resolve to; `resultType` tells which `result` it holds. */
export type QueryResult = ScalarResult | VectorResult | MatrixResult | StringResult;
