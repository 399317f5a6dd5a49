// Byte-level building blocks shared by every on-disk format (WAL records, index, chunk files):
// a growable writer and a bounds-checked reader with unsigned/zigzag varints, fixed-width
// big-endian integers, float64 and length-prefixed UTF-8 strings.

import { CorruptionError } from '../errors.js';
import { writeFloat64 } from '../value.js';

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  length = 0;

  constructor(initialCapacity = 256) {
    this.buf = new Uint8Array(initialCapacity);
    this.view = new DataView(this.buf.buffer);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): void {
    this.reserve(1);
    this.buf[this.length++] = v;
  }

  u32(v: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, v);
    this.length += 4;
  }

  /** Unsigned 64-bit as a JS number; exact up to 2^53. */
  u64(v: number): void {
    this.reserve(8);
    this.view.setUint32(this.length, Math.floor(v / 0x1_0000_0000));
    this.view.setUint32(this.length + 4, v >>> 0);
    this.length += 8;
  }

  f64(v: number): void {
    this.reserve(8);
    writeFloat64(this.view, this.length, v);
    this.length += 8;
  }

  /** LEB128 unsigned varint of a non-negative integer up to 2^53. */
  uvarint(v: number): void {
    this.reserve(10);
    while (v >= 0x80) {
      this.buf[this.length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.length++] = v;
  }

  /** Zigzag varint of a signed integer with |v| < 2^52. */
  varint(v: number): void {
    this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** uvarint byte length, then the UTF-8 bytes. */
  string(s: string): void {
    const b = utf8.encode(s);
    this.uvarint(b.length);
    this.bytes(b);
  }

  /** Overwrites a u32 written earlier (for back-patched lengths and checksums). */
  patchU32(offset: number, v: number): void {
    this.view.setUint32(offset, v);
  }

  /** A view of the bytes written so far (shares memory with the writer until it grows). */
  finish(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

/**
 * Reads what ByteWriter wrote. Every read is bounds-checked and a short or malformed input throws a
 * CorruptionError naming `file` and the absolute byte offset (`base` + position).
 */
export class ByteReader {
  readonly buf: Uint8Array;
  private readonly view: DataView;
  pos: number;
  private readonly end: number;

  constructor(
    buf: Uint8Array,
    readonly file = '<buffer>',
    readonly base = 0,
    start = 0,
    end = buf.length,
  ) {
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = start;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  fail(message: string): never {
    throw new CorruptionError(this.file, this.base + this.pos, message);
  }

  private need(n: number, what: string): void {
    if (this.pos + n > this.end) this.fail(`unexpected end of data reading ${what}`);
  }

  u8(): number {
    this.need(1, 'u8');
    return this.buf[this.pos++] as number;
  }

  u32(): number {
    this.need(4, 'u32');
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }

  u64(): number {
    this.need(8, 'u64');
    const v = this.view.getUint32(this.pos) * 0x1_0000_0000 + this.view.getUint32(this.pos + 4);
    this.pos += 8;
    return v;
  }

  f64(): number {
    this.need(8, 'f64');
    const v = this.view.getFloat64(this.pos);
    this.pos += 8;
    return v;
  }

  uvarint(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 8; i++) {
      if (this.pos >= this.end) this.fail('unexpected end of data reading varint');
      const b = this.buf[this.pos++] as number;
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 0x80;
    }
    return this.fail('varint longer than 8 bytes');
  }

  varint(): number {
    const u = this.uvarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  bytes(n: number): Uint8Array {
    this.need(n, `${n} bytes`);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  string(): string {
    const n = this.uvarint();
    const b = this.bytes(n);
    try {
      return utf8Decoder.decode(b);
    } catch {
      this.pos -= n;
      return this.fail('invalid UTF-8 in string');
    }
  }
}
