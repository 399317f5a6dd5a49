// Scrapes of one target share their timestamps, so the time sections of its series' chunks are
// byte-identical (on gen-dataset data 78 % of them repeat one read shortly before). A time section
// is self-delimiting, so when the bytes at a chunk's time section start with a section decoded
// before (same sample count), they decode to the same timestamps: the decoder copies them instead.
// Keyed by the first timestamp, which differs between targets (scrape jitter) and between chunks.
// Chunks-file pages store most repeats once (Encoding.PACKED_TIME_REF): a reference names the
// section's place in its page, so a section decoded at that place needs no byte comparison.

import { viewFor } from './packed-int-decode.js';

const MAX_ENTRIES = 128;
/** Longer chunks are rare (sealed chunks hold 480) and would make the memo large. */
const MAX_SAMPLES = 1024;

interface Entry {
  /** The section is bytes[0, len), `view` a DataView of `bytes`. */
  len: number;
  bytes: Uint8Array;
  view: DataView;
  /** The decoded timestamps, exactly as many as the chunk's samples. */
  ts: Float64Array;
  /** Where the section was last seen: `at` in the buffer numbered `serial` (see bufferSerial). */
  serial: number;
  at: number;
  /** `ts` was handed out to be read in place; it is never written again (a new one replaces it). */
  lent: boolean;
}

const memo = new Map<number, Entry>();

/**
 * Buffers are told apart by numbers given to the last few buffers seen, so the memo pins no more
 * than those (a query alternates between the pages of its blocks, one series after another).
 */
const RECENT_BUFFERS = 8;
const recentBuffers: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(RECENT_BUFFERS).fill(
  undefined,
);
const recentSerials: number[] = new Array<number>(RECENT_BUFFERS).fill(0);
let nextRecent = 0;
let serial = 0;
function bufferSerial(buf: Uint8Array): number {
  for (let i = 0; i < RECENT_BUFFERS; i++) if (recentBuffers[i] === buf) return recentSerials[i]!;
  const slot = nextRecent;
  nextRecent = (slot + 1) % RECENT_BUFFERS;
  recentBuffers[slot] = buf;
  recentSerials[slot] = ++serial;
  return serial;
}

/** What recallTimes found: the section's end in the payload and its timestamps (read only). */
export const recalled: { end: number; ts: Float64Array } = { end: 0, ts: new Float64Array(0) };

/**
 * If the bytes of `payload` from `at` (up to `end`) repeat a remembered time section of `n` samples
 * starting at `t0`, returns true and sets `recalled`: where the section ends, and its timestamps,
 * which the caller may read in place for as long as it likes but must not modify. `immutable`:
 * `payload` never changes (a chunks-file page), so a section remembered at this very place is
 * taken without comparing its bytes.
 */
export function recallTimes(
  payload: Uint8Array,
  at: number,
  end: number,
  n: number,
  t0: number,
  immutable: boolean,
): boolean {
  const e = memo.get(t0);
  if (e === undefined || e.ts.length !== n) return false;
  const len = e.len;
  if (at + len > end) return false;
  const s = bufferSerial(payload);
  if (!immutable || e.serial !== s || e.at !== at) {
    // Four bytes at a time: this compare is most of what a hit costs.
    const pv = viewFor(payload);
    const ev = e.view;
    let i = 0;
    for (; i + 4 <= len; i += 4) if (pv.getInt32(at + i) !== ev.getInt32(i)) return false;
    for (; i < len; i++) if (payload[at + i] !== e.bytes[i]) return false;
    e.serial = s;
    e.at = at;
  }
  e.lent = true;
  recalled.end = at + len;
  recalled.ts = e.ts;
  return true;
}

/** Remembers the time section payload[at, end) of `n` samples that decoded to ts[0, n). */
export function rememberTimes(
  payload: Uint8Array,
  at: number,
  end: number,
  n: number,
  t0: number,
  ts: Float64Array,
): void {
  if (n > MAX_SAMPLES) return;
  let e = memo.get(t0);
  if (e === undefined) {
    if (memo.size >= MAX_ENTRIES) {
      // Oldest first (a Map iterates in insertion order); its arrays are reused.
      const oldest = memo.keys().next().value as number;
      e = memo.get(oldest);
      memo.delete(oldest);
    }
    if (e === undefined) {
      const bytes = new Uint8Array(0);
      const ts = new Float64Array(0);
      e = { len: 0, bytes, view: new DataView(bytes.buffer), ts, serial: 0, at: 0, lent: false };
    }
    memo.set(t0, e);
  }
  const len = end - at;
  if (e.bytes.length < len) {
    e.bytes = new Uint8Array(Math.max(len, 512));
    e.view = new DataView(e.bytes.buffer);
  }
  if (e.lent || e.ts.length !== n) {
    e.ts = new Float64Array(n);
    e.lent = false;
  }
  e.len = len;
  e.bytes.set(payload.subarray(at, end));
  e.ts.set(ts.subarray(0, n));
  e.serial = bufferSerial(payload);
  e.at = at;
}
