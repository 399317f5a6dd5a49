// Caches for remote-write labels. A Prometheus sends the same series in request after request, and
// each sample as its own TimeSeries entry with all its labels, so decoding them is most of the
// work. Two direct-mapped tables keyed by wire bytes skip it:
// - series: the bytes of a TimeSeries' label fields → its canonical, validated Labels;
// - labels: the bytes of one Label message → the Label, for series not (or no longer) cached.
// Only what passed validation is cached, so a hit needs no checks. The tables have a fixed size
// and evict on a full probe window, so they stay bounded whatever the senders do.

import type { Label, Labels } from '@telemeter/storage';
import { IngestError } from './errors.js';
import { canonicalLabels, labelProblem } from './label-rules.js';
import { decodeUtf8, type LabelDecoder, type LabelsResolver } from './labels-resolver.js';

/** 64k series; beyond that the hit rate drops, never correctness. */
const SERIES_SLOTS = 1 << 16;
const LABEL_SLOTS = 1 << 15;
/** Arena room per slot: a series' label fields (4-8 labels) and one label pair, typically. */
const SERIES_KEY_BYTES = 128;
const LABEL_KEY_BYTES = 48;
/** Longer keys are decoded every time; they are rare and would bloat the tables. */
const MAX_SERIES_KEY_BYTES = 1024;
const MAX_LABEL_KEY_BYTES = 256;

/** A 32-bit hash, 4 bytes per step (murmur-style mixing), of view's bytes [start, end). */
function hashBytes(view: DataView, start: number, end: number): number {
  let h = (end - start) | 0;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    h = Math.imul(h ^ view.getInt32(i, true), 0x9e3779b1);
    h ^= h >>> 15;
  }
  for (; i < end; i++) h = Math.imul(h ^ view.getUint8(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return h ^ (h >>> 13);
}

/** Slots probed per key: a direct-mapped table would thrash on collisions (14 % misses at 15 % load). */
const WAYS = 4;
/** Int32s per entry in `meta`: the key's hash, arena offset and length, and `NEXT`. */
const META = 4;
const HASH = 0;
const OFFSET = 1;
const LENGTH = 2;
/** 1 + the entry looked up after this one last time; 0 = none. */
const NEXT = 3;

/**
 * A fixed-size table from byte strings to values. Keys live in one arena rather than one
 * Uint8Array each, which halved lookup time (fewer objects to chase, nothing for the GC to trace).
 * Entries are numbered in the order they were stored, apart from the hash slots that find them.
 * A full probe window evicts a pseudo-random way; a full arena empties the table.
 *
 * Senders repeat their series in the same order request after request (Prometheus's queue
 * sends them as scraped; so do most clients), so the entry that followed the last one looked up
 * is tried first: a match needs no hash and no probing, and since entries were stored in that
 * same order, it reads the next entry's fields, arena bytes and value, next to the last one's,
 * rather than three random places of the table. Keys are compared 4 bytes at a time. (Decoding
 * the server benchmark's requests: ~600 -> ~200 ns per series; in shuffled order, ~600 -> ~450.
 * A string key made from the bytes by latin1 decoding, in a Map, measured no faster than before.)
 */
class BytesTable<V> {
  /** Per hash slot: 1 + the entry there; 0 = empty. */
  private readonly slots: Int32Array;
  private readonly meta: Int32Array;
  private readonly values: (V | undefined)[];
  /** Entries stored since the table was last emptied; at most one per slot. */
  private entries = 0;
  private readonly arena: Uint8Array;
  private readonly arenaView: DataView;
  private used = 0;
  private readonly mask: number;
  /** The entry the last lookup found or stored; -1 = none. */
  private last = -1;
  /** A view of the buffer last looked up in (one request's), for 4-byte reads. */
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  private viewOf: Uint8Array | undefined;

  constructor(
    slots: number,
    arenaBytes: number,
    private readonly maxKeyBytes: number,
  ) {
    this.slots = new Int32Array(slots);
    this.meta = new Int32Array(slots * META);
    this.values = new Array<V | undefined>(slots).fill(undefined);
    this.arena = new Uint8Array(arenaBytes);
    this.arenaView = new DataView(this.arena.buffer);
    this.mask = slots - 1;
  }

  get(buf: Uint8Array, start: number, end: number): V | undefined {
    const len = end - start;
    if (len > this.maxKeyBytes || len === 0) return undefined;
    const view = this.viewFor(buf);
    const meta = this.meta;
    if (this.last >= 0) {
      const guess = (meta[this.last * META + NEXT] as number) - 1;
      if (guess >= 0 && meta[guess * META + LENGTH] === len && this.holds(guess, view, start, len)) {
        this.last = guess;
        return this.values[guess];
      }
    }
    const h = hashBytes(view, start, end);
    for (let w = 0; w < WAYS; w++) {
      const e = (this.slots[(h + w) & this.mask] as number) - 1;
      if (e < 0) return undefined;
      const at = e * META;
      if (meta[at + HASH] !== h || meta[at + LENGTH] !== len || !this.holds(e, view, start, len)) continue;
      this.follow(e);
      return this.values[e];
    }
    return undefined;
  }

  set(buf: Uint8Array, start: number, end: number, value: V): void {
    const len = end - start;
    if (len > this.maxKeyBytes || len === 0) return;
    if (this.used + len > this.arena.length) {
      this.slots.fill(0);
      this.values.fill(undefined);
      this.entries = 0;
      this.used = 0;
      this.last = -1;
    }
    const h = hashBytes(this.viewFor(buf), start, end);
    const slots = this.slots;
    let slot = -1;
    for (let w = 0; w < WAYS; w++) {
      if (slots[(h + w) & this.mask] === 0) {
        slot = (h + w) & this.mask;
        break;
      }
    }
    let e: number;
    if (slot >= 0) {
      e = this.entries++;
    } else {
      // Evicted: its entry number is reused. Guesses that led to it are checked like any other.
      slot = (h + ((h >>> 24) & (WAYS - 1))) & this.mask;
      e = (slots[slot] as number) - 1;
    }
    this.arena.set(buf.subarray(start, end), this.used);
    const at = e * META;
    this.meta[at + HASH] = h;
    this.meta[at + OFFSET] = this.used;
    this.meta[at + LENGTH] = len;
    this.meta[at + NEXT] = 0;
    this.values[e] = value;
    slots[slot] = e + 1;
    this.used += len;
    this.follow(e);
  }

  /** Whether entry `e`'s key is view's bytes [start, start + len), len being its length. */
  private holds(e: number, view: DataView, start: number, len: number): boolean {
    const arena = this.arenaView;
    const off = this.meta[e * META + OFFSET] as number;
    let i = 0;
    for (; i + 4 <= len; i += 4) if (arena.getInt32(off + i) !== view.getInt32(start + i)) return false;
    for (; i < len; i++) if (arena.getUint8(off + i) !== view.getUint8(start + i)) return false;
    return true;
  }

  private follow(e: number): void {
    if (this.last >= 0) this.meta[this.last * META + NEXT] = e + 1;
    this.last = e;
  }

  private viewFor(buf: Uint8Array): DataView {
    if (buf !== this.viewOf) {
      this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      this.viewOf = buf;
    }
    return this.view;
  }
}

/** Table sizes; the defaults suit a server, tests shrink them to exercise eviction. */
export interface LabelCacheSizes {
  readonly seriesSlots: number;
  readonly labelSlots: number;
}

export class LabelCache implements LabelsResolver {
  private readonly seriesTable: BytesTable<Labels>;
  private readonly labelTable: BytesTable<Label>;

  constructor(sizes: LabelCacheSizes = { seriesSlots: SERIES_SLOTS, labelSlots: LABEL_SLOTS }) {
    this.seriesTable = new BytesTable(
      sizes.seriesSlots,
      sizes.seriesSlots * SERIES_KEY_BYTES,
      MAX_SERIES_KEY_BYTES,
    );
    this.labelTable = new BytesTable(
      sizes.labelSlots,
      sizes.labelSlots * LABEL_KEY_BYTES,
      MAX_LABEL_KEY_BYTES,
    );
  }

  cached(buf: Uint8Array, start: number, end: number): Labels | undefined {
    return this.seriesTable.get(buf, start, end);
  }

  /** Interns one pair; throws IngestError TM_INGEST_INVALID_LABELS for a bad one. */
  readonly label: LabelDecoder = (buf, ms, me, ns, ne, vs, ve) => {
    const hit = this.labelTable.get(buf, ms, me);
    if (hit !== undefined) return hit;
    const name = decodeUtf8(buf, ns, ne);
    const value = decodeUtf8(buf, vs, ve);
    const problem = labelProblem(name, value);
    if (problem !== undefined) throw new IngestError('TM_INGEST_INVALID_LABELS', problem);
    const label: Label = { name, value };
    this.labelTable.set(buf, ms, me, label);
    return label;
  };

  series(pairs: Label[], buf: Uint8Array, start: number, end: number): Labels {
    const labels = canonicalLabels(pairs);
    if (end >= 0) this.seriesTable.set(buf, start, end, labels);
    return labels;
  }
}
