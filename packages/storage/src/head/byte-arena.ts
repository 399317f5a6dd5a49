// A slab allocator for the head's open chunks: a few large byte arrays ("pages") carved into blocks
// of 16, 24, 32, 48, 64, 96 ... bytes (steps of 1.5x and 1.33x keep the unused tail of a block
// near 15 % on average), with one free list per size. A Uint8Array per series costs ~200 bytes of
// typed-array, ArrayBuffer and backing-store bookkeeping on top of its bytes and scatters the
// series over the heap; blocks in a shared page cost nothing but their size and sit next to each
// other. The owner can compact the arena (move every live block into fresh pages) when most of it
// is free, e.g. after a round of chunks was closed.
//
// A block is addressed by its page and its byte offset in the page. A free block stores the next
// free block's address in its first 8 bytes; blocks handed out are zero-filled.

/** Pages after the first are this large (the first one grows to it by doubling). */
export const PAGE_BYTES = 4 << 20;
const FIRST_PAGE_BYTES = 4096;
const NO_BLOCK = -1;

/** Size in bytes of a block of class `cls`. */
export function blockBytes(cls: number): number {
  return BLOCK_BYTES[cls] as number;
}

/** Classes up to 2^31 bytes. */
const BLOCK_BYTES = Float64Array.from(
  { length: 56 },
  (_, cls) => ((cls & 1) === 0 ? 16 : 24) * 2 ** (cls >> 1),
);

/** The smallest class whose blocks hold `bytes`. */
export function classFor(bytes: number): number {
  let cls = 0;
  while ((BLOCK_BYTES[cls] as number) < bytes) cls++;
  return cls;
}

export class ByteArena {
  pages: Uint8Array[] = [new Uint8Array(FIRST_PAGE_BYTES)];
  /** Bump pointer in the last page. */
  private top = 0;
  /** Head of each class's free list: page and offset, NO_BLOCK when empty. */
  private readonly freePage: number[] = [];
  private readonly freeOffset: number[] = [];
  /** Bytes in blocks handed out and not yet released. */
  liveBytes = 0;
  /** Set by alloc: the page of the block it returned. */
  page = 0;

  /** Total bytes of the pages. */
  get capacity(): number {
    let n = 0;
    for (const p of this.pages) n += p.length;
    return n;
  }

  /** A zero-filled block of class `cls`; returns its offset and sets `this.page`. */
  alloc(cls: number): number {
    const size = blockBytes(cls);
    this.liveBytes += size;
    const head = this.freePage[cls] ?? NO_BLOCK;
    if (head !== NO_BLOCK) {
      const off = this.freeOffset[cls] as number;
      const bytes = this.pages[head] as Uint8Array;
      this.freePage[cls] = readI32(bytes, off);
      this.freeOffset[cls] = readI32(bytes, off + 4);
      bytes.fill(0, off, off + size);
      this.page = head;
      return off;
    }
    let last = this.pages.length - 1;
    let page = this.pages[last] as Uint8Array;
    if (this.top + size > page.length) {
      if (last === 0 && this.top + size <= PAGE_BYTES) {
        // The first page doubles (copying) until it is a full page, so a small head stays small.
        let cap = page.length * 2;
        while (cap < this.top + size) cap *= 2;
        const grown = new Uint8Array(cap);
        grown.set(page.subarray(0, this.top));
        this.pages[0] = page = grown;
      } else {
        page = new Uint8Array(Math.max(PAGE_BYTES, size));
        this.pages.push(page);
        last++;
        this.top = 0;
      }
    }
    const off = this.top;
    this.top = off + size;
    this.page = last;
    return off;
  }

  release(page: number, off: number, cls: number): void {
    const bytes = this.pages[page] as Uint8Array;
    writeI32(bytes, off, this.freePage[cls] ?? NO_BLOCK);
    writeI32(bytes, off + 4, this.freeOffset[cls] ?? 0);
    this.freePage[cls] = page;
    this.freeOffset[cls] = off;
    this.liveBytes -= blockBytes(cls);
  }

  /** True when most of the arena is free and compacting would give memory back. */
  wantsCompaction(): boolean {
    const cap = this.capacity;
    return cap > 4 * FIRST_PAGE_BYTES && this.liveBytes * 4 < cap;
  }

  /**
   * Moves every live block into fresh pages. `visit` is called once and must call `move` for each
   * live block (page, offset, class, bytes in use) and store the new address: the offset it
   * returns, in the page `this.page` names right after.
   */
  compact(visit: (move: (page: number, off: number, cls: number, used: number) => number) => void): void {
    const old = this.pages;
    this.pages = [new Uint8Array(firstPageFor(this.liveBytes))];
    this.top = 0;
    this.freePage.length = 0;
    this.freeOffset.length = 0;
    this.liveBytes = 0;
    visit((page, off, cls, used) => {
      const to = this.alloc(cls);
      copyBytes(old[page] as Uint8Array, off, this.pages[this.page] as Uint8Array, to, used);
      return to;
    });
  }
}

/** Copies n bytes; small copies by hand, which beats making a subarray to hand to set(). */
export function copyBytes(src: Uint8Array, from: number, dst: Uint8Array, to: number, n: number): void {
  if (n > 256) {
    dst.set(src.subarray(from, from + n), to);
    return;
  }
  for (let k = 0; k < n; k++) dst[to + k] = src[from + k] as number;
}

function firstPageFor(liveBytes: number): number {
  let cap = FIRST_PAGE_BYTES;
  while (cap < PAGE_BYTES && cap < liveBytes * 2) cap *= 2;
  return cap;
}

function readI32(b: Uint8Array, o: number): number {
  return (
    ((b[o] as number) << 24) |
    ((b[o + 1] as number) << 16) |
    ((b[o + 2] as number) << 8) |
    (b[o + 3] as number)
  );
}

function writeI32(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = v >>> 16;
  b[o + 2] = v >>> 8;
  b[o + 3] = v;
}
