import type { IncomingMessage } from 'node:http';

/** Thrown when a request body is larger than the configured limit; the HTTP layer answers 413. */
export class BodyTooLargeError extends Error {
  readonly code = 'TM_SERVER_BODY_TOO_LARGE';
  constructor(readonly limitBytes: number) {
    super(`request body exceeds the limit of ${limitBytes} bytes (ingestion.max_body_bytes)`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads a whole request body, refusing more than `limitBytes`. A declared Content-Length over the
 * limit is refused before anything is read, so a client can't make the server buffer it.
 */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw new BodyTooLargeError(limitBytes);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limitBytes) throw new BodyTooLargeError(limitBytes);
    chunks.push(chunk);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
}
