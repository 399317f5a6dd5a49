/**
 * Payload sizes of the shapes messages come in: strings (UTF-8 on the wire), Buffers and typed
 * arrays, ArrayBuffers, Blobs (WHATWG WebSocket), and arrays of fragments (`ws` with
 * `binaryType: 'fragments'`). Anything else (an object-mode chunk) counts as 0 bytes. Never throws.
 */
export function byteLength(data: unknown): number {
  if (typeof data === 'string') return Buffer.byteLength(data, 'utf8');
  if (data === null || typeof data !== 'object') {
    return typeof data === 'number' || typeof data === 'boolean' ? String(data).length : 0;
  }
  if (ArrayBuffer.isView(data)) return data.byteLength;
  if (data instanceof ArrayBuffer || data instanceof SharedArrayBuffer) return data.byteLength;
  if (Array.isArray(data)) {
    let total = 0;
    for (const part of data) total += byteLength(part);
    return total;
  }
  if (typeof Blob !== 'undefined' && data instanceof Blob) return data.size;
  return 0;
}
