// Set operations on postings lists: strictly ascending arrays of non-negative integer series refs.
// Every function returns a new array the caller owns, never one of its inputs, so a result can be
// kept while the source (e.g. the head's MemPostings) keeps changing.

const EMPTY: readonly number[] = Object.freeze([]);

/** First index i >= lo with list[i] >= v (list.length when none): a galloping then binary search. */
export function seekIndex(list: readonly number[], v: number, lo = 0): number {
  let step = 1;
  let hi = lo;
  while (hi < list.length && (list[hi] as number) < v) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  if (hi > list.length) hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Refs present in both lists. Gallops through the longer list, so a short list against a long one is cheap. */
export function intersect(a: readonly number[], b: readonly number[]): number[] {
  if (a.length > b.length) [a, b] = [b, a];
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length && j < b.length; i++) {
    const v = a[i] as number;
    j = seekIndex(b, v, j);
    if (j < b.length && b[j] === v) out.push(v);
  }
  return out;
}

/** Refs present in every list; no lists gives the empty list (as Prometheus's index.Intersect). */
export function intersectMany(lists: readonly (readonly number[])[]): number[] {
  if (lists.length === 0) return [];
  // Shortest first: each step can only shrink the running result.
  const sorted = [...lists].sort((x, y) => x.length - y.length);
  let acc: number[] = (sorted[0] as readonly number[]).slice();
  for (let i = 1; i < sorted.length && acc.length > 0; i++)
    acc = intersect(acc, sorted[i] as readonly number[]);
  return acc;
}

/** Refs of `a` that are not in `b`. */
export function subtract(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i] as number;
    if (j < b.length && (b[j] as number) < v) j = seekIndex(b, v, j);
    if (j < b.length && b[j] === v) continue;
    out.push(v);
  }
  return out;
}

function merge2(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x < y) {
      out.push(x);
      i++;
    } else if (y < x) {
      out.push(y);
      j++;
    } else {
      out.push(x);
      i++;
      j++;
    }
  }
  while (i < a.length) out.push(a[i++] as number);
  while (j < b.length) out.push(b[j++] as number);
  return out;
}

/** Refs present in any list, ascending and deduplicated: a k-way merge over a min-heap of list heads. */
export function union(lists: readonly (readonly number[])[]): number[] {
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length === 0) return [];
  if (nonEmpty.length === 1) return (nonEmpty[0] as readonly number[]).slice();
  if (nonEmpty.length === 2)
    return merge2(nonEmpty[0] as readonly number[], nonEmpty[1] as readonly number[]);

  // heap[k] is a list index; pos[list] is the next unread position in that list.
  const heap: number[] = nonEmpty.map((_, k) => k);
  const pos = new Array<number>(nonEmpty.length).fill(0);
  const head = (k: number): number => (nonEmpty[k] as readonly number[])[pos[k] as number] as number;
  const less = (x: number, y: number): boolean => head(heap[x] as number) < head(heap[y] as number);
  const down = (i: number, n: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      const m = r < n && less(r, l) ? r : l;
      if (!less(m, i)) return;
      [heap[i], heap[m]] = [heap[m] as number, heap[i] as number];
      i = m;
    }
  };
  let n = heap.length;
  for (let i = (n >> 1) - 1; i >= 0; i--) down(i, n);

  const out: number[] = [];
  let last = -1;
  while (n > 0) {
    const k = heap[0] as number;
    const v = head(k);
    if (v !== last) {
      out.push(v);
      last = v;
    }
    pos[k] = (pos[k] as number) + 1;
    if ((pos[k] as number) >= (nonEmpty[k] as readonly number[]).length) {
      n--;
      heap[0] = heap[n] as number;
    }
    down(0, n);
  }
  return out;
}

/** True when `list` is strictly ascending and holds only non-negative integers. */
export function isPostingsList(list: readonly number[]): boolean {
  let prev = -1;
  for (const v of list) {
    if (!Number.isInteger(v) || v <= prev) return false;
    prev = v;
  }
  return true;
}

export { EMPTY as EMPTY_POSTINGS };
