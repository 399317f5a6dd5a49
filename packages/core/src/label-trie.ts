/**
 * The label-set → child lookup of a metric. `find(values)` walks a trie keyed by each declared
 * label's value in declared order (Maps for all but the last label), so no string key is built per
 * call and V8's cached string hashes do the work. The last level is a linked list through the
 * entries themselves (via `key`/`next`) until it holds LIST_MAX entries, then a Map: most leaves are
 * small (e.g. the statuses of one route), and a list costs 16 B per entry against ~40 B for a Map
 * entry plus ~150 B for the Map. `walk()` rebuilds each entry's label values from the path, so
 * entries don't store them.
 */
import { labelKey } from './labels.js';

/** Leaf lists longer than this become Maps; 8 string compares cost about one Map.get. */
const LIST_MAX = 8;

/** What the trie links: an object with the two fields of the leaf lists. */
export interface TrieEntry {
  /** Value of the last label, compared while the entry sits in a leaf list. */
  key: string;
  /** Next entry in the same leaf list. */
  next: TrieEntry | null;
}

type LeafContainer<C> = C | Map<string, C> | null | undefined;

export class LabelTrie<C extends TrieEntry> {
  /** For no label, the single entry; for one, the leaf container; for more, a Map per level. */
  private root: unknown;
  /** Label values of the entry being visited by walk(); one per label, reused. */
  readonly path: string[];

  constructor(private readonly names: readonly string[]) {
    this.root = names.length > 1 ? new Map() : null;
    this.path = new Array<string>(names.length).fill('');
  }

  /**
   * The entry for this label set, or undefined when it is absent or `values` is not exactly a label
   * set of the declared names with string or number values (keysOf() tells which). Hot path.
   * May throw on hostile input (a throwing getter or Proxy trap); the caller catches.
   */
  find(values: unknown): C | undefined {
    if (values === null || typeof values !== 'object') return undefined;
    const names = this.names;
    const n = names.length;
    let count = 0;
    for (const _ in values) count++;
    if (count !== n) return undefined;
    const record = values as Record<string, unknown>;
    let node = this.root;
    let raw: unknown;
    // One and two labels are the common shapes; unrolling them saves ~5 ns per lookup (bench/instruments.bench.mjs).
    if (n === 2) {
      raw = record[names[0]!];
      const first = typeof raw === 'string' ? raw : labelKey(raw);
      if (first === undefined) return undefined;
      node = (node as Map<string, unknown>).get(first);
      if (node === undefined) return undefined;
      raw = record[names[1]!];
    } else if (n === 1) {
      raw = record[names[0]!];
    } else if (n === 0) {
      return (node as C | null) ?? undefined;
    } else {
      for (let d = 0; d < n - 1; d++) {
        const key = labelKey(record[names[d]!]);
        if (key === undefined) return undefined;
        node = (node as Map<string, unknown>).get(key);
        if (node === undefined) return undefined;
      }
      raw = record[names[n - 1]!];
    }
    const key = typeof raw === 'string' ? raw : labelKey(raw);
    if (key === undefined) return undefined;
    // A constructor check is cheaper than instanceof here: the leaf is usually an entry, whose prototype chain is deep.
    if (node !== null && (node as object).constructor === Map) {
      return (node as Map<string, C>).get(key);
    }
    let entry = node as C | null;
    while (entry !== null) {
      if (entry.key === key) return entry;
      entry = entry.next as C | null;
    }
    return undefined;
  }

  /**
   * The label values of `values` in declared order, or undefined unless it has exactly the declared
   * names (no other enumerable keys), each a string or number. May throw on hostile input.
   */
  keysOf(values: unknown): string[] | undefined {
    if (values === null || typeof values !== 'object') return undefined;
    let count = 0;
    for (const _ in values) count++;
    if (count !== this.names.length) return undefined;
    const keys: string[] = [];
    for (const name of this.names) {
      const key = labelKey((values as Record<string, unknown>)[name]);
      if (key === undefined) return undefined;
      keys.push(key);
    }
    return keys;
  }

  /**
   * The entry for `keys`, created with `create(lastKey)` when absent. When `create` returns
   * undefined nothing is stored (and undefined returned), e.g. past a cardinality limit.
   */
  insert(keys: readonly string[], create: (key: string) => C | undefined): C | undefined {
    const n = keys.length;
    if (n === 0) {
      if (this.root === null) this.root = create('') ?? null;
      return (this.root as C | null) ?? undefined;
    }
    let holder: Map<string, unknown> | null = null;
    if (n > 1) {
      holder = this.root as Map<string, unknown>;
      for (let d = 0; d < n - 2; d++) {
        let next = holder.get(keys[d]!) as Map<string, unknown> | undefined;
        if (next === undefined) {
          next = new Map();
          holder.set(keys[d]!, next);
        }
        holder = next;
      }
    }
    const leafKey = keys[n - 2]!;
    const last = keys[n - 1]!;
    const container = (holder === null ? this.root : holder.get(leafKey)) as LeafContainer<C>;
    let length = 0;
    let tail: C | null = null;
    if (container instanceof Map) {
      const found = container.get(last);
      if (found !== undefined) return found;
    } else {
      for (let entry = container ?? null; entry !== null; entry = entry.next as C | null) {
        if (entry.key === last) return entry;
        tail = entry;
        length++;
      }
    }
    const entry = create(last);
    if (entry === undefined) {
      // Inner Maps created above stay empty until walk() prunes them; rare (only past the limit).
      return undefined;
    }
    entry.key = last;
    let stored: LeafContainer<C> = container;
    if (container instanceof Map) {
      container.set(last, entry);
    } else if (tail === null) {
      stored = entry;
    } else if (length < LIST_MAX) {
      tail.next = entry;
    } else {
      const map = new Map<string, C>();
      for (let e = container ?? null; e !== null; e = e.next as C | null) map.set(e.key, e);
      map.set(last, entry);
      stored = map;
    }
    if (stored !== container) {
      if (holder === null) this.root = stored;
      else holder.set(leafKey, stored);
    }
    return entry;
  }

  /** Unlinks and returns the entry for `keys`, if there is one. */
  remove(keys: readonly string[]): C | undefined {
    const n = keys.length;
    if (n === 0) return undefined;
    const maps: Map<string, unknown>[] = [];
    let node = this.root;
    for (let d = 0; d < n - 1; d++) {
      maps.push(node as Map<string, unknown>);
      node = (node as Map<string, unknown>).get(keys[d]!);
      if (node === undefined) return undefined;
    }
    const last = keys[n - 1]!;
    let container = node as LeafContainer<C>;
    let removed: C | null;
    if (container instanceof Map) {
      const entry = container.get(last);
      if (entry === undefined) return undefined;
      container.delete(last);
      removed = entry;
      if (container.size === 0) container = null;
    } else {
      let prev: C | null = null;
      removed = container ?? null;
      while (removed !== null && removed.key !== last) {
        prev = removed;
        removed = removed.next as C | null;
      }
      if (removed === null) return undefined;
      if (prev === null) container = removed.next as C | null;
      else prev.next = removed.next;
      removed.next = null;
    }
    if (n === 1) {
      this.root = container;
      return removed;
    }
    // Store the leaf container back and prune Maps left empty, bottom up.
    let d = n - 2;
    if (container === null) maps[d]!.delete(keys[d]!);
    else maps[d]!.set(keys[d]!, container);
    while (d > 0 && maps[d]!.size === 0) {
      d--;
      maps[d]!.delete(keys[d]!);
    }
    return removed;
  }

  /**
   * Visits every entry with `path` holding its label values. Entries for which `visit` returns
   * false are unlinked, then passed to `removed`. Empty containers are pruned. Not for no labels.
   */
  walk(visit: (entry: C) => boolean, removed: (entry: C) => void): void {
    const n = this.names.length;
    if (n === 1) this.root = this.walkLeaf(this.root as LeafContainer<C>, visit, removed);
    else if (n > 1) this.walkInner(this.root as Map<string, unknown>, 0, visit, removed);
  }

  /** Forgets every entry (without visiting them). */
  clear(): void {
    this.root = this.names.length > 1 ? new Map() : null;
  }

  private walkInner(
    map: Map<string, unknown>,
    depth: number,
    visit: (entry: C) => boolean,
    removed: (entry: C) => void,
  ): void {
    const leafDepth = this.names.length - 2;
    for (const [key, next] of map) {
      this.path[depth] = key;
      if (depth === leafDepth) {
        const kept = this.walkLeaf(next as LeafContainer<C>, visit, removed);
        if (kept === null) map.delete(key);
        else if (kept !== next) map.set(key, kept);
      } else {
        const inner = next as Map<string, unknown>;
        this.walkInner(inner, depth + 1, visit, removed);
        if (inner.size === 0) map.delete(key);
      }
    }
  }

  private walkLeaf(
    container: LeafContainer<C>,
    visit: (entry: C) => boolean,
    removed: (entry: C) => void,
  ): LeafContainer<C> {
    const last = this.names.length - 1;
    if (container instanceof Map) {
      for (const [key, entry] of container) {
        this.path[last] = key;
        if (!visit(entry)) {
          container.delete(key);
          removed(entry);
        }
      }
      return container.size === 0 ? null : container;
    }
    let head = container ?? null;
    let prev: C | null = null;
    let entry = head;
    while (entry !== null) {
      const next = entry.next as C | null;
      this.path[last] = entry.key;
      if (visit(entry)) {
        prev = entry;
      } else {
        if (prev === null) head = next;
        else prev.next = next;
        entry.next = null;
        removed(entry);
      }
      entry = next;
    }
    return head;
  }
}
