import type { Labels } from '../types.js';
import { EMPTY_POSTINGS, seekIndex } from './sorted-refs.js';

/**
 * The head's label index: label name → value → sorted series refs, plus the list of all refs.
 *
 * Refs usually arrive in ascending order (the head hands them out from a counter) so `add` is an
 * append; a ref that arrives late (WAL replay of concurrent appenders, a series re-created after
 * a delete) is moved into place by a binary-search insert (Prometheus's addFor does the same with a swap loop).
 *
 * Lists returned by `postings` and `allPostings` are the live internal arrays: read them before
 * the next `add`/`delete` (queries are synchronous) or copy them. `postingsForMatchers` already
 * returns a fresh array.
 */
export class MemPostings {
  private readonly byName = new Map<string, Map<string, number[]>>();
  private readonly all: number[] = [];
  /** Sorted values per name, dropped when a value appears or disappears (series churn is rarer than queries). */
  private readonly sortedValues = new Map<string, string[]>();

  add(ref: number, labels: Labels): void {
    insertSorted(this.all, ref);
    for (const { name, value } of labels) {
      let values = this.byName.get(name);
      if (values === undefined) {
        values = new Map();
        this.byName.set(name, values);
      }
      const list = values.get(value);
      if (list === undefined) {
        values.set(value, [ref]);
        this.sortedValues.delete(name);
      } else {
        insertSorted(list, ref);
      }
    }
  }

  delete(ref: number, labels: Labels): void {
    removeSorted(this.all, ref);
    for (const { name, value } of labels) {
      const values = this.byName.get(name);
      const list = values?.get(value);
      if (values === undefined || list === undefined) continue;
      removeSorted(list, ref);
      if (list.length === 0) {
        values.delete(value);
        this.sortedValues.delete(name);
        if (values.size === 0) this.byName.delete(name);
      }
    }
  }

  postings(name: string, value: string): readonly number[] {
    return this.byName.get(name)?.get(value) ?? EMPTY_POSTINGS;
  }

  allPostings(): readonly number[] {
    return this.all;
  }

  /** Sorted label names that at least one series carries. */
  labelNames(): string[] {
    return [...this.byName.keys()].sort();
  }

  /** Sorted values of `name` (empty when no series has it). */
  labelValues(name: string): string[] {
    let sorted = this.sortedValues.get(name);
    if (sorted === undefined) {
      const values = this.byName.get(name);
      if (values === undefined) return [];
      sorted = [...values.keys()].sort();
      this.sortedValues.set(name, sorted);
    }
    return sorted.slice();
  }

  /** Number of series. */
  get size(): number {
    return this.all.length;
  }
}

function insertSorted(list: number[], ref: number): void {
  let i = list.length;
  if (i === 0 || (list[i - 1] as number) < ref) {
    list.push(ref);
    return;
  }
  i = seekIndex(list, ref);
  if (list[i] !== ref) list.splice(i, 0, ref);
}

function removeSorted(list: number[], ref: number): void {
  const i = seekIndex(list, ref);
  if (i < list.length && list[i] === ref) list.splice(i, 1);
}
