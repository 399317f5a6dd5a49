// Scrapes of one target share their timestamps, so the time sections of its series' chunks are
// byte-identical (on gen-dataset data 78 % of them repeat one read shortly before). A time section
// is self-delimiting, so when the bytes at a chunk's time section start with a section decoded
// before (same sample count), they decode to the same timestamps: the decoder copies them instead.
// Keyed by the first timestamp, which differs between targets (scrape jitter) and between chunks.

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
}

const memo = new Map<number, Entry>();

/**
 * If the bytes of `payload` from `at` (up to `end`) repeat a remembered time section of `n` samples
 * starting at `t0`, copies its timestamps into `out` and returns the section's length in bytes;
 * else -1.
 */
export function recallTimes(
  payload: Uint8Array,
  at: number,
  end: number,
  n: number,
  t0: number,
  out: Float64Array,
): number {
  const e = memo.get(t0);
  if (e === undefined || e.ts.length !== n) return -1;
  const len = e.len;
  if (at + len > end) return -1;
  // Four bytes at a time: this compare is most of what a hit costs.
  const pv = viewFor(payload);
  const ev = e.view;
  let i = 0;
  for (; i + 4 <= len; i += 4) if (pv.getInt32(at + i) !== ev.getInt32(i)) return -1;
  for (; i < len; i++) if (payload[at + i] !== e.bytes[i]) return -1;
  out.set(e.ts);
  return len;
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
      e = { len: 0, bytes, view: new DataView(bytes.buffer), ts: new Float64Array(0) };
    }
    memo.set(t0, e);
  }
  const len = end - at;
  if (e.bytes.length < len) {
    e.bytes = new Uint8Array(Math.max(len, 512));
    e.view = new DataView(e.bytes.buffer);
  }
  if (e.ts.length !== n) e.ts = new Float64Array(n);
  e.len = len;
  e.bytes.set(payload.subarray(at, end));
  e.ts.set(ts.subarray(0, n));
}
