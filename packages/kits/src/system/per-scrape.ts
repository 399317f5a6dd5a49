/**
 * Wraps a reader so that every caller in the same synchronous pass shares one reading.
 *
 * A metric group is several instruments, each with its own `collect` callback; the registry
 * starts all callbacks in one synchronous pass, so the first one reads and the others reuse the
 * result (one read per scrape, and mutually consistent values). A reader that throws throws the
 * same error to every caller of that pass. The cache is dropped in a microtask, so the next
 * scrape always reads afresh. A promise is shared the same way.
 */
export function perScrape<T>(read: () => T): () => T {
  let cached: { readonly value: T } | { readonly error: unknown } | undefined;
  const clear = () => {
    cached = undefined;
  };
  return () => {
    if (cached === undefined) {
      try {
        cached = { value: read() };
      } catch (error) {
        cached = { error };
      }
      queueMicrotask(clear);
    }
    if ('error' in cached) throw cached.error;
    return cached.value;
  };
}
