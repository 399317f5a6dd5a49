import type { Exemplar, Labels } from '../types.js';

/** The exposition formats the parser reads. */
export type ParseFormat = 'prometheus' | 'openmetrics';

/**
 * A family's type as written in the exposition. Prometheus text `untyped` is reported as `unknown`;
 * `gaugehistogram`, `info` and `stateset` only occur in OpenMetrics.
 */
export type ParsedFamilyType =
  | 'counter'
  | 'gauge'
  | 'histogram'
  | 'gaugehistogram'
  | 'summary'
  | 'info'
  | 'stateset'
  | 'unknown';

export interface ParsedSample {
  /** The sample's own name, e.g. `http_requests_total` or `latency_seconds_bucket`. */
  readonly name: string;
  readonly labels: Labels;
  readonly value: number;
  /** Milliseconds since the Unix epoch (OpenMetrics seconds are converted). */
  readonly timestamp?: number;
  /** Only in OpenMetrics, only on counter `_total` and histogram `_bucket` samples. */
  readonly exemplar?: Exemplar;
}

/** A family's metadata without its samples, as handed to streaming callbacks. */
export interface ParsedFamilyInfo {
  /**
   * The family name: in OpenMetrics the name without type suffixes (`http_requests` for
   * `http_requests_total`); in Prometheus text the name of the TYPE line, or the sample name
   * for samples without metadata.
   */
  readonly name: string;
  readonly type: ParsedFamilyType;
  /** Unescaped HELP text, '' when absent. */
  readonly help: string;
  /** OpenMetrics UNIT, '' when absent (always '' in Prometheus text). */
  readonly unit: string;
}

export interface ParsedFamily extends ParsedFamilyInfo {
  /** In exposition order. */
  readonly samples: readonly ParsedSample[];
}

export interface ParseOptions {
  /** Which grammar to apply; default 'prometheus' (text format 0.0.4). */
  readonly format?: ParseFormat;
}

export interface StreamParseOptions extends ParseOptions {
  /**
   * Called for every sample, in order. `family` is the live family object: metadata lines that
   * follow (Prometheus text allows HELP after samples) update it.
   */
  readonly onSample: (sample: ParsedSample, family: ParsedFamilyInfo) => void;
  /** Called once per family, when its first line (metadata or sample) is read. */
  readonly onFamily?: (family: ParsedFamilyInfo) => void;
}

/** Mutable family record shared by the parsers; exposed only through the readonly interfaces. */
export interface FamilyRecord {
  name: string;
  type: ParsedFamilyType;
  help: string;
  unit: string;
  samples: ParsedSample[];
}
