// Decoded chunk pages of every open chunks file share one least-recently-used cache with a byte
// budget, so that a range read repeated over recent data (a dashboard) finds its pages inflated
// however many blocks hold them, while memory stays bounded however many blocks are open.

/** A chunks file's share of the cache: its key space and its own limit in pages. */
export class PageCacheOwner {
  /** Pages of this owner in the cache. */
  count = 0;

  constructor(
    readonly slot: number,
    readonly maxPages: number,
  ) {}
}

interface Entry {
  readonly page: Uint8Array;
  readonly owner: PageCacheOwner;
}

/** Chunk refs keep page offsets below 2^37 (chunks-format.ts), so each owner gets that much key space. */
const SLOT_SPAN = 2 ** 37;
/** 2^53 / 2^37: owners open at once; past that a file is read without caching. */
const MAX_SLOTS = 2 ** 16;

export class PageCache {
  /** In use order, least recent first (a Map iterates in insertion order). */
  private readonly map = new Map<number, Entry>();
  private readonly freeSlots: number[] = [];
  private nextSlot = 0;
  private bytes = 0;

  constructor(private maxBytes: number) {}

  /** The byte budget. */
  get budgetBytes(): number {
    return this.maxBytes;
  }

  /** Total bytes of the cached pages. */
  get sizeBytes(): number {
    return this.bytes;
  }

  get size(): number {
    return this.map.size;
  }

  /** Changes the budget; evicts at once down to it. */
  setMaxBytes(maxBytes: number): void {
    this.maxBytes = maxBytes;
    this.evictOverBudget();
  }

  /** A new owner allowed up to `maxPages` pages; undefined when every slot is taken. */
  register(maxPages: number): PageCacheOwner | undefined {
    const slot = this.freeSlots.pop() ?? (this.nextSlot < MAX_SLOTS ? this.nextSlot++ : -1);
    return slot < 0 ? undefined : new PageCacheOwner(slot, Math.max(1, maxPages));
  }

  /** Drops the owner's pages and frees its slot. */
  release(owner: PageCacheOwner): void {
    if (owner.count > 0) {
      for (const [key, e] of this.map) if (e.owner === owner) this.remove(key, e);
    }
    this.freeSlots.push(owner.slot);
  }

  get(owner: PageCacheOwner, offset: number): Uint8Array | undefined {
    const key = owner.slot * SLOT_SPAN + offset;
    const e = this.map.get(key);
    if (e === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, e);
    return e.page;
  }

  set(owner: PageCacheOwner, offset: number, page: Uint8Array): void {
    const key = owner.slot * SLOT_SPAN + offset;
    const old = this.map.get(key);
    if (old !== undefined) this.remove(key, old);
    if (owner.count >= owner.maxPages) {
      // The owner's least recently used page goes first.
      for (const [k, e] of this.map) {
        if (e.owner === owner) {
          this.remove(k, e);
          break;
        }
      }
    }
    this.map.set(key, { page, owner });
    owner.count++;
    this.bytes += page.byteLength;
    this.evictOverBudget();
  }

  private evictOverBudget(): void {
    while (this.bytes > this.maxBytes && this.map.size > 0) {
      const [key, e] = this.map.entries().next().value as [number, Entry];
      this.remove(key, e);
    }
  }

  private remove(key: number, e: Entry): void {
    this.map.delete(key);
    e.owner.count--;
    this.bytes -= e.page.byteLength;
  }
}
