// The protobuf wire format, reading side: just what prometheus.WriteRequest needs. Every read
// takes the end of the enclosing message, so a length that runs past its parent is caught where
// it is read, and errors name the byte offset.

import { IngestError } from './errors.js';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_LEN = 2;
export const WIRE_FIXED32 = 5;

const WIRE_NAMES = ['varint', 'fixed64', 'length-delimited', 'group start', 'group end', 'fixed32'];

export function protoError(offset: number, message: string): IngestError {
  return new IngestError('TM_INGEST_PROTOBUF_INVALID', `${message} at offset ${offset}`);
}

const TWO_32 = 4294967296;

/** A cursor over protobuf bytes. Reads no further than the `end` each call is given. */
export class ProtoReader {
  readonly buf: Uint8Array;
  private readonly view: DataView;
  pos = 0;

  constructor(buf: Uint8Array) {
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** A field key: `field << 3 | wireType`; field numbers start at 1. */
  tag(end: number): number {
    const at = this.pos;
    const key = this.uint32(end);
    if (key >>> 3 === 0) throw protoError(at, 'field number 0');
    return key;
  }

  /** An unsigned varint of at most 32 bits (keys, lengths). */
  uint32(end: number): number {
    const buf = this.buf;
    const at = this.pos;
    let pos = at;
    let b = buf[pos++] as number;
    let v = b & 0x7f;
    if (b >= 0x80) {
      b = buf[pos++] as number;
      v |= (b & 0x7f) << 7;
      if (b >= 0x80) {
        b = buf[pos++] as number;
        v |= (b & 0x7f) << 14;
        if (b >= 0x80) {
          b = buf[pos++] as number;
          v |= (b & 0x7f) << 21;
          if (b >= 0x80) {
            b = buf[pos++] as number;
            if (b > 0x0f) throw protoError(at, 'varint does not fit 32 bits');
            v = (v | (b << 28)) >>> 0;
          }
        }
      }
    }
    // Past the end `b` was undefined, which ends the chain above; the position tells.
    if (pos > end) throw protoError(at, 'truncated varint');
    this.pos = pos;
    return v;
  }

  /** A length prefix, checked against what is left of the enclosing message. */
  length(end: number): number {
    const at = this.pos;
    const n = this.uint32(end);
    if (n > end - this.pos) {
      throw protoError(at, `length ${n} runs past the end of its message (${end - this.pos} bytes left)`);
    }
    return n;
  }

  /**
   * An int64 varint as a number, without BigInt: exact for |v| <= 2^53, and anything larger is
   * beyond every timestamp the store accepts anyway.
   */
  int64(end: number): number {
    const buf = this.buf;
    const at = this.pos;
    let pos = at;
    let lo = 0;
    let hi = 0;
    let b = 0;
    // Bytes 0-3 fill bits 0-27, byte 4 bits 28-34, bytes 5-9 bits 35-63.
    for (let shift = 0; shift < 28; shift += 7) {
      b = buf[pos++] as number;
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) {
        if (pos > end) throw protoError(at, 'truncated varint');
        this.pos = pos;
        return lo;
      }
    }
    b = buf[pos++] as number;
    lo |= (b & 0x0f) << 28;
    hi = (b & 0x7f) >>> 4;
    if (b >= 0x80) {
      for (let shift = 3; ; shift += 7) {
        b = buf[pos++] as number;
        if (shift === 59) {
          if (b > 1) throw protoError(at, 'varint does not fit 64 bits');
          hi |= b << 31;
          break;
        }
        hi |= (b & 0x7f) << shift;
        if (b < 0x80) break;
      }
    }
    if (pos > end) throw protoError(at, 'truncated varint');
    this.pos = pos;
    lo >>>= 0;
    hi >>>= 0;
    if (hi < 0x80000000) return hi * TWO_32 + lo;
    // Two's complement negative: -(~v + 1).
    let nlo = (~lo >>> 0) + 1;
    let nhi = ~hi >>> 0;
    if (nlo === TWO_32) {
      nlo = 0;
      nhi += 1;
    }
    return -(nhi * TWO_32 + nlo);
  }

  /** A little-endian IEEE 754 double; NaN payloads (the stale marker) are kept. */
  double(end: number): number {
    const at = this.pos;
    if (at + 8 > end) throw protoError(at, 'truncated fixed64');
    this.pos = at + 8;
    return this.view.getFloat64(at, true);
  }

  /** Skips the value of a field this decoder does not know (protobuf's forward compatibility). */
  skip(wireType: number, end: number): void {
    const at = this.pos;
    switch (wireType) {
      case WIRE_VARINT:
        this.int64(end);
        return;
      case WIRE_FIXED64:
        if (at + 8 > end) throw protoError(at, 'truncated fixed64');
        this.pos = at + 8;
        return;
      case WIRE_LEN: {
        // Read the length first: `this.pos += this.length(end)` would add to the position before the prefix.
        const n = this.length(end);
        this.pos += n;
        return;
      }
      case WIRE_FIXED32:
        if (at + 4 > end) throw protoError(at, 'truncated fixed32');
        this.pos = at + 4;
        return;
      default:
        throw protoError(
          at,
          wireType < 5
            ? `unsupported wire type ${wireType} (${WIRE_NAMES[wireType]}; groups are not used by remote write)`
            : `invalid wire type ${wireType}`,
        );
    }
  }

  /** Throws unless a known field came with the wire type its schema says. */
  expect(key: number, wireType: number, field: string, keyAt: number): void {
    if ((key & 7) !== wireType) {
      throw protoError(
        keyAt,
        `${field} has wire type ${key & 7} (${WIRE_NAMES[key & 7] ?? 'invalid'}), expected ${wireType} (${WIRE_NAMES[wireType]})`,
      );
    }
  }
}
