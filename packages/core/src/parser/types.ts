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
  /**
   * Only with the `seriesText` option: the sample's series as written in the exposition, from
   * the first character of its name to the closing '}' of its labels (just the name when it has
   * none), e.g. `http_requests_total{method="GET",code="200"}`. The same text always parses to
   * the same name and labels; other texts (label order, spacing, escapes) may too.
   */
  readonly series?: string;
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
  /**
   * Hands each sample its series text (`sample.series`) and builds `sample.labels` only when it
   * is read; default false. For callers that look series up by their text (as a scrape cache
   * does) and so need the labels only for series they have not seen. The text is a slice of the
   * input: copy it before keeping it for long, or it keeps the whole chunk in memory.
   */
  readonly seriesText?: boolean;
}

/** Mutable family record shared by the parsers; exposed only through the readonly interfaces. */
export interface FamilyRecord {
  name: string;
  type: ParsedFamilyType;
  help: string;
  unit: string;
  samples: ParsedSample[];
}
