import { InvalidConfigError } from '../errors.js';
import type { LineParser } from './line-parser.js';
import { OpenMetricsParser } from './openmetrics.js';
import { PrometheusTextParser } from './prometheus-text.js';
import type { FamilyRecord, ParsedFamily, ParseOptions, StreamParseOptions } from './types.js';

/** A parser fed in chunks, e.g. straight from an HTTP response body. */
export interface ExpositionStreamParser {
  /** Parses the complete lines of `chunk`; a partial last line waits for the next chunk. */
  write(chunk: string): void;
  /** Parses what is left and runs the end-of-input checks (OpenMetrics: `# EOF`, last point). */
  end(): void;
}

function createParser(options: StreamParseOptions): LineParser {
  const format = options.format ?? 'prometheus';
  if (format === 'prometheus') return new PrometheusTextParser(options);
  if (format === 'openmetrics') return new OpenMetricsParser(options);
  throw new InvalidConfigError(
    'format',
    `unknown exposition format ${JSON.stringify(format)}: use "prometheus" or "openmetrics"`,
  );
}

/**
 * Parses a Prometheus text (0.0.4) or OpenMetrics 1.0 exposition into families, in exposition
 * order. Throws `ExpositionParseError` (with 1-based `line` and `column`) at the first
 * violation of the format.
 *
 * ```ts
 * const families = parseExposition(body, { format: 'openmetrics' });
 * ```
 */
export function parseExposition(text: string, options: ParseOptions = {}): ParsedFamily[] {
  const families: FamilyRecord[] = [];
  const parser = createParser({
    format: options.format,
    onFamily: (family) => families.push(family as FamilyRecord),
    onSample: (sample, family) => (family as FamilyRecord).samples.push(sample),
  });
  parser.write(text);
  parser.end();
  return families;
}

/**
 * Streaming form of `parseExposition`: calls `onSample` for each sample instead of collecting
 * them, and accepts the input in chunks, so that a large scrape never has to be held whole nor
 * kept as objects. Errors are thrown from `write()`/`end()`.
 *
 * ```ts
 * const parser = createExpositionParser({ format: 'prometheus', onSample: (s, family) => store(family.name, s) });
 * for await (const chunk of body) parser.write(chunk);
 * parser.end();
 * ```
 */
export function createExpositionParser(options: StreamParseOptions): ExpositionStreamParser {
  if (typeof options?.onSample !== 'function') {
    throw new InvalidConfigError('onSample', 'createExpositionParser() needs an onSample callback');
  }
  return createParser(options);
}
