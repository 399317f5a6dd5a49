/**
 * Collect-time readings shared by several instrumented objects.
 *
 * Registry get-or-create returns the existing metric when a second cache (or pool) asks for
 * `cache_entries`, and ignores the second `collect` option. So every such gauge is created with
 * the same dispatcher, `collectSources`, which runs the readers each instance attached to that
 * metric. The tables live on globalThis under a Symbol.for key so that the ESM and CJS builds of
 * the kits, loaded side by side, still find each other's readers.
 *
 * Leases count the live instances behind one label set, so stopping one of two caches that
 * share a name leaves the shared series in place, and stopping the last one removes them.
 */
import { WARNING_CODES } from '@telemeter/core';

type Reader = () => void;
interface HubTables {
  readers: WeakMap<object, Set<Reader>>;
  leases: WeakMap<object, Map<string, number>>;
  warned: WeakSet<Reader>;
}

const KEY = Symbol.for('telemeter.kits.collect-hub.v1');
const store = globalThis as unknown as Record<symbol, HubTables | undefined>;
const tables: HubTables = (store[KEY] ??= {
  readers: new WeakMap(),
  leases: new WeakMap(),
  warned: new WeakSet(),
});

/** The `collect` option of every kit gauge: runs the readers attached to `metric`. */
export function collectSources(metric: object): void {
  const readers = tables.readers.get(metric);
  if (readers === undefined) return;
  for (const read of readers) {
    // One broken reader (a cache whose size getter throws, say) must not hide the others.
    try {
      read();
    } catch (error) {
      if (!tables.warned.has(read)) {
        tables.warned.add(read);
        process.emitWarning(
          `telemeter: a collect-time reading of "${(metric as { name?: string }).name}" failed (${error instanceof Error ? error.message : String(error)}); that series keeps its last value. Further failures are not warned about.`,
          { code: WARNING_CODES.collect_failed },
        );
      }
    }
  }
}

/** Attaches `read` to `metric`; returns the function that detaches it. */
export function addReader(metric: object, read: Reader): () => void {
  let readers = tables.readers.get(metric);
  if (readers === undefined) tables.readers.set(metric, (readers = new Set()));
  readers.add(read);
  return () => {
    readers.delete(read);
  };
}

/** One more live instance behind the series `key` of `anchor` (a metric of the set). */
export function takeLease(anchor: object, key: string): void {
  let counts = tables.leases.get(anchor);
  if (counts === undefined) tables.leases.set(anchor, (counts = new Map()));
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

/** Gives the lease back; true when it was the last one (the caller then removes the series). */
export function returnLease(anchor: object, key: string): boolean {
  const counts = tables.leases.get(anchor);
  const count = counts?.get(key) ?? 0;
  if (count <= 1) {
    counts?.delete(key);
    return true;
  }
  counts!.set(key, count - 1);
  return false;
}

/** A stable key for a label set (values joined by a character label values rarely hold). */
export function labelSetKey(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join('\u0000');
}
