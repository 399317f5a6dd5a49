/**
 * Wraps a reader so that every caller in the same synchronous pass gets one shared reading.
 *
 * A metric group (e.g. the three CPU counters) is several instruments, each with its own
 * `collect` callback. When the registry starts those callbacks together, the first one reads
 * and the others reuse the value, so one scrape costs one `process.cpuUsage()` and the group's
 * values are mutually consistent. The cache is dropped in a microtask, so a later scrape (or a
 * registry that awaits between callbacks) always reads afresh: it is never stale.
 */
export function oncePerPass<T>(read: () => T): () => T {
  let cached: { readonly value: T } | undefined;
  const clear = () => {
    cached = undefined;
  };
  return () => {
    if (cached === undefined) {
      cached = { value: read() };
      queueMicrotask(clear);
    }
    return cached.value;
  };
}
