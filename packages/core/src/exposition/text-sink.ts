import { Buffer } from 'node:buffer';
import { escapeLabelValue } from './escape.js';
import { formatValue } from './format-number.js';

/** Default first buffer size; the buffer doubles as needed. */
const INITIAL_BYTES = 64 * 1024;
/** V8's maximum string length on 64-bit (2^29 - 24 characters): no exposition can be longer anyway. */
const MAX_INITIAL_BYTES = 2 ** 29;
/**
 * Largest buffer kept between one-shot formats (`TextSink.borrow`). Reusing it saved ~25% on the
 * 100k-series benchmark: a fresh 33 MB buffer costs page faults on first write and external-memory
 * pressure that triggers extra GCs. Bigger buffers are let go rather than held for the process lifetime.
 */
const MAX_RETAINED_BYTES = 64 * 1024 * 1024;
/** UTF-8 needs at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units). */
const MAX_UTF8_BYTES_PER_UNIT = 3;
const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
const DOUBLE_QUOTE = 0x22;
const LETTER_N = 0x6e;
const FIRST_NON_ASCII = 0x80;
const DIGIT_ZERO = 0x30;
const INT31_MAX = 0x7fffffff;

/** The buffer kept by `TextSink.release` for the next `TextSink.borrow` (formats are synchronous, so one suffices). */
let spare: Buffer | undefined;

/**
 * Collects exposition text as UTF-8 bytes in one buffer, decoded to a string once at the end.
 *
 * Why bytes: building the text with `+=` makes a rope of millions of nodes (several per line)
 * that the GC must trace and that is flattened at the end; on the 100k-series benchmark that was
 * 2-3x slower than writing here. Writers append pre-encoded constant pieces (`writeBytes`), label
 * values (`writeLabelValue`), numbers (`writeValue`, digits written directly for small integers)
 * and, for the many lines of one histogram point, re-copy the bytes already written for the name
 * and label block (`copyWithin`) instead of encoding them again.
 * Why one buffer: decoding 33 MB at once took ~20 ms; decoding it in 200 KB parts and joining
 * them took ~50 ms. Callers pass a size estimate so that the buffer rarely grows (a growth copies
 * everything written so far).
 */
export class TextSink {
  private buffer: Buffer;
  private length = 0;

  /** `initialBytes`: a size estimate; over-estimating is cheap, as `allocUnsafe` memory is not touched until written. */
  constructor(initialBytes = INITIAL_BYTES, reuse?: Buffer) {
    const size = Math.min(Math.max(Math.ceil(initialBytes), 1024), MAX_INITIAL_BYTES);
    this.buffer = reuse !== undefined && reuse.length >= size ? reuse : Buffer.allocUnsafe(size);
  }

  /**
   * A sink on the process-wide spare buffer, for a format that runs to completion synchronously
   * and then calls `release()`. Nothing else may use the sink after that.
   */
  static borrow(initialBytes: number): TextSink {
    const reuse = spare;
    spare = undefined;
    return new TextSink(initialBytes, reuse);
  }

  /** Hands the buffer back for the next `borrow` (kept only up to 64 MB). */
  release(): void {
    if (
      this.buffer.length <= MAX_RETAINED_BYTES &&
      (spare === undefined || spare.length < this.buffer.length)
    ) {
      spare = this.buffer;
    }
    this.length = 0;
  }

  /** Bytes written so far; positions for `copyWithin`. */
  get position(): number {
    return this.length;
  }

  write(text: string): void {
    const worstCase = text.length * MAX_UTF8_BYTES_PER_UNIT;
    if (this.length + worstCase > this.buffer.length) this.grow(worstCase);
    this.length += this.buffer.write(text, this.length);
  }

  /**
   * Writes a label value escaped as `escapeLabelValue` does. ASCII values (nearly all) are escaped
   * and copied in one loop; about twice as fast as `write(escapeLabelValue(value))` for short values.
   */
  writeLabelValue(value: string): void {
    const n = value.length;
    if (this.length + 2 * n > this.buffer.length) this.grow(2 * n);
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (c >= FIRST_NON_ASCII) {
        // Nothing is committed until the loop ends, so the general path starts from scratch.
        this.write(escapeLabelValue(value));
        return;
      }
      if (c === BACKSLASH || c === DOUBLE_QUOTE) {
        buffer[at++] = BACKSLASH;
        buffer[at++] = c;
      } else if (c === NEWLINE) {
        buffer[at++] = BACKSLASH;
        buffer[at++] = LETTER_N;
      } else {
        buffer[at++] = c;
      }
    }
    this.length = at;
  }

  /** Appends bytes encoded beforehand (see `encode`). */
  writeBytes(bytes: Uint8Array): void {
    if (this.length + bytes.length > this.buffer.length) this.grow(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  writeNewline(): void {
    if (this.length + 1 > this.buffer.length) this.grow(1);
    this.buffer[this.length++] = NEWLINE;
  }

  /** A sample value, spelled as `formatValue` spells it. */
  writeValue(value: number): void {
    if (value >= 0 && value <= INT31_MAX && (value | 0) === value) this.writeUint31(value);
    else this.write(formatValue(value));
  }

  /** Appends a copy of the bytes at `[start, end)`, which must already be written. */
  copyWithin(start: number, end: number): void {
    const size = end - start;
    if (this.length + size > this.buffer.length) this.grow(size);
    this.buffer.copyWithin(this.length, start, end);
    this.length += size;
  }

  toString(): string {
    return this.buffer.toString('utf8', 0, this.length);
  }

  /** The text written so far, emptying the sink (its buffer is kept for the next chunk). */
  take(): string {
    const text = this.toString();
    this.length = 0;
    return text;
  }

  private writeUint31(value: number): void {
    let digits = 1;
    for (let rest = value; rest >= 10; rest = (rest / 10) | 0) digits++;
    if (this.length + digits > this.buffer.length) this.grow(digits);
    const buffer = this.buffer;
    let at = this.length + digits;
    this.length = at;
    do {
      buffer[--at] = DIGIT_ZERO + (value % 10);
      value = (value / 10) | 0;
    } while (value > 0);
  }

  private grow(needed: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + needed));
    this.buffer.copy(next, 0, 0, this.length);
    this.buffer = next;
  }
}

/** UTF-8 bytes of a constant piece of text, for `TextSink.writeBytes`. */
export function encode(text: string): Uint8Array {
  return Buffer.from(text, 'utf8');
}
