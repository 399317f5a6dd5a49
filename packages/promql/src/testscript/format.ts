// Prints series descriptions in the test-script notation (one value per point, no expansion);
// parseSeriesDescription reads them back unchanged.

import { isStaleNaN } from '@telemeter/storage';
import type { SequenceValue, SeriesDescription } from './series.js';

export function formatSequenceValue(v: SequenceValue): string {
  if (v.kind === 'omitted') return '_';
  if (v.kind === 'histogram') return v.text;
  if (isStaleNaN(v.value)) return 'stale';
  if (Number.isNaN(v.value)) return 'NaN';
  if (v.value === Number.POSITIVE_INFINITY) return 'Inf';
  if (v.value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v.value);
}

export function formatSeriesDescription(desc: SeriesDescription): string {
  const { __name__: name, ...rest } = desc.labels;
  const pairs = Object.entries(rest).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  const labels = pairs.length > 0 || name === undefined ? `{${pairs.join(', ')}}` : '';
  return [`${name ?? ''}${labels}`, ...desc.values.map(formatSequenceValue)].join(' ');
}
