/** Byte counting for the data arguments and results of fs calls, mirroring how Node encodes them. */

/** The `encoding` of an fs options argument (a string, or an object with `encoding`). */
export function encodingOf(options: unknown, fallback: BufferEncoding = 'utf8'): BufferEncoding {
  if (typeof options === 'string') return options as BufferEncoding;
  const encoding = (options as { encoding?: unknown } | null | undefined)?.encoding;
  return typeof encoding === 'string' ? (encoding as BufferEncoding) : fallback;
}

/** Bytes of a string, Buffer, TypedArray or DataView; undefined for anything else (e.g. an iterable). */
export function byteLengthOf(data: unknown, encoding: BufferEncoding): number | undefined {
  if (typeof data === 'string') return byteLength(data, encoding);
  if (ArrayBuffer.isView(data)) return data.byteLength;
  return undefined;
}

function byteLength(text: string, encoding: BufferEncoding): number {
  try {
    return Buffer.byteLength(text, encoding);
  } catch {
    // An encoding Node rejects: the fs call fails on its own, so nothing was written.
    return 0;
  }
}

function isIterable(value: unknown): value is Iterable<unknown> | AsyncIterable<unknown> {
  return (
    value !== null &&
    typeof value === 'object' &&
    (typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function' ||
      typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function')
  );
}

/**
 * For writeFile/appendFile data that is an (async) iterable or a stream: an async iterable
 * yielding the same chunks that adds their bytes to `counter.bytes` as Node consumes them.
 * Anything else is returned as is.
 */
export function countingData(data: unknown, encoding: BufferEncoding, counter: { bytes: number }): unknown {
  if (typeof data === 'string' || ArrayBuffer.isView(data) || !isIterable(data)) return data;
  return (async function* count() {
    for await (const chunk of data) {
      counter.bytes += byteLengthOf(chunk, encoding) ?? 0;
      yield chunk;
    }
  })();
}
