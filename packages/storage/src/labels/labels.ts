import { StorageError } from '../errors.js';
import type { Label, Labels } from '../types.js';

export const METRIC_NAME_LABEL = '__name__';

/**
 * Builds a canonical label set: sorted by name, empty values dropped (Prometheus treats an empty
 * value as an absent label), duplicate names rejected.
 */
export function normalizeLabels(input: Readonly<Record<string, string>> | readonly Label[]): Labels {
  const pairs: Label[] = [];
  if (Array.isArray(input)) {
    for (const l of input as readonly Label[])
      if (l.value !== '') pairs.push({ name: l.name, value: l.value });
  } else {
    for (const name of Object.keys(input)) {
      const value = (input as Record<string, string>)[name] as string;
      if (value !== '') pairs.push({ name, value });
    }
  }
  pairs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let i = 0; i < pairs.length; i++) {
    const name = (pairs[i] as Label).name;
    if (name === '' || name.includes('\u0000')) {
      throw new StorageError('TM_STORAGE_INVALID_LABELS', `invalid label name ${JSON.stringify(name)}`);
    }
    if (i > 0 && (pairs[i - 1] as Label).name === name) {
      throw new StorageError('TM_STORAGE_INVALID_LABELS', `duplicate label name ${JSON.stringify(name)}`);
    }
  }
  return pairs;
}

/** Shorthand for `normalizeLabels` from an object. */
export function labelsFromRecord(record: Readonly<Record<string, string>>): Labels {
  return normalizeLabels(record);
}

export function labelsToRecord(labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of labels) out[l.name] = l.value;
  return out;
}

/** Value of `name`, or '' when the series has no such label. */
export function getLabel(labels: Labels, name: string): string {
  for (const l of labels) if (l.name === name) return l.value;
  return '';
}

export function metricName(labels: Labels): string {
  return getLabel(labels, METRIC_NAME_LABEL);
}

/** Prometheus's labels.Compare: pairwise by name, then value; a prefix sorts first. */
export function compareLabels(a: Labels, b: Labels): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as Label;
    const y = b[i] as Label;
    if (x.name !== y.name) return x.name < y.name ? -1 : 1;
    if (x.value !== y.value) return x.value < y.value ? -1 : 1;
  }
  return a.length - b.length;
}

export function labelsEqual(a: Labels, b: Labels): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Label;
    const y = b[i] as Label;
    if (x.name !== y.name || x.value !== y.value) return false;
  }
  return true;
}

// NUL separates names from values; a value's own NUL and SOH are escaped so two different label
// sets never produce the same key.
const NUL = String.fromCharCode(0);
const SOH = String.fromCharCode(1);

/** A string that is equal for equal label sets and different otherwise: the key of series maps. */
export function labelsKey(labels: Labels): string {
  let key = '';
  for (const l of labels) {
    const v =
      l.value.includes(NUL) || l.value.includes(SOH)
        ? l.value.replaceAll(SOH, `${SOH}\u0003`).replaceAll(NUL, `${SOH}\u0002`)
        : l.value;
    key += `${l.name}\u0000${v}\u0000`;
  }
  return key;
}

/** `{__name__="x", a="b"}` rendered the Prometheus way: `x{a="b"}`. */
export function formatLabels(labels: Labels): string {
  let name = '';
  const parts: string[] = [];
  for (const l of labels) {
    if (l.name === METRIC_NAME_LABEL) name = l.value;
    else parts.push(`${l.name}=${JSON.stringify(l.value)}`);
  }
  return parts.length === 0 ? name || '{}' : `${name}{${parts.join(', ')}}`;
}
