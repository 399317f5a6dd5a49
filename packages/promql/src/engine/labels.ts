// Label-set operations the evaluator needs (Prometheus's labels.Builder and friends). Label sets are
// sorted arrays of {name, value}; every function here returns a new sorted array and never mutates.
import { type Label, type Labels, METRIC_NAME_LABEL } from '@telemeter/storage';

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

/** Go's strconv.Quote for the ASCII range, which is what label values in messages need. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Prometheus's `labels.Labels.String()`: `{__name__="x", a="b"}`. */
export function labelsString(labels: Labels): string {
  return `{${labels.map((l) => `${l.name}=${goQuote(l.value)}`).join(', ')}}`;
}

/** The signature of a series for vector matching: the `on` labels, or all but the `ignoring` ones. */
export function signatureFn(on: boolean, names: readonly string[]): (labels: Labels) => string {
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

/** Prometheus's `MatchLabels`: the labels a signature is built from (without `__name__` when ignoring). */
export function matchLabels(labels: Labels, on: boolean, names: readonly string[]): Labels {
  const set = new Set(names);
  if (on) return labels.filter((l) => set.has(l.name));
  set.add(METRIC_NAME_LABEL);
  return labels.filter((l) => !set.has(l.name));
}
