// Content-Type and Content-Encoding handling shared by the import endpoints.

import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';
import type { ApiRequest } from '../http/types.js';
import type { IngestLimits } from './context.js';
import { IngestError } from './errors.js';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

/** A header's single value (the last one when repeated), or undefined. */
export function headerValue(req: ApiRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[v.length - 1] : v;
}

/** The media type of a Content-Type, lowercased without parameters; undefined when absent. */
export function mediaType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const semi = contentType.indexOf(';');
  const type = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  return type === '' ? undefined : type;
}

/** A Content-Type parameter's value (unquoted), or undefined. */
export function mediaParam(contentType: string | undefined, name: string): string | undefined {
  if (contentType === undefined) return undefined;
  for (const part of contentType.split(';').slice(1)) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim().toLowerCase() !== name) continue;
    return part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return undefined;
}

function tooLarge(what: string, limit: number): IngestError {
  return new IngestError(
    'TM_INGEST_TOO_LARGE',
    `${what}: decompressed body exceeds the limit of ${limit} bytes (ingestion.max_decompressed_bytes)`,
  );
}

/**
 * The request body as sent, decompressed when Content-Encoding is gzip or deflate (what
 * VictoriaMetrics' import accepts), within `limits.maxDecompressedBytes`.
 */
export async function decodedBody(req: ApiRequest, limits: IngestLimits, what: string): Promise<Buffer> {
  const encoding = headerValue(req, 'content-encoding')?.trim().toLowerCase();
  const max = limits.maxDecompressedBytes;
  if (encoding === undefined || encoding === '' || encoding === 'identity') {
    if (req.body.length > max) throw tooLarge(what, max);
    return req.body;
  }
  const inflater =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? gunzipAsync
      : encoding === 'deflate'
        ? inflateAsync
        : undefined;
  if (inflater === undefined) {
    throw new IngestError(
      'TM_INGEST_UNSUPPORTED_MEDIA_TYPE',
      `${what}: Content-Encoding ${JSON.stringify(encoding)} is not supported: send the body as is, gzip or deflate`,
    );
  }
  try {
    return await inflater(req.body, { maxOutputLength: max });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(what, max);
    throw new IngestError(
      'TM_INGEST_PARSE',
      `${what}: ${encoding} body does not decompress: ${(err as Error).message}`,
    );
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text; bytes that are not UTF-8 are a 400 naming the line and byte. */
export function bodyText(body: Uint8Array, what: string): string {
  try {
    return utf8.decode(body);
  } catch {
    const at = firstInvalidUtf8(body);
    let line = 1;
    for (let i = 0; i < at; i++) if (body[i] === 0x0a) line++;
    throw new IngestError('TM_INGEST_PARSE', `${what}: line ${line}: invalid UTF-8 at byte offset ${at}`);
  }
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let max = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = c === 0xe0 ? 0xa0 : 0x80; // no overlongs
      if (c === 0xed) max = 0x9f; // no surrogates
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = c === 0xf0 ? 0x90 : 0x80;
      if (c === 0xf4) max = 0x8f; // nothing above U+10FFFF
    } else {
      return i;
    }
    const second = b[i + 1];
    if (second === undefined || second < min || second > max) return i;
    for (let k = 2; k <= need; k++) {
      const cont = b[i + k];
      if (cont === undefined || cont < 0x80 || cont > 0xbf) return i;
    }
    i += need + 1;
  }
  return b.length;
}
