/**
 * Stdio-like transports: a readable and a writable byte stream carrying framed messages, such as
 * an MCP server's stdin/stdout or a client's view of a child process (`child.stdout`,
 * `child.stdin`). Both sides are observed without changing how they flow (see stream-tap.ts).
 */
import { InvalidConfigError } from '@telemeter/core';
import {
  adapterMetrics,
  instrumentation,
  type TransportAdapterOptions,
  type TransportInstrumentation,
} from './adapter.js';
import { chunkCounter } from './chunk-counter.js';
import { FRAMINGS, type Framing } from './framing.js';
import { tapReadable, tapWritable } from './stream-tap.js';

export interface InstrumentStdioOptions extends TransportAdapterOptions {
  /**
   * How messages are delimited: `'ndjson'` (default: one JSON message per line, as MCP and
   * JSON-RPC over stdio do), `'content-length'` (LSP-style headers), `'sse'`, or `'chunk'` (each
   * chunk is a message: object-mode streams).
   */
  framing?: Framing;
}

interface EmitterLike {
  once(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
}

/**
 * Counts messages and bytes received from `readable` and sent to `writable` (either may be
 * omitted). The connection counts as closed when the streams close; the instrumentation detaches
 * once every given stream has closed.
 * ```ts
 * instrumentStdio(process.stdin, process.stdout, { name: 'mcp' });             // inside an MCP server
 * instrumentStdio(child.stdout, child.stdin, { name: 'mcp-github' });           // in its client
 * ```
 */
export function instrumentStdio(
  readable: object | null | undefined,
  writable: object | null | undefined,
  options: InstrumentStdioOptions = {},
): TransportInstrumentation {
  const framing = options.framing ?? 'ndjson';
  if (!FRAMINGS.includes(framing)) {
    throw new InvalidConfigError('framing', `instrumentStdio: framing must be one of ${FRAMINGS.join(', ')}`);
  }
  const { metrics, owned } = adapterMetrics(options, 'stdio', 'instrumentStdio');
  const restores: (() => void)[] = [];
  const streams = [readable, writable].filter((s): s is object => s !== null && s !== undefined);
  if (readable) restores.push(tapReadable(readable, chunkCounter(metrics, 'received', framing)));
  if (writable) restores.push(tapWritable(writable, chunkCounter(metrics, 'sent', framing)));

  let open = 0;
  let handle: TransportInstrumentation;
  const onClose = () => {
    metrics.closed();
    if (--open === 0) handle.stop();
  };
  const listened = streams.filter(
    (s): s is EmitterLike & object => typeof (s as EmitterLike).once === 'function',
  );
  for (const stream of listened) {
    stream.once('close', onClose);
    open++;
  }
  handle = instrumentation(metrics, owned, () => {
    for (const restore of restores) restore();
    for (const stream of listened) stream.off('close', onClose);
    metrics.closed();
  });
  metrics.opened();
  return handle;
}
