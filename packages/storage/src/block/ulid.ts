// ULIDs name blocks: 48-bit Unix time in ms + 80 random bits, written as 26 Crockford base32
// characters, so names sort by creation time. Within one millisecond the generator increments the
// random part instead of drawing a new one (the ULID spec's monotonic mode), so blocks written in
// a burst still sort in the order they were written.

import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const ULID_RE = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;
const RANDOM_LIMIT = 1n << 80n;

export function isUlid(s: string): boolean {
  return ULID_RE.test(s);
}

/** The creation time in ms stored in a ULID. */
export function ulidTime(ulid: string): number {
  let t = 0;
  for (let i = 0; i < 10; i++) t = t * 32 + ALPHABET.indexOf(ulid[i] as string);
  return t;
}

function encode(value: bigint): string {
  let out = '';
  for (let i = 0; i < 26; i++) {
    out = (ALPHABET[Number(value & 31n)] as string) + out;
    value >>= 5n;
  }
  return out;
}

export class UlidGenerator {
  private lastTime = -1;
  private lastRandom = 0n;

  constructor(private readonly now: () => number = Date.now) {}

  next(): string {
    let time = Math.floor(this.now());
    if (time <= this.lastTime) {
      // Same (or an earlier, after a clock step back) millisecond: keep the last time, count up.
      time = this.lastTime;
      this.lastRandom += 1n;
      if (this.lastRandom >= RANDOM_LIMIT) {
        // 2^80 names in one millisecond cannot happen by chance; borrow the next millisecond.
        this.lastTime = time = this.lastTime + 1;
        this.lastRandom = 0n;
      }
    } else {
      this.lastTime = time;
      this.lastRandom = BigInt(`0x${randomBytes(10).toString('hex')}`);
    }
    return encode((BigInt(time) << 80n) | this.lastRandom);
  }
}

const shared = new UlidGenerator();

/** A new ULID from the process-wide monotonic generator. */
export function newUlid(): string {
  return shared.next();
}
