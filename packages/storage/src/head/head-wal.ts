// What the head needs from the write-ahead log (wal/wal.ts's Wal has this shape). Kept as an
// interface so tests can put a failing log in front of a real one.

export interface HeadWal {
  /**
   * Writes the record before returning (a failed write throws); resolves once it is durable. The
   * caller may reuse the record's buffer as soon as log() returns.
   */
  log(record: Uint8Array): Promise<void>;
  /** Visits every record (encoded): the checkpoint's first, then the segments', in write order. */
  replay(visit: (record: Uint8Array) => void): void;
  segmentRange(): { first: number; last: number };
  cutSegment(): number;
  /**
   * Replaces segments <= upToSegment (and older checkpoints) with `records`, atomically. Records
   * are pulled one at a time while log() goes on, so the head can build them in slices.
   */
  checkpoint(
    upToSegment: number,
    records: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  ): Promise<void> | void;
}
