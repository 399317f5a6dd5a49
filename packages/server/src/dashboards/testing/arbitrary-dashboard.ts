// fast-check generators: valid dashboards (as JS values to stringify) and schema-shaped garbage.
import fc from 'fast-check';
import type { Schema } from '../../config/schema-types.js';
import { dashboardSchema, PANEL_TYPES, PANEL_UNITS, THRESHOLD_COLORS } from '../schema.js';

const EXPRS = [
  'up',
  'sum by (job) (rate(http_server_requests_total[5m]))',
  'histogram_quantile(0.99, sum by (le) (rate(x_bucket[1m])))',
  'process_resident_memory_bytes / 1024',
  '1 - avg(rate(node_cpu_seconds_total{mode="idle"}[1m]))',
];

const text = fc.string({ minLength: 1, maxLength: 20, unit: 'grapheme' });

const query = fc.record(
  {
    expr: fc.constantFrom(...EXPRS),
    legend: fc.constantFrom('{{job}}', '{{http_route}} {{method}}', 'total'),
  },
  { requiredKeys: ['expr'] },
);

const panel = fc.record(
  {
    title: text,
    type: fc.constantFrom(...PANEL_TYPES),
    queries: fc.array(query, { minLength: 1, maxLength: 3 }),
    unit: fc.constantFrom(...PANEL_UNITS),
    description: text,
    thresholds: fc.array(
      fc.record({
        value: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }).map((v) => v + 0),
        color: fc.constantFrom(...THRESHOLD_COLORS),
      }),
      { maxLength: 3 },
    ),
    width: fc.integer({ min: 1, max: 12 }),
    stacked: fc.boolean(),
    emptyText: text,
  },
  { requiredKeys: ['title', 'queries'] },
);

/** A valid dashboard file's content. */
export function arbitraryDashboard(): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    {
      id: fc.stringMatching(/^[a-z0-9-]{1,16}$/),
      title: text,
      description: text,
      rows: fc.array(
        fc.record(
          { title: text, panels: fc.array(panel, { minLength: 1, maxLength: 3 }) },
          { requiredKeys: ['panels'] },
        ),
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
    },
    { requiredKeys: ['id', 'title', 'rows'] },
  );
}

function allKeys(schema: Schema, into: Set<string>): Set<string> {
  if (schema.kind === 'object') {
    for (const [key, field] of Object.entries(schema.fields)) {
      into.add(key);
      allKeys(field.schema, into);
    }
  } else if (schema.kind === 'list') allKeys(schema.items, into);
  return into;
}

/** Mappings under the format's own keys with values of any shape: wrong in every way it can be. */
export function arbitraryDashboardShapedGarbage(): fc.Arbitrary<unknown> {
  const keys = [...allKeys(dashboardSchema, new Set())];
  const { tree } = fc.letrec((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.jsonValue({ maxDepth: 1 }),
      fc.constantFrom(
        ...EXPRS,
        'sum(',
        'timeseries',
        'graph',
        'seconds',
        'red',
        '{{job}}',
        '',
        'My Id',
        13,
        -0.5,
      ),
      fc.array(tie('tree'), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom(...keys), tie('tree'), { maxKeys: 5 }),
    ),
  }));
  return tree;
}
