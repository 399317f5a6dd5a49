import { InvalidConfigError } from '../errors.js';
import type { MetricFamily } from '../types.js';
import type { FamilyWriter } from './family-writer.js';
import { jsonWriter } from './json.js';
import { openMetricsWriter } from './openmetrics.js';
import { prometheusTextWriter } from './prometheus-text.js';
import { TextSink } from './text-sink.js';

/** The formats a registry can be written in (`registry.metrics(format)`, `streamExposition`). */
export type ExpositionFormat = 'prometheus' | 'openmetrics' | 'json';

export interface StreamExpositionOptions {
  /**
   * Series per chunk (default 1000). Each chunk is written synchronously; between chunks the
   * generator waits for `setImmediate`, so timers and I/O run. 1000 histogram series with 11
   * buckets take a few milliseconds to write.
   */
  chunkSeries?: number;
}

const DEFAULT_CHUNK_SERIES = 1000;

const WRITERS: Record<ExpositionFormat, FamilyWriter> = {
  prometheus: prometheusTextWriter,
  openmetrics: openMetricsWriter,
  json: jsonWriter,
};

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Writes the families in chunks, yielding to the event loop between chunks so that exposing a
 * very large registry never stalls the process. The chunks concatenate to exactly what
 * `formatPrometheusText`, `formatOpenMetrics` or `JSON.stringify(formatJson(...))` return.
 *
 * An unknown `format` or a bad `chunkSeries` rejects the first `next()` with `InvalidConfigError`.
 */
export async function* streamExposition(
  families: readonly MetricFamily[],
  format: ExpositionFormat,
  options: StreamExpositionOptions = {},
): AsyncGenerator<string, void, undefined> {
  if (!Object.hasOwn(WRITERS, format)) {
    throw new InvalidConfigError(
      'format',
      `streamExposition: unknown format "${String(format)}"; use 'prometheus', 'openmetrics' or 'json'`,
    );
  }
  const writer = WRITERS[format];
  const chunkSeries = options.chunkSeries ?? DEFAULT_CHUNK_SERIES;
  if (!(Number.isSafeInteger(chunkSeries) && chunkSeries >= 1)) {
    throw new InvalidConfigError(
      'chunkSeries',
      `streamExposition: chunkSeries must be a whole number >= 1, got ${String(chunkSeries)}`,
    );
  }
  const sink = new TextSink();
  sink.write(writer.start);
  // Headers count as one series each, so many tiny families also get split.
  let pending = 0;
  for (let index = 0; index < families.length; index++) {
    const family = families[index]!;
    sink.write(writer.familyStart(family, index));
    pending++;
    const length = family.points.length;
    let from = 0;
    while (true) {
      if (pending >= chunkSeries) {
        yield sink.take();
        pending = 0;
        await nextTurn();
      }
      if (from >= length) break;
      const to = Math.min(length, from + chunkSeries - pending);
      writer.points(family, from, to, sink);
      pending += to - from;
      from = to;
    }
    sink.write(writer.familyEnd(family, index));
  }
  sink.write(writer.end);
  if (sink.position > 0) yield sink.take();
}
