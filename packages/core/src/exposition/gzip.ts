import { pipeline, Readable } from 'node:stream';
import { createGzip, type ZlibOptions } from 'node:zlib';

/**
 * Gzips a stream of text chunks (such as `streamExposition(...)`) into a readable byte stream,
 * e.g. `gzipStream(streamExposition(families, 'prometheus')).pipe(res)` after setting
 * `Content-Encoding: gzip`. An error in the source destroys the returned stream with that error.
 */
export function gzipStream(
  chunks: AsyncIterable<string> | Iterable<string>,
  options?: ZlibOptions,
): Readable {
  const gzip = createGzip(options);
  pipeline(Readable.from(chunks, { objectMode: false }), gzip, () => {
    // pipeline destroys `gzip` with the error itself; its readers see it there.
  });
  return gzip;
}
