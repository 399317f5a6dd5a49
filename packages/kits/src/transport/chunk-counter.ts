import { byteLength } from './byte-length.js';
import { createFramer, type Framing } from './framing.js';
import type { ChunkObserver } from './stream-tap.js';
import type { Direction, TransportMetrics } from './transport-metrics.js';

const UTF8 = new Set(['utf8', 'utf-8', 'UTF8', 'UTF-8']);

/**
 * Counts the chunks of one direction of a stream: bytes as they flow, messages as `framing` finds
 * them. Strings in another encoding (`write(text, 'base64')`) are counted as the bytes they become.
 * Object-mode chunks are only messages with `framing: 'chunk'`.
 */
export function chunkCounter(
  metrics: TransportMetrics,
  direction: Direction,
  framing: Framing,
): ChunkObserver {
  const framer = createFramer(framing, (size) => metrics.message(direction, size), byteLength);
  return (chunk, encoding) => {
    if (typeof chunk === 'string') {
      if (encoding === undefined || (typeof encoding === 'string' && UTF8.has(encoding))) {
        metrics.bytes(direction, Buffer.byteLength(chunk, 'utf8'));
        framer.feed(chunk);
      } else {
        const bytes = Buffer.from(
          chunk,
          typeof encoding === 'string' && Buffer.isEncoding(encoding) ? encoding : 'utf8',
        );
        metrics.bytes(direction, bytes.length);
        framer.feed(bytes);
      }
    } else if (chunk instanceof Uint8Array) {
      metrics.bytes(direction, chunk.byteLength);
      framer.feed(chunk);
    } else if (framing === 'chunk') {
      metrics.bytes(direction, byteLength(chunk));
      framer.feed(chunk as Uint8Array);
    }
  };
}
