/**
 * Slot allocation for a metric's slabs (see metric.ts): each label set's state lives at one index
 * of per-metric typed arrays. Slot 0 is never handed out (it is the sink of no-op and detached
 * children); freed slots are reused before the slabs grow.
 */

/** Slabs grow by half: less slack than doubling, still amortised O(1) per label set. */
const GROWTH = 1.5;

export class SlotPool {
  /** Slots the slabs have room for (slot 0 included). */
  capacity: number;
  private nextSlot = 1;
  private free: number[] = [];

  /** `resize(capacity)` grows the owner's slabs, keeping their prefix; called before `capacity` changes. */
  constructor(
    capacity: number,
    private readonly resize: (capacity: number) => void,
  ) {
    this.capacity = capacity;
  }

  /** A free slot; grows the slabs when every slot is in use. */
  take(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    const slot = this.nextSlot++;
    if (slot >= this.capacity) {
      let capacity = this.capacity;
      while (capacity <= slot) capacity = Math.ceil(capacity * GROWTH);
      this.resize(capacity);
      this.capacity = capacity;
    }
    return slot;
  }

  /** Makes `slot` available again; the owner has cleared its state. */
  give(slot: number): void {
    this.free.push(slot);
  }

  /** Forgets every slot in use; the owner reallocates its slabs for `capacity`. */
  reset(capacity: number): void {
    this.nextSlot = 1;
    this.free = [];
    this.capacity = capacity;
  }
}
