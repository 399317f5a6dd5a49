// Recent queries, newest first, kept in localStorage so they survive reloads. A query run again
// moves to the top instead of appearing twice.

const KEY = 'telemeter.explore.history';
/** Enough to find yesterday's query, few enough to scan. */
export const MAX_HISTORY = 30;

/** What history needs of localStorage (a Storage satisfies it). */
export interface HistoryStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export function readHistory(store: HistoryStore | undefined): string[] {
  try {
    const parsed: unknown = JSON.parse(store?.getItem(KEY) ?? '[]');
    return Array.isArray(parsed)
      ? parsed.filter((q): q is string => typeof q === 'string').slice(0, MAX_HISTORY)
      : [];
  } catch {
    // A corrupt entry (edited by hand, another version) starts the history afresh.
    return [];
  }
}

/** `query` on top of `history`, without duplicates, capped; saved to `store` when given. */
export function rememberQuery(history: readonly string[], query: string, store?: HistoryStore): string[] {
  const trimmed = query.trim();
  if (trimmed === '') return [...history];
  const next = [trimmed, ...history.filter((q) => q !== trimmed)].slice(0, MAX_HISTORY);
  try {
    store?.setItem(KEY, JSON.stringify(next));
  } catch {
    // Storage full or disabled (private mode): the history lives for this visit only.
  }
  return next;
}

/** localStorage when the browser allows it. */
export function browserStore(): HistoryStore | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}
