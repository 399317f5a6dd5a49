import {
  CONTENT_TYPE_JSON,
  CONTENT_TYPE_OPENMETRICS,
  CONTENT_TYPE_PROMETHEUS,
  negotiate,
} from '../exposition/negotiate.js';
import { type ExpositionFormat, streamExposition } from '../exposition/stream.js';
import { prefersJson } from './accept.js';
import type { MetricsSource } from './options.js';

export interface FormatChoice {
  readonly format: ExpositionFormat;
  readonly contentType: string;
}

const FORMAT_PARAMS: readonly string[] = ['prometheus', 'openmetrics', 'json'];

/**
 * Picks the exposition format: an explicit `?format=` wins, then `Accept: application/json`,
 * then Prometheus's own negotiation (OpenMetrics when asked for, else text 0.0.4).
 * Returns `undefined` for an unknown `?format=` value.
 */
export function chooseFormat(
  accept: string | undefined,
  formatParam?: string | null,
): FormatChoice | undefined {
  if (formatParam !== undefined && formatParam !== null && formatParam !== '') {
    if (!FORMAT_PARAMS.includes(formatParam)) return undefined;
    if (formatParam === 'json') return { format: 'json', contentType: CONTENT_TYPE_JSON };
    if (formatParam === 'openmetrics')
      return { format: 'openmetrics', contentType: CONTENT_TYPE_OPENMETRICS };
    return { format: 'prometheus', contentType: CONTENT_TYPE_PROMETHEUS };
  }
  if (prefersJson(accept)) return { format: 'json', contentType: CONTENT_TYPE_JSON };
  return negotiate(accept);
}

export function unknownFormatMessage(formatParam: string): string {
  return `Unknown format ${JSON.stringify(formatParam)}: use ?format=prometheus, ?format=openmetrics or ?format=json.\n`;
}

/**
 * A collected exposition: the whole `text` when it fitted in one chunk of the writer (up to 1000
 * series, the usual case), else its `chunks` to stream.
 */
export type ExpositionBody =
  | { readonly text: string; readonly chunks?: undefined }
  | { readonly text?: undefined; readonly chunks: AsyncIterable<string> };

/**
 * Collects and writes the exposition as far as its second chunk. Everything that can fail before
 * the first byte (the collect, the first two chunks) rejects here, so callers can still answer a
 * clean 500; a failure after that surfaces from `chunks`.
 */
export async function openExpositionBody(
  source: MetricsSource,
  format: ExpositionFormat,
): Promise<ExpositionBody> {
  const families = await source.collect();
  const chunks = streamExposition(families, format)[Symbol.asyncIterator]();
  const first = await chunks.next();
  if (first.done) return { text: '' };
  // The end of a one-chunk exposition comes back at once (no turn of the event loop).
  const second = await chunks.next();
  if (second.done) return { text: first.value };
  return {
    chunks: {
      async *[Symbol.asyncIterator]() {
        // When the consumer stops early (client gone), close the writer's generator right away.
        try {
          yield first.value;
          yield second.value;
          for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
        } finally {
          await chunks.return?.();
        }
      },
    },
  };
}

/** The exposition's chunks, whatever its size (see openExpositionBody for what rejects here). */
export async function openExposition(
  source: MetricsSource,
  format: ExpositionFormat,
): Promise<AsyncIterable<string>> {
  const body = await openExpositionBody(source, format);
  if (body.chunks !== undefined) return body.chunks;
  const text = body.text;
  return {
    async *[Symbol.asyncIterator]() {
      if (text !== '') yield text;
    },
  };
}

/** Drains an exposition into one string (for frameworks that want the whole body). */
export async function readAll(chunks: AsyncIterable<string>): Promise<string> {
  let body = '';
  for await (const chunk of chunks) body += chunk;
  return body;
}
