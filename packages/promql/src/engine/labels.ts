// Label-set operations the evaluator needs (Prometheus's labels.Builder and friends). Label sets are
// sorted arrays of {name, value}; every function here returns a new sorted array and never mutates.
import { type Label, type Labels, METRIC_NAME_LABEL } from '@telemeter/storage';
import { goQuote } from '../parser/strings.js';

/** Labels whose meaning changes when a value is transformed (Prometheus's schema.IsMetadataLabel). */
const METADATA_LABELS: ReadonlySet<string> = new Set([METRIC_NAME_LABEL, '__type__', '__unit__']);

export const EMPTY_LABELS: Labels = Object.freeze([]) as Labels;

/** The label set without `__name__` (and the `__type__`/`__unit__` metadata labels). */
export function dropMetricName(labels: Labels): Labels {
  let has = false;
  for (const l of labels) {
    if (METADATA_LABELS.has(l.name)) {
      has = true;
      break;
    }
  }
  return has ? labels.filter((l) => !METADATA_LABELS.has(l.name)) : labels;
}

/** Sets `name` to `value`; an empty value deletes the label (an empty label is an absent one). */
export function setLabel(labels: Labels, name: string, value: string): Labels {
  const out: Label[] = [];
  let done = false;
  for (const l of labels) {
    if (!done && l.name >= name) {
      done = true;
      if (value !== '') out.push({ name, value });
      if (l.name === name) continue;
    }
    out.push(l);
  }
  if (!done && value !== '') out.push({ name, value });
  return out;
}

/** Only the labels named in `names`. */
export function keepLabels(labels: Labels, names: ReadonlySet<string>): Labels {
  return labels.filter((l) => names.has(l.name));
}

/** Every label except those named in `names`. */
export function deleteLabels(labels: Labels, names: ReadonlySet<string>): Labels {
  return labels.filter((l) => !names.has(l.name));
}

/** Prometheus's `labels.Labels.String()`: `{__name__="x", a="b"}`. */
export function labelsString(labels: Labels): string {
  return `{${labels.map((l) => `${l.name}=${goQuote(l.value)}`).join(', ')}}`;
}

/** The signature of a series for vector matching: the `on` labels, or all but the `ignoring` ones. */
function signatureFn(on: boolean, names: readonly string[]): (labels: Labels) => string {
  const set = new Set(names);
  if (on) {
    return (labels) => {
      let key = '';
      for (const l of labels) if (set.has(l.name)) key += `${l.name}\u0000${l.value}\u0000`;
      return key;
    };
  }
  set.add(METRIC_NAME_LABEL);
  return (labels) => {
    let key = '';
    for (const l of labels) if (!set.has(l.name)) key += `${l.name}\u0000${l.value}\u0000`;
    return key;
  };
}

/** Match signatures of both sides of a binary operation, as small ordinals: equal ordinals match. */
export function matchSignatures(
  on: boolean,
  names: readonly string[],
  lhs: readonly { readonly labels: Labels }[],
  rhs: readonly { readonly labels: Labels }[],
): { l: Int32Array; r: Int32Array; count: number } {
  const sigf = signatureFn(on, names);
  const ordinals = new Map<string, number>();
  const ordinal = (s: { readonly labels: Labels }): number => {
    const key = sigf(s.labels);
    let o = ordinals.get(key);
    if (o === undefined) {
      o = ordinals.size;
      ordinals.set(key, o);
    }
    return o;
  };
  const l = Int32Array.from(lhs, ordinal);
  const r = Int32Array.from(rhs, ordinal);
  return { l, r, count: ordinals.size };
}

/** Prometheus's `MatchLabels`: the labels a signature is built from (without `__name__` when ignoring). */
export function matchLabels(labels: Labels, on: boolean, names: readonly string[]): Labels {
  const set = new Set(names);
  if (on) return labels.filter((l) => set.has(l.name));
  set.add(METRIC_NAME_LABEL);
  return labels.filter((l) => !set.has(l.name));
}
