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

/** A 32-bit hash, 4 bytes per step (murmur-style mixing), of buf[start, end). */
function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = (end - start) | 0;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const w =
      (buf[i] as number) |
      ((buf[i + 1] as number) << 8) |
      ((buf[i + 2] as number) << 16) |
      ((buf[i + 3] as number) << 24);
    h = Math.imul(h ^ w, 0x9e3779b1);
    h ^= h >>> 15;
  }
  for (; i < end; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return h ^ (h >>> 13);
}

/** Slots probed per key: a direct-mapped table would thrash on collisions (14 % misses at 15 % load). */
const WAYS = 4;

/**
 * A fixed-size table from byte strings to values. Keys live in one arena rather than one
 * Uint8Array each, which halved lookup time (fewer objects to chase, nothing for the GC to trace).
 * A full probe window evicts a pseudo-random way; a full arena empties the table.
 */
class BytesTable<V> {
  private readonly values: (V | undefined)[];
  private readonly hashes: Int32Array;
  private readonly offsets: Int32Array;
  /** 0 marks an empty slot (keys are never empty). */
  private readonly lengths: Int32Array;
  private readonly arena: Uint8Array;
  private used = 0;
  private readonly mask: number;

  constructor(
    slots: number,
    arenaBytes: number,
    private readonly maxKeyBytes: number,
  ) {
    this.values = new Array<V | undefined>(slots).fill(undefined);
    this.hashes = new Int32Array(slots);
    this.offsets = new Int32Array(slots);
    this.lengths = new Int32Array(slots);
    this.arena = new Uint8Array(arenaBytes);
    this.mask = slots - 1;
  }

  get(buf: Uint8Array, start: number, end: number): V | undefined {
    const len = end - start;
    if (len > this.maxKeyBytes || len === 0) return undefined;
    const h = hashBytes(buf, start, end);
    const { arena, lengths } = this;
    for (let w = 0; w < WAYS; w++) {
      const slot = (h + w) & this.mask;
      const keyLen = lengths[slot] as number;
      if (keyLen === 0) return undefined;
      if (this.hashes[slot] !== h || keyLen !== len) continue;
      const off = this.offsets[slot] as number;
      let i = 0;
      while (i < len && arena[off + i] === buf[start + i]) i++;
      if (i === len) return this.values[slot];
    }
    return undefined;
  }

  set(buf: Uint8Array, start: number, end: number, value: V): void {
    const len = end - start;
    if (len > this.maxKeyBytes || len === 0) return;
    if (this.used + len > this.arena.length) {
      this.lengths.fill(0);
      this.values.fill(undefined);
      this.used = 0;
    }
    const h = hashBytes(buf, start, end);
    let slot = (h + ((h >>> 24) & (WAYS - 1))) & this.mask;
    for (let w = 0; w < WAYS; w++) {
      if (this.lengths[(h + w) & this.mask] === 0) {
        slot = (h + w) & this.mask;
        break;
      }
    }
    this.arena.set(buf.subarray(start, end), this.used);
    this.offsets[slot] = this.used;
    this.lengths[slot] = len;
    this.hashes[slot] = h;
    this.values[slot] = value;
    this.used += len;
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
