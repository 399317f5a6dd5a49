/**
 * Every error @telemeter/core throws, defined once with a stable `code` callers can branch on.
 * Errors are thrown only when something is *created* or configured (a metric, a registry, a
 * parse call); recording a value never throws (see self-metrics.ts).
 * Codes are never reused or renamed; new ones are only added.
 */

export class TelemeterError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A metric definition is invalid: bad name, bad label names, reserved labels, bad buckets or quantiles. */
export class InvalidMetricError extends TelemeterError {
  readonly metric: string;
  constructor(metric: string, message: string) {
    super('TELEMETER_ERR_INVALID_METRIC', message);
    this.metric = metric;
  }
}

/** A metric with this name is already registered with a different definition. */
export class DuplicateMetricError extends TelemeterError {
  readonly metric: string;
  constructor(metric: string, message: string) {
    super('TELEMETER_ERR_DUPLICATE_METRIC', message);
    this.metric = metric;
  }
}

/** A label set passed where one is validated eagerly (e.g. `remove()`) does not match the declared names. */
export class InvalidLabelsError extends TelemeterError {
  readonly metric: string;
  constructor(metric: string, message: string) {
    super('TELEMETER_ERR_INVALID_LABELS', message);
    this.metric = metric;
  }
}

/** Configuration (options object or environment variable) is invalid. */
export class InvalidConfigError extends TelemeterError {
  readonly key: string;
  constructor(key: string, message: string) {
    super('TELEMETER_ERR_INVALID_CONFIG', message);
    this.key = key;
  }
}

/** Exposition text could not be parsed; `line` and `column` are 1-based. */
export class ExpositionParseError extends TelemeterError {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super('TELEMETER_ERR_PARSE', `line ${line}, column ${column}: ${message}`);
    this.line = line;
    this.column = column;
  }
}

/**
 * A quantile sketch could not be restored or merged: the snapshot is malformed, or two sketches with
 * different relative accuracy were merged (their buckets do not line up).
 */
export class InvalidSketchError extends TelemeterError {
  constructor(message: string) {
    super('TELEMETER_ERR_INVALID_SKETCH', message);
  }
}

/** The metrics HTTP server (`serveMetrics`) could not listen, e.g. the port is in use. */
export class ServerListenError extends TelemeterError {
  readonly host: string;
  readonly port: number;
  constructor(host: string, port: number, message: string, options?: { cause?: unknown }) {
    super('TELEMETER_ERR_LISTEN', message, options);
    this.host = host;
    this.port = port;
  }
}
