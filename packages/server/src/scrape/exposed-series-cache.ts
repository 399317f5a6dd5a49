import type { ParsedSample } from '@telemeter/core';

// The scrape cache's table: an exposed series, as its text in the exposition (`name{…}`, from the
// parser's `seriesText` option) → what it resolved to. Prometheus keys its cache by the raw bytes
// of the series text too: a hit needs neither the labels nor relabeling, so the parser skips
// building a labels object for it. The entry that followed the previous line's entry last scrape
// is tried first (targets expose their series in a stable order), else the one found by a hash
// of the text; either way a hit is one native string compare and allocates nothing. (Before the
// text, the key was the name and labels, compared part by part: ~0.3 µs more per sample with
// the labels objects the parser built. A Map keyed by the text hashes every lookup's text,
// where the guess mostly needs none.) Different texts of one series (label order, spacing,
// escapes) are different entries that resolve to the same value.

/** One exposed series: its text, and what it resolved to. */
export class ExposedEntry<V> {
  constructor(
    readonly hash: number,
    /** As exposed: `name{…}`, in memory of its own (see ownCopy). */
    readonly series: string,
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

/** FNV-1a over the text, two UTF-16 units per step. Exported for the tests (collisions). */
export function seriesHash(series: string): number {
  let h = 0x811c9dc5;
  const len = series.length;
  let j = 0;
  for (; j + 1 < len; j += 2)
    h = Math.imul(h ^ (series.charCodeAt(j) | (series.charCodeAt(j + 1) << 16)), 0x01000193);
  if (j < len) h = Math.imul(h ^ series.charCodeAt(j), 0x01000193);
  return h ^ (h >>> 15);
}

/**
 * The text a sample parsed without the `seriesText` option would have had written plainly:
 * `name{a="x",b="y"}` with its labels in their order, escaped as the format does, so that two
 * samples get the same text only if they have the same name and labels in the same order.
 */
export function seriesTextOf(sample: ParsedSample): string {
  let text = `${sample.name}{`;
  let comma = '';
  const labels = sample.labels;
  for (const name in labels) {
    const value = labels[name] as string;
    text += `${comma}${name}="${value.replace(ESCAPED, escapeChar)}"`;
    comma = ',';
  }
  return `${text}}`;
}

const ESCAPED = /[\\"\n]/g;
const escapeChar = (c: string) => (c === '\n' ? '\\n' : `\\${c}`);

/** Slots of an empty table; it grows at half full, so linear probing stays short. */
const MIN_SLOTS = 64;

export class ExposedSeriesCache<V> {
  private slots: (ExposedEntry<V> | undefined)[] = new Array(MIN_SLOTS).fill(undefined);
  private mask = MIN_SLOTS - 1;
  /** Entries held. */
  size = 0;
  /** The hash of the text `get` last missed, so that `add` after a miss needs no second pass. */
  private missHash = 0;
  /** Order of the last scrape: its first entry, and the entry the current batch last looked up. */
  private first: ExposedEntry<V> | undefined;
  private last: ExposedEntry<V> | undefined;
  private batch = 0;
  /** Entries the current batch has seen. */
  private seenInBatch = 0;

  /**
   * The entry of the exposed series `series`, if cached, marked seen by `batch`. Also prepares
   * `add` for the same text. Targets expose their series in the same order scrape after scrape,
   * so the entry that followed the previous line's last time is tried first: a match needs no hash.
   */
  get(series: string, batch: number): ExposedEntry<V> | undefined {
    if (batch !== this.batch) this.begin(batch);
    const guess = this.last === undefined ? this.first : this.last.next;
    if (guess !== undefined && guess.series === series) return this.visit(guess);
    const h = seriesHash(series);
    this.missHash = h;
    const slots = this.slots;
    const mask = this.mask;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = slots[s];
      if (e === undefined) return undefined;
      if (e.hash === h && e.series === series) return this.visit(e);
    }
  }

  /** Caches `series`, which `get` just missed. */
  add(series: string, value: V): void {
    const entry = new ExposedEntry(this.missHash, ownCopy(series), value, 0);
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
