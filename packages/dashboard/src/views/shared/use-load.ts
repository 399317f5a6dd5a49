// Loading data in a view: one request at a time (a newer one aborts the older), optional polling,
// and the last good data kept on screen while a refresh is under way or fails.
import { useEffect, useRef, useState } from 'preact/hooks';

export interface LoadState<T> {
  readonly data: T | undefined;
  readonly error: Error | undefined;
  /** A request is under way; `data` still holds the previous answer, if any. */
  readonly loading: boolean;
}

/**
 * Runs `load` when `deps` change and every `pollMs` (when given) while the page is visible.
 * `load` gets a signal that aborts when it is superseded or the component unmounts.
 */
export function useLoad<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
  pollMs?: number,
): LoadState<T> & { reload(): void } {
  const [state, setState] = useState<LoadState<T>>({ data: undefined, error: undefined, loading: true });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  // `load` is read through a ref: the caller's `deps` say when to run it again.
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => (s.loading ? s : { ...s, loading: true }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: undefined, loading: false });
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        const error = err instanceof Error ? err : new Error(String(err));
        setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
    return () => controller.abort();
  }, [...deps, tick]);

  useEffect(() => {
    if (pollMs === undefined) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') setTick((t) => t + 1);
    }, pollMs);
    return () => clearInterval(timer);
  }, [pollMs]);

  return { ...state, reload: () => setTick((t) => t + 1) };
}
