/**
 * Server-Sent Events. Server side: the response's `write`/`end` are observed (see stream-tap.ts)
 * and events found by the SSE grammar, so any way of writing them works (one write per event,
 * several per event, several events per write). Client side: a pass-through over a fetch body
 * stream that counts events as the bytes arrive and hands the same chunks on.
 */
import {
  adapterMetrics,
  instrumentation,
  type TransportAdapterOptions,
  type TransportInstrumentation,
} from './adapter.js';
import { chunkCounter } from './chunk-counter.js';
import { tapWritable } from './stream-tap.js';

/** The parts of a node:http ServerResponse (or any writable) instrumentSse uses. */
export interface SseResponseLike {
  write(chunk: never, ...rest: never[]): unknown;
  once(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
  /** node:http sets it: the request, whose `Last-Event-ID` header marks a client reconnecting. */
  readonly req?: { readonly headers?: Readonly<Record<string, unknown>> };
}

/**
 * Counts the events written to a server-side SSE response (messages = blocks with a `data` field;
 * comment keep-alives count as bytes only), and a reconnection when the request carries
 * `Last-Event-ID` (what EventSource sends when it reconnects). Detaches when the response closes.
 */
export function instrumentSse(
  res: SseResponseLike,
  options: TransportAdapterOptions = {},
): TransportInstrumentation {
  const { metrics, owned } = adapterMetrics(options, 'sse', 'instrumentSse');
  const restore = tapWritable(res, chunkCounter(metrics, 'sent', 'sse'));
  let handle: TransportInstrumentation;
  const onClose = () => handle.stop();
  res.once('close', onClose);
  handle = instrumentation(metrics, owned, () => {
    restore();
    res.off('close', onClose);
    metrics.closed();
  });
  metrics.opened();
  try {
    const lastEventId = res.req?.headers?.['last-event-id'];
    if (lastEventId !== undefined && lastEventId !== '') metrics.reconnect();
  } catch {
    // An unusual request object: no reconnection to count.
  }
  return handle;
}

/**
 * Wraps the body of an SSE response (`(await fetch(url)).body`) in a stream that yields the same
 * chunks, counting received bytes and events. Read the returned stream instead of the original
 * (which it locks). Cancelling it cancels the original; an error of the original is passed on and
 * counted. Pass a kept `metrics` for each reconnection to count reconnections.
 */
export function instrumentSseStream(
  body: ReadableStream<Uint8Array>,
  options: TransportAdapterOptions = {},
): ReadableStream<Uint8Array> {
  const { metrics, owned } = adapterMetrics(options, 'sse', 'instrumentSseStream');
  const count = chunkCounter(metrics, 'received', 'sse');
  const reader = body.getReader();
  const handle = instrumentation(metrics, owned, () => metrics.closed());
  metrics.opened();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let result: Awaited<ReturnType<typeof reader.read>>;
        try {
          result = await reader.read();
        } catch (error) {
          try {
            metrics.error(error);
          } finally {
            handle.stop();
          }
          controller.error(error);
          return;
        }
        if (result.done) {
          handle.stop();
          controller.close();
          return;
        }
        try {
          count(result.value, undefined);
        } catch {
          // Counting must never break reading.
        }
        controller.enqueue(result.value);
      },
      cancel(reason) {
        handle.stop();
        return reader.cancel(reason);
      },
    },
    // No read-ahead: the source is pulled only as fast as the consumer reads, as without the wrapper.
    { highWaterMark: 0 },
  );
}
