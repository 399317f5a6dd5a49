// Big-endian bit streams for the chunk encodings: the first bit written is the most significant bit
// of byte 0. Values are written and read at most 32 bits at a time because JS bit operators work on
// 32-bit integers; 64-bit quantities go as two halves.
//
// The reader never throws: reading past the end returns zeros and sets `overrun`, so a decoder's hot
// loop checks one flag per sample instead of paying for try/catch or a bounds check per field.

/** An append-only bit buffer that grows modestly (the head keeps one per active series). */
export class BitWriter {
  buf: Uint8Array;
  /** Number of bits written. */
  bitLen = 0;

  constructor(initialBytes = 32) {
    this.buf = new Uint8Array(initialBytes);
  }

  /** Makes room for `bits` more bits; growth by 1.5x keeps the slack of a full chunk near 25 %. */
  reserve(bits: number): void {
    const needBytes = (this.bitLen + bits + 7) >>> 3;
    if (needBytes <= this.buf.length) return;
    let cap = this.buf.length + (this.buf.length >>> 1);
    if (cap < needBytes) cap = needBytes;
    cap = (cap + 7) & ~7;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, (this.bitLen + 7) >>> 3));
    // The old array is left untouched from here on, so iterators taken earlier keep reading it.
    this.buf = next;
  }

  /** Empties the writer for reuse, keeping its buffer (encoders keep scratch writers). */
  reset(): void {
    this.buf.fill(0, 0, (this.bitLen + 7) >>> 3);
    this.bitLen = 0;
  }

  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, (this.bitLen + 7) >>> 3);
  }

  writeBit(bit: number): void {
    this.reserve(1);
    const p = this.bitLen;
    if (bit !== 0) this.buf[p >>> 3]! |= 0x80 >>> (p & 7);
    this.bitLen = p + 1;
  }

  /** Writes the low `n` bits (0..32) of `value`, which must be an integer in [0, 2^n). */
  writeBits(value: number, n: number): void {
    this.reserve(n);
    this.bitLen = putBits(this.buf, this.bitLen, value, n);
  }

  /** Writes the low `n` bits (0..64) of the 64-bit value hi:lo. */
  writeBits64(hi: number, lo: number, n: number): void {
    if (n > 32) {
      this.writeBits(hi & (n === 64 ? -1 : (1 << (n - 32)) - 1), n - 32);
      this.writeBits(lo >>> 0, 32);
    } else {
      this.writeBits(n === 32 ? lo >>> 0 : lo & ((1 << n) - 1), n);
    }
  }

  /** Unsigned LEB128 of an integer in [0, 2^53], bit-aligned wherever the stream is. */
  writeUvarint(v: number): void {
    this.reserve(80);
    this.bitLen = putUvarintBits(this.buf, this.bitLen, v);
  }

  /** Zigzag LEB128 of a signed integer with |v| < 2^52. */
  writeVarint(v: number): void {
    this.writeUvarint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  byteLength(): number {
    return (this.bitLen + 7) >>> 3;
  }
}

/**
 * Writes the low `n` bits (0..32) of `value` (an integer in [0, 2^n)) at bit `p` of `buf` and
 * returns p + n. Bits from `p` on must still be zero (as in a fresh or reset buffer) and the
 * caller must have made room: this is the writers' inner loop, with no checks of its own.
 */
export function putBits(buf: Uint8Array, p: number, value: number, n: number): number {
  const used = p & 7;
  const i = p >>> 3;
  const end = p + n;
  if (used + n > 32) {
    // 33..39 bits from byte i: the first 32 - used bits end byte i + 3, the other r go into byte i + 4.
    const r = used + n - 32;
    const w = value >>> r;
    buf[i]! |= w >>> 24;
    buf[i + 1] = w >>> 16;
    buf[i + 2] = w >>> 8;
    buf[i + 3] = w;
    buf[i + 4] = (value & ((1 << r) - 1)) << (8 - r);
    return end;
  }
  if (n === 0) return p;
  const last = (end - 1) >>> 3;
  // The n bits placed in a 32-bit window starting at byte i; bytes after byte i hold no bits yet.
  const w = value << (32 - used - n);
  buf[i]! |= w >>> 24;
  if (i < last) {
    buf[i + 1] = w >>> 16;
    if (i + 1 < last) {
      buf[i + 2] = w >>> 8;
      if (i + 2 < last) buf[i + 3] = w;
    }
  }
  return end;
}

/** Unsigned LEB128 of `v` (an integer in [0, 2^53]) at bit `p`, as putBits; returns the new position. */
export function putUvarintBits(buf: Uint8Array, p: number, v: number): number {
  while (v >= 0x80) {
    p = putBits(buf, p, (v % 0x80) | 0x80, 8);
    v = Math.floor(v / 0x80);
  }
  return putBits(buf, p, v, 8);
}

/** Reads bits [pos, bitLen) of `buf` (which may be longer). */
export class BitReader {
  overrun = false;

  constructor(
    readonly buf: Uint8Array,
    readonly bitLen: number,
    public pos = 0,
  ) {}

  readBit(): number {
    const p = this.pos;
    if (p >= this.bitLen) {
      this.overrun = true;
      return 0;
    }
    this.pos = p + 1;
    return (this.buf[p >>> 3]! >>> (7 - (p & 7))) & 1;
  }

  /** Reads `n` bits (0..32) as an unsigned integer. */
  readBits(n: number): number {
    const p = this.pos;
    if (p + n > this.bitLen) {
      this.overrun = true;
      this.pos = this.bitLen;
      return 0;
    }
    this.pos = p + n;
    if (n === 0) return 0;
    const b = this.buf;
    const i = p >>> 3;
    const off = p & 7;
    let w: number;
    if (i + 4 < b.length) {
      w = (b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!;
      if (off !== 0) w = (w << off) | (b[i + 4]! >>> (8 - off));
    } else {
      w = tailWord(b, i, off);
    }
    return (w >>> (32 - n)) >>> 0;
  }

  /** Unsigned LEB128 (at most 8 bytes, like ByteReader); sets overrun on a longer one. */
  readUvarint(): number {
    let result = 0;
    let mul = 1;
    for (let k = 0; k < 8; k++) {
      const b = this.readBits(8);
      result += (b & 0x7f) * mul;
      if (b < 0x80) return result;
      mul *= 0x80;
    }
    this.overrun = true;
    return 0;
  }

  readVarint(): number {
    const u = this.readUvarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }
}

/**
 * The 32 bits starting at bit `pos` of `b` (zeros past its end), for decoders that look at a
 * record's control bits and payload in one load instead of a call per field.
 */
export function peek32(b: Uint8Array, pos: number): number {
  const k = pos >>> 3;
  const off = pos & 7;
  if (k + 4 < b.length) {
    const w = (b[k]! << 24) | (b[k + 1]! << 16) | (b[k + 2]! << 8) | b[k + 3]!;
    return (off === 0 ? w : (w << off) | (b[k + 4]! >>> (8 - off))) >>> 0;
  }
  return tailWord(b, k, off) >>> 0;
}

/** The 32 bits starting at bit `off` of byte `i`, with zeros past the end of `b`. */
function tailWord(b: Uint8Array, i: number, off: number): number {
  const at = (k: number): number => (i + k < b.length ? b[i + k]! : 0);
  let w = (at(0) << 24) | (at(1) << 16) | (at(2) << 8) | at(3);
  if (off !== 0) w = (w << off) | (at(4) >>> (8 - off));
  return w;
}
