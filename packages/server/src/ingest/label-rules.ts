// Prometheus's label rules for ingested series (model.LabelName.IsValid, model.IsValidMetricName
// and remote write's validateLabelsAndMetricName, legacy name validation): a series needs a
// metric name, label names are unique, and an empty value means the label is absent.

import { type Label, type Labels, METRIC_NAME_LABEL } from '@telemeter/storage';
import { IngestError } from './errors.js';

function isNameChar(c: number, colon: boolean): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (c >= 48 && c <= 57) || (colon && c === 58)
  );
}

/** `[a-zA-Z_][a-zA-Z0-9_]*` */
export function isValidLabelName(name: string): boolean {
  if (name.length === 0) return false;
  const first = name.charCodeAt(0);
  if (first >= 48 && first <= 57) return false;
  for (let i = 0; i < name.length; i++) if (!isNameChar(name.charCodeAt(i), false)) return false;
  return true;
}

/** `[a-zA-Z_:][a-zA-Z0-9_:]*` */
export function isValidMetricName(name: string): boolean {
  if (name.length === 0) return false;
  const first = name.charCodeAt(0);
  if (first >= 48 && first <= 57) return false;
  for (let i = 0; i < name.length; i++) if (!isNameChar(name.charCodeAt(i), true)) return false;
  return true;
}

/** What is wrong with one label pair, or undefined. Empty values are fine (the label is dropped). */
export function labelProblem(name: string, value: string): string | undefined {
  if (!isValidLabelName(name)) {
    return `label name ${JSON.stringify(name)} is invalid: names match [a-zA-Z_][a-zA-Z0-9_]*`;
  }
  if (name === METRIC_NAME_LABEL && value !== '' && !isValidMetricName(value)) {
    return `metric name ${JSON.stringify(value)} is invalid: names match [a-zA-Z_:][a-zA-Z0-9_:]*`;
  }
  return undefined;
}

/** A series' labels break a rule; `labelIndex` is the offending pair's index in the request, when one is to blame. */
export class LabelsProblem extends IngestError {
  readonly labelIndex: number | undefined;
  constructor(message: string, labelIndex?: number) {
    super('TM_INGEST_INVALID_LABELS', message);
    this.labelIndex = labelIndex;
  }
}

function byName(a: Label, b: Label): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * The canonical Labels of a series whose pairs each passed `labelProblem`: sorted, empty values
 * dropped. Throws LabelsProblem (400) for a duplicate name or a missing metric name. `pairs` is
 * returned as is when already canonical (Prometheus sends labels sorted), so the caller must not
 * change it afterwards.
 */
export function canonicalLabels(pairs: Label[]): Labels {
  let sorted = true;
  let empty = 0;
  let hasName = false;
  for (let i = 0; i < pairs.length; i++) {
    const l = pairs[i] as Label;
    if (l.value === '') empty++;
    else if (l.name === METRIC_NAME_LABEL) hasName = true;
    if (i > 0) {
      const prev = (pairs[i - 1] as Label).name;
      if (prev === l.name) throw new LabelsProblem(`duplicate label name ${JSON.stringify(l.name)}`, i);
      if (prev > l.name) sorted = false;
    }
  }
  let out = pairs;
  if (!sorted) {
    out = pairs.slice().sort(byName);
    for (let i = 1; i < out.length; i++) {
      const name = (out[i] as Label).name;
      if ((out[i - 1] as Label).name === name) {
        const first = pairs.findIndex((l) => l.name === name);
        const second = pairs.findIndex((l, j) => j > first && l.name === name);
        throw new LabelsProblem(`duplicate label name ${JSON.stringify(name)}`, second);
      }
    }
  }
  if (!hasName)
    throw new LabelsProblem('series has no metric name (label __name__), which Prometheus requires');
  if (empty > 0) out = out.filter((l) => l.value !== '');
  return out;
}

/** `canonicalLabels` for the import endpoints: errors start with `prefix` (e.g. `json import: line 3: `). */
export function canonicalLabelsOf(pairs: Label[], prefix: string): Labels {
  try {
    return canonicalLabels(pairs);
  } catch (err) {
    if (err instanceof LabelsProblem) throw new IngestError(err.code, `${prefix}${err.message}`);
    throw err;
  }
}
