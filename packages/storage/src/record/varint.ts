// Varints written into and read from a plain byte array with the position passed around, for the
// per-sample columns of a batch where ByteWriter/ByteReader's per-call bookkeeping would dominate.
// Same encoding as ByteWriter.uvarint / ByteReader.uvarint (LEB128, at most 8 bytes read).

/** Writes `v` (a non-negative integer up to 2^53) at `pos`; returns the position after it. */
export function putUvarint(buf: Uint8Array, pos: number, v: number): number {
  if (v < 0x8000_0000) {
    while (v >= 0x80) {
      buf[pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
  } else {
    while (v >= 0x80) {
      buf[pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
  }
  buf[pos++] = v;
  return pos;
}

/** Zigzag: small magnitudes of either sign stay short. `|v|` must be below 2^52. */
export function putVarint(buf: Uint8Array, pos: number, v: number): number {
  return putUvarint(buf, pos, v >= 0 ? v * 2 : -v * 2 - 1);
}

/** The value of the last successful `getUvarint` (a module slot avoids allocating a result pair). */
export let varintValue = 0;

/** Reads a uvarint at `pos` not past `end`; returns the next position, or -1 when malformed or cut. */
export function getUvarint(buf: Uint8Array, pos: number, end: number): number {
  let result = 0;
  let mul = 1;
  for (let i = 0; i < 8; i++) {
    if (pos >= end) return -1;
    const b = buf[pos++] as number;
    result += (b & 0x7f) * mul;
    if (b < 0x80) {
      varintValue = result;
      return pos;
    }
    mul *= 0x80;
  }
  return -1;
}

export function unzigzag(u: number): number {
  return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
}
