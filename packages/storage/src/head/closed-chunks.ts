// The head's closed chunks: full XOR chunks that no longer change. Each is a row of a few typed
// arrays (time range, sample count, where its bytes are, the next chunk of the same series), and a
// series holds only its first and last row ids, so a closed chunk costs ~40 bytes of memory plus
// its bytes wherever the store keeps them (chunk-store.ts). Chunks in a file store carry resume
// points after their payload (chunk-checkpoints.ts); the memory store keeps bare payloads.

import { Encoding } from '../chunkenc/encoding-id.js';
import { XorChunk } from '../chunkenc/xor.js';
import type { Chunk, SampleIterator, StorageLogger } from '../types.js';
import { iteratorFrom, payloadLength, withCheckpoints } from './chunk-checkpoints.js';
import { type ChunkBytesStore, MemoryChunkStore } from './chunk-store.js';

export const NO_CHUNK = -1;
const IN_STORE = 0;
const IN_MEMORY = 1;

export class ClosedChunks {
  /** Takes chunks when the store cannot (a failed write must not fail a commit that is logged). */
  private readonly fallback = new MemoryChunkStore();
  private rows = 0;
  private freeRow = NO_CHUNK;
  private live = 0;
  minT = new Float64Array(0);
  maxT = new Float64Array(0);
  count = new Int32Array(0);
  private length = new Int32Array(0);
  private pos = new Float64Array(0);
  private where = new Uint8Array(0);
  /** Next chunk of the same series (or of the free list), NO_CHUNK at the end. */
  next = new Int32Array(0);
  private warned = false;
  /** Whether chunks in `store` carry checkpoints: only on disk, where they cost no heap. */
  private readonly checkpointed: boolean;

  constructor(
    private readonly store: ChunkBytesStore,
    private readonly logger: StorageLogger,
  ) {
    this.checkpointed = !(store instanceof MemoryChunkStore);
  }

  /** Closed chunks held. */
  get size(): number {
    return this.live;
  }

  /** Stores a chunk's payload; returns its row. */
  add(bytes: Uint8Array, minT: number, maxT: number, count: number): number {
    let row = this.freeRow;
    if (row !== NO_CHUNK) this.freeRow = this.next[row] as number;
    else {
      if (this.rows === this.count.length) this.grow();
      row = this.rows++;
    }
    let stored = bytes;
    try {
      if (this.checkpointed) stored = withCheckpoints(bytes);
      this.pos[row] = this.store.put(stored);
      this.where[row] = IN_STORE;
    } catch (err) {
      if (!this.warned) {
        this.warned = true;
        this.logger.warn(`head chunks: keeping closed chunks in memory, writing them failed: ${String(err)}`);
      }
      stored = bytes;
      this.pos[row] = this.fallback.put(bytes);
      this.where[row] = IN_MEMORY;
    }
    this.minT[row] = minT;
    this.maxT[row] = maxT;
    this.count[row] = count;
    this.length[row] = stored.length;
    this.next[row] = NO_CHUNK;
    this.live++;
    return row;
  }

  /** Frees a row and its bytes; returns the row that followed it. */
  remove(row: number): number {
    const following = this.next[row] as number;
    const pos = this.pos[row] as number;
    const length = this.length[row] as number;
    if (this.where[row] === IN_STORE) this.store.release(pos, length);
    else this.fallback.release(pos);
    this.next[row] = this.freeRow;
    this.freeRow = row;
    this.live--;
    return following;
  }

  /** The chunk in `row`; a stored chunk is read when first used. */
  chunk(row: number): Chunk {
    const inStore = this.where[row] === IN_STORE;
    return new StoredChunk(
      inStore ? this.store : this.fallback,
      this.pos[row] as number,
      this.length[row] as number,
      this.count[row] as number,
      this.maxT[row] as number,
      inStore && this.checkpointed,
    );
  }

  memoryBytes(): number {
    return this.count.length * BYTES_PER_ROW + this.store.memoryBytes() + this.fallback.memoryBytes();
  }

  sweep(): void {
    this.store.sweep();
  }

  close(): void {
    this.store.close();
  }

  private grow(): void {
    const cap = Math.max(64, Math.ceil(this.count.length * 1.5));
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.minT = f64(this.minT);
    this.maxT = f64(this.maxT);
    this.pos = f64(this.pos);
    this.count = i32(this.count);
    this.length = i32(this.length);
    this.next = i32(this.next);
    const where = new Uint8Array(cap);
    where.set(this.where);
    this.where = where;
  }
}

const BYTES_PER_ROW = 8 * 3 + 4 * 3 + 1;

/** A closed chunk as readers see it: its bytes are fetched from the store on first use. */
class StoredChunk implements Chunk {
  readonly encoding = Encoding.XOR;
  private loaded: XorChunk | undefined;
  private stored: Uint8Array | undefined;

  constructor(
    private readonly store: ChunkBytesStore,
    private readonly pos: number,
    private readonly length: number,
    readonly numSamples: number,
    private readonly maxTime: number,
    private readonly checkpointed: boolean,
  ) {}

  bytes(): Uint8Array {
    return this.load().bytes();
  }

  iterator(): SampleIterator {
    return this.load().iterator();
  }

  iteratorFrom(mint: number): SampleIterator {
    if (!this.checkpointed) return this.iterator();
    const stored = this.read();
    return iteratorFrom(stored, payloadLength(stored), mint);
  }

  private read(): Uint8Array {
    this.stored ??= this.store.get(this.pos, this.length);
    return this.stored;
  }

  private load(): XorChunk {
    if (this.loaded === undefined) {
      const stored = this.read();
      const payload = this.checkpointed ? stored.subarray(0, payloadLength(stored)) : stored;
      this.loaded = XorChunk.fromBytes(payload, this.maxTime);
    }
    return this.loaded;
  }
}
