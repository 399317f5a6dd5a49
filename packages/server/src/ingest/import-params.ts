// Query parameters of the import endpoints, spelled as VictoriaMetrics spells them.

import type { Label } from '@telemeter/storage';
import { IngestError } from './errors.js';
import { labelProblem } from './label-rules.js';

function invalidParam(message: string): IngestError {
  return new IngestError('TM_INGEST_INVALID_PARAM', message);
}

/**
 * `extra_label=name=value`, repeatable: added to every imported series, replacing a label of the
 * same name (a later parameter wins over an earlier one). An empty value removes the label.
 */
export function extraLabels(params: URLSearchParams, what: string): Label[] {
  const byName = new Map<string, string>();
  for (const param of params.getAll('extra_label')) {
    const eq = param.indexOf('=');
    if (eq < 0) {
      throw invalidParam(`${what}: extra_label ${JSON.stringify(param)} is not name=value`);
    }
    const name = param.slice(0, eq);
    const value = param.slice(eq + 1);
    const problem = labelProblem(name, value);
    if (problem !== undefined)
      throw invalidParam(`${what}: extra_label ${JSON.stringify(param)}: ${problem}`);
    byName.set(name, value);
  }
  return [...byName].map(([name, value]) => ({ name, value }));
}

/** `timestamp` in ms since the epoch for samples written without one; `now()` when absent. */
export function defaultTimestamp(params: URLSearchParams, now: () => number, what: string): number {
  const raw = params.get('timestamp');
  if (raw === null) return Math.floor(now());
  const t = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(t)) {
    throw invalidParam(
      `${what}: timestamp ${JSON.stringify(raw)} is not an integer number of milliseconds since the epoch`,
    );
  }
  return t;
}

/** `labels` with `extra` applied: same-named labels replaced, the rest appended. */
export function withExtraLabels(labels: Label[], extra: readonly Label[]): Label[] {
  if (extra.length === 0) return labels;
  const out = labels.filter((l) => !extra.some((e) => e.name === l.name));
  for (const e of extra) out.push(e);
  return out;
}
