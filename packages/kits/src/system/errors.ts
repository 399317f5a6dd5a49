import { TelemeterError } from '@telemeter/core';

/**
 * A source of system metrics (a /proc file, `os.cpus()`) could not be read or held no usable value
 * at collect time. It is thrown inside the metrics' collect callbacks, where the registry catches
 * it: the families that depend on the source are left out of that scrape and the registry warns
 * once per metric (`TELEMETER_W_COLLECT_FAILED`, with this message). It never reaches the scrape.
 */
export class SystemMetricsReadError extends TelemeterError {
  /** The file or API that failed, e.g. `/proc/meminfo` or `os.cpus()`. */
  readonly source: string;

  constructor(source: string, message: string, options?: { cause?: unknown }) {
    super('TELEMETER_ERR_SYSTEM_READ', `telemeter system metrics: ${message}`, options);
    this.source = source;
  }
}
