import fc from 'fast-check';

/** Words that trip promtool's lint rules, and some that do not. */
const WORDS = [
  'http',
  'requests',
  'jobs',
  'queue',
  'total',
  'seconds',
  'milliseconds',
  'bytes',
  'kilobytes',
  'bits',
  'hours',
  'celsius',
  'ms',
  's',
  'sec',
  'kb',
  'count',
  'sum',
  'bucket',
  'counter',
  'gauge',
  'histogram',
  'summary',
  'fooBar',
  'depth',
  'info',
  'x',
];
const UNIT_WORDS = new Set(['seconds', 'milliseconds', 'bytes', 'kilobytes', 'bits', 'hours', 'celsius']);
const LABELS = ['method', 'statusCode', 'code', 'le', 'quantile'];
const TYPES = ['counter', 'gauge', 'histogram', 'summary', 'untyped', 'none'] as const;

export interface GeneratedFamily {
  name: string;
  type: (typeof TYPES)[number];
  help: boolean;
  labels: string[];
}

const family: fc.Arbitrary<GeneratedFamily> = fc
  .record({
    words: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }),
    colon: fc.boolean(),
    type: fc.constantFrom(...TYPES),
    help: fc.boolean(),
    labels: fc.uniqueArray(fc.constantFrom(...LABELS), { maxLength: 2 }),
  })
  // promtool picks one of several unit words at random (it ranges over a Go map): keep to one.
  .filter(({ words }) => words.filter((w) => UNIT_WORDS.has(w)).length <= 1)
  .map(({ words, colon, type, help, labels }) => ({
    name: `app${colon ? ':' : '_'}${words.join('_')}`,
    type,
    help,
    // A histogram's `le` and a summary's `quantile` are the format's own labels.
    labels: labels.filter(
      (l) => !(type === 'histogram' && l === 'le') && !(type === 'summary' && l === 'quantile'),
    ),
  }));

const SUFFIXES = ['_bucket', '_count', '_sum', '_total', '_created'];

/** Several families whose names cannot be mistaken for one another's samples. */
export const arbitraryFamilies: fc.Arbitrary<GeneratedFamily[]> = fc
  .uniqueArray(family, { minLength: 1, maxLength: 6, selector: (f) => f.name })
  .filter((families) =>
    families.every((a) =>
      families.every(
        (b) =>
          a === b ||
          !SUFFIXES.some((suffix) => a.name === b.name + suffix || a.name.startsWith(`${b.name}_`)),
      ),
    ),
  );

function labelSet(labels: readonly string[], extra: string, value: string): string {
  const parts = labels.map((l) => `${l}="${value}"`);
  if (extra) parts.push(extra);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

/** Prometheus text 0.0.4 for the families. */
export function renderFamilies(families: readonly GeneratedFamily[]): string {
  const lines: string[] = [];
  for (const f of families) {
    if (f.help) lines.push(`# HELP ${f.name} Generated.`);
    if (f.type !== 'none') lines.push(`# TYPE ${f.name} ${f.type}`);
    for (const value of f.labels.length > 0 ? ['a', 'b'] : ['a']) {
      if (f.type === 'histogram') {
        lines.push(`${f.name}_bucket${labelSet(f.labels, 'le="0.1"', value)} 1`);
        lines.push(`${f.name}_bucket${labelSet(f.labels, 'le="+Inf"', value)} 2`);
        lines.push(`${f.name}_sum${labelSet(f.labels, '', value)} 0.3`);
        lines.push(`${f.name}_count${labelSet(f.labels, '', value)} 2`);
      } else if (f.type === 'summary') {
        lines.push(`${f.name}${labelSet(f.labels, 'quantile="0.5"', value)} 0.1`);
        lines.push(`${f.name}_sum${labelSet(f.labels, '', value)} 0.3`);
        lines.push(`${f.name}_count${labelSet(f.labels, '', value)} 2`);
      } else {
        lines.push(`${f.name}${labelSet(f.labels, '', value)} 1`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
