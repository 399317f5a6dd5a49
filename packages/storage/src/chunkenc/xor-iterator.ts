// Iterator over an XOR chunk's bit stream; also rebuilds an XorChunk's append state on load.

import { CorruptionError } from '../errors.js';
import type { SampleIterator } from '../types.js';
import { BitReader, peek32 } from './bstream.js';
import { joinFloat } from './float-bits.js';
import { NO_WINDOW, readXorValue } from './xor-values.js';

const CHUNK_FILE = '<xor chunk>';

export class XorIterator implements SampleIterator {
  t = 0;
  v = 0;
  delta = 0;
  lastHi = 0;
  lastLo = 0;
  leading = NO_WINDOW;
  trailing = 0;
  private i = 0;
  private error: Error | undefined;
  private readonly r: BitReader;

  constructor(
    buf: Uint8Array,
    bitLen: number,
    private readonly count: number,
  ) {
    this.r = new BitReader(buf, bitLen);
  }

  bitPos(): number {
    return this.r.pos;
  }

  /** Samples returned so far. */
  get index(): number {
    return this.i;
  }

  /**
   * Continues from a state an iterator over the same bits had after `index` samples (index >= 2:
   * past the first two, every record depends only on this state); the next sample is number index.
   */
  resume(
    index: number,
    bitPos: number,
    t: number,
    delta: number,
    hi: number,
    lo: number,
    leading: number,
    trailing: number,
  ): void {
    this.i = index;
    this.r.pos = bitPos;
    this.t = t;
    this.delta = delta;
    this.lastHi = hi;
    this.lastLo = lo;
    this.leading = leading;
    this.trailing = trailing;
    this.v = joinFloat(hi, lo);
  }

  next(): boolean {
    const i = this.i;
    if (i >= this.count || this.error !== undefined) return false;
    const r = this.r;
    if (i >= 2) {
      if (!this.nextRecord(r)) r.overrun = true;
    } else if (i === 0) {
      this.t = r.readVarint();
      this.lastHi = r.readBits(32);
      this.lastLo = r.readBits(32);
    } else {
      this.delta = r.readVarint();
      this.t += this.delta;
      readXorValue(r, this);
    }
    if (r.overrun) {
      this.error = new CorruptionError(CHUNK_FILE, r.pos >>> 3, `truncated at sample ${i} of ${this.count}`);
      return false;
    }
    this.v = joinFloat(this.lastHi, this.lastLo);
    this.i = i + 1;
    return true;
  }

  /**
   * One delta-of-delta + XOR record, decoded from 32-bit peeks: the same bits as readDod and
   * readXorValue, about twice as fast (this is the hot loop of every head query).
   * False on a malformed record or one that runs past the end.
   */
  private nextRecord(r: BitReader): boolean {
    const b = r.buf;
    let pos = r.pos;
    let w = peek32(b, pos);
    let dod: number;
    if (w >>> 31 === 0) {
      dod = 0;
      pos += 1;
    } else if (w >>> 30 === 0b10) {
      const x = (w >>> 16) & 0x3fff;
      dod = x > 0x2000 ? x - 0x4000 : x;
      pos += 16;
    } else if (w >>> 29 === 0b110) {
      const x = (w >>> 12) & 0x1ffff;
      dod = x > 0x10000 ? x - 0x20000 : x;
      pos += 20;
    } else if (w >>> 28 === 0b1110) {
      const x = (w >>> 8) & 0xfffff;
      dod = x > 0x80000 ? x - 0x100000 : x;
      pos += 24;
    } else {
      dod = (peek32(b, pos + 4) | 0) * 0x1_0000_0000 + peek32(b, pos + 36);
      pos += 68;
    }
    this.delta += dod;
    this.t += this.delta;
    w = peek32(b, pos);
    if (w >>> 31 === 0) {
      pos += 1;
    } else {
      let sig: number;
      if (w >>> 30 === 0b10) {
        if (this.leading === NO_WINDOW) return false;
        sig = 64 - this.leading - this.trailing;
        pos += 2;
      } else {
        const leading = (w >>> 25) & 0x1f;
        sig = (w >>> 19) & 0x3f || 64;
        if (leading + sig > 64) return false;
        this.leading = leading;
        this.trailing = 64 - leading - sig;
        pos += 13;
      }
      const trailing = this.trailing;
      let bhi = 0;
      let blo: number;
      if (sig > 32) {
        bhi = peek32(b, pos) >>> (64 - sig);
        blo = peek32(b, pos + sig - 32);
      } else {
        blo = peek32(b, pos) >>> (32 - sig);
      }
      pos += sig;
      if (trailing === 0) {
        this.lastHi = (this.lastHi ^ bhi) >>> 0;
        this.lastLo = (this.lastLo ^ blo) >>> 0;
      } else if (trailing >= 32) {
        this.lastHi = (this.lastHi ^ (blo << (trailing - 32))) >>> 0;
      } else {
        this.lastHi = (this.lastHi ^ ((bhi << trailing) | (blo >>> (32 - trailing)))) >>> 0;
        this.lastLo = (this.lastLo ^ (blo << trailing)) >>> 0;
      }
    }
    if (pos > r.bitLen) return false;
    r.pos = pos;
    return true;
  }

  seek(t: number): boolean {
    if (this.error !== undefined) return false;
    if (this.i > 0 && this.t >= t) return true;
    while (this.next()) if (this.t >= t) return true;
    return false;
  }

  err(): Error | undefined {
    return this.error;
  }
}
