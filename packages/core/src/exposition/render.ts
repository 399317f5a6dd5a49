import { InvalidConfigError } from '../errors.js';
import type { MetricFamily } from '../types.js';
import { formatJson } from './json.js';
import { formatOpenMetrics } from './openmetrics.js';
import { formatPrometheusText } from './prometheus-text.js';
import type { ExpositionFormat } from './stream.js';

/**
 * What every `metrics(format)` does: checks `format` before collecting (an unknown one rejects with
 * InvalidConfigError), then renders `collect()`'s families in it.
 */
export async function renderMetrics(
  format: ExpositionFormat,
  collect: () => Promise<MetricFamily[]>,
): Promise<string> {
  if (format !== 'prometheus' && format !== 'openmetrics' && format !== 'json') {
    throw new InvalidConfigError(
      'format',
      `Unknown exposition format "${String(format)}"; use prometheus, openmetrics or json`,
    );
  }
  const families = await collect();
  if (format === 'openmetrics') return formatOpenMetrics(families);
  if (format === 'json') return JSON.stringify(formatJson(families));
  return formatPrometheusText(families);
}
