import type { ParsedSample } from '@telemeter/core';

// The scrape cache's table: an exposed series (its name and labels, in exposition order) → what it
// resolved to. Prometheus keys its cache by the raw bytes of the series text; the parser hands us
// a name and a labels object instead, and joining those into one key string cost more than the
// rest of a sample's handling (a rope of ~8 parts, flattened, then hashed by the Map: ~1 µs per
// sample with the Map calls around it). Here the entry that followed the previous line's entry
// last scrape is tried first (targets expose their series in a stable order), else the one found
// by a hash taken over the parts in place; either way a hit compares the parts with the entry's
// and allocates nothing. (A dictionary of strings → ids, keying the series by a tuple of ids,
// measured slower: a Map lookup per label value costs more than hashing its characters.)

/** One exposed series: its parts, and what it resolved to. */
export class ExposedEntry<V> {
  constructor(
    readonly hash: number,
    readonly name: string,
    /** Label names and values, interleaved, in exposition order. */
    readonly parts: readonly string[],
    readonly value: V,
    /** Id of the last batch that saw it. */
    public seen: number,
  ) {}
  /** The entry that followed this one in the last scrape: the guess for the next line. */
  next: ExposedEntry<V> | undefined = undefined;
}

const copyBuffer = Buffer.allocUnsafe(4096);

/**
 * `s` in memory of its own. The parser's strings are slices of the response text, and V8 keeps
 * all of a text alive while any slice of it lives: kept for good, each would hold a whole chunk of
 * the scrape it came from (measured: 200 slices of 1 MB strings held 200 MB). Latin-1 text goes
 * through a buffer, which makes a flat one-byte string: a slice of a fresh copy (`${s} `.slice)
 * costs a third as much to make, but comparing against it made every cache hit ~90 ns slower.
 */
export function ownCopy(s: string): string {
  // V8 copies slices shorter than 13 characters already.
  if (s.length < 13) return s;
  if (s.length <= copyBuffer.length && !NOT_LATIN1.test(s)) {
    const n = copyBuffer.write(s, 0, 'latin1');
    return copyBuffer.toString('latin1', 0, n);
  }
  return `${s} `.slice(0, -1);
}

const NOT_LATIN1 = /[\u0100-\uffff]/;

/** Slots of an empty table; it grows at half full, so linear probing stays short. */
const MIN_SLOTS = 64;
/** Metric names with a hash kept, beyond those of the entries; more empties the name table. */
const NAME_SLACK = 1024;

export class ExposedSeriesCache<V> {
  private slots: (ExposedEntry<V> | undefined)[] = new Array(MIN_SLOTS).fill(undefined);
  private mask = MIN_SLOTS - 1;
  /** Entries held. */
  size = 0;
  /**
   * A hash per metric name. Names come as the parser's own strings, the same object line after
   * line, and V8 keeps a string's hash in it: a Map lookup is cheaper than hashing the characters.
   */
  private readonly nameHashes = new Map<string, number>();
  // The labels of the sample last looked up, so that `add` after a miss needs no second pass.
  private readonly scratch: string[] = [];
  private scratchLength = 0;
  private scratchHash = 0;
  /** Order of the last scrape: its first entry, and the entry the current batch last looked up. */
  private first: ExposedEntry<V> | undefined;
  private last: ExposedEntry<V> | undefined;
  private batch = 0;
  /** Entries the current batch has seen. */
  private seenInBatch = 0;

  /**
   * The entry of `sample`'s series, if cached, marked seen by `batch`. Also prepares `add` for
   * the same sample. Targets expose their series in the same order scrape after scrape, so the
   * entry that followed the previous line's last time is tried first: a match needs no hash.
   */
  get(sample: ParsedSample, batch: number): ExposedEntry<V> | undefined {
    if (batch !== this.batch) this.begin(batch);
    const name = sample.name;
    const scratch = this.scratch;
    let n = 0;
    const labels = sample.labels;
    for (const label in labels) {
      scratch[n++] = label;
      scratch[n++] = labels[label] as string;
    }
    this.scratchLength = n;
    const guess = this.last === undefined ? this.first : this.last.next;
    if (guess !== undefined && guess.name === name && this.matches(guess, n)) return this.visit(guess);
    const h = this.hash(name, n);
    this.scratchHash = h;
    const slots = this.slots;
    const mask = this.mask;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = slots[s];
      if (e === undefined) return undefined;
      if (e.hash === h && e.name === name && this.matches(e, n)) return this.visit(e);
    }
  }

  /** Caches the series of the sample `get` just missed. */
  add(sample: ParsedSample, value: V): void {
    const parts = this.scratch.slice(0, this.scratchLength);
    for (let k = 0; k < parts.length; k++) parts[k] = ownCopy(parts[k] as string);
    const entry = new ExposedEntry(this.scratchHash, ownCopy(sample.name), parts, value, 0);
    if (++this.size * 2 > this.slots.length) this.rebuild(this.slots.length * 2, -1);
    this.insert(entry);
    this.visit(entry);
  }

  /** Ends batch `batch` (a successful scrape): entries it did not see leave with their series. */
  end(batch: number): void {
    if (batch !== this.batch) this.begin(batch);
    if (this.size > this.seenInBatch) this.retain(batch);
  }

  private begin(batch: number): void {
    this.batch = batch;
    this.last = undefined;
    this.seenInBatch = 0;
  }

  private matches(e: ExposedEntry<V>, n: number): boolean {
    const parts = e.parts;
    if (parts.length !== n) return false;
    const scratch = this.scratch;
    for (let k = 0; k < n; k++) if (parts[k] !== scratch[k]) return false;
    return true;
  }

  /** Marks `e` seen and records that it came after the previous lookup's entry. */
  private visit(e: ExposedEntry<V>): ExposedEntry<V> {
    if (e.seen !== this.batch) {
      e.seen = this.batch;
      this.seenInBatch++;
    }
    if (this.last === undefined) this.first = e;
    else this.last.next = e;
    this.last = e;
    return e;
  }

  /**
   * Label names count by length only: they nearly always repeat line after line, and a match
   * compares them in full. Values: FNV-1a, two UTF-16 units per step.
   */
  private hash(name: string, n: number): number {
    let h = this.nameHashes.get(name) ?? this.hashName(name);
    const scratch = this.scratch;
    for (let k = 0; k < n; k += 2) {
      const value = scratch[k + 1] as string;
      const len = value.length;
      h = Math.imul(h ^ ((scratch[k] as string).length | (len << 16)), 0x01000193);
      let j = 0;
      for (; j + 1 < len; j += 2)
        h = Math.imul(h ^ (value.charCodeAt(j) | (value.charCodeAt(j + 1) << 16)), 0x01000193);
      if (j < len) h = Math.imul(h ^ value.charCodeAt(j), 0x01000193);
    }
    return h ^ (h >>> 15);
  }

  private retain(seen: number): void {
    let slots = this.slots.length;
    let kept = 0;
    for (const e of this.slots) if (e !== undefined && e.seen === seen) kept++;
    while (slots > MIN_SLOTS && kept * 8 < slots) slots >>= 1;
    this.size = kept;
    this.rebuild(slots, seen);
    // No guess may lead to a dropped entry: its value may be gone from the caller's books too.
    for (const e of this.slots) if (e?.next !== undefined && e.next.seen !== seen) e.next = undefined;
    if (this.first !== undefined && this.first.seen !== seen) this.first = undefined;
    this.last = undefined;
  }

  private hashName(name: string): number {
    // Names the entries no longer use pile up only if names churn; bounded all the same.
    if (this.nameHashes.size > this.size + NAME_SLACK) this.nameHashes.clear();
    let h = 0x811c9dc5;
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
    this.nameHashes.set(name, h);
    return h;
  }

  private rebuild(slots: number, seen: number): void {
    const old = this.slots;
    this.slots = new Array(slots).fill(undefined);
    this.mask = slots - 1;
    for (const e of old) if (e !== undefined && (seen < 0 || e.seen === seen)) this.insert(e);
  }

  private insert(entry: ExposedEntry<V>): void {
    const slots = this.slots;
    let s = entry.hash & this.mask;
    while (slots[s] !== undefined) s = (s + 1) & this.mask;
    slots[s] = entry;
  }
}
