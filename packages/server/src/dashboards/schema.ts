// The dashboard file format as a schema of the config module's kind (config/schema-types.ts), so
// dashboard files get the same walk as telemeter.yml: key paths and lines in every message, "did
// you mean" for unknown keys, the allowed values of enums, alias-bomb protection. Keys are
// DashboardDefinition's own (camelCase), so a file is exactly what GET /api/v1/dashboards serves.
import { lineColumn, PromQLParseError, parse } from '@telemeter/promql';
import type { FinishContext, ObjectSchema } from '../config/schema-types.js';
import type { PanelThreshold, PanelType, PanelUnit } from './definition.js';

export const PANEL_TYPES = ['timeseries', 'stat', 'table', 'bar'] as const satisfies readonly PanelType[];
export const PANEL_UNITS = [
  'seconds',
  'milliseconds',
  'bytes',
  'bytes_per_second',
  'percent',
  'ratio',
  'per_second',
  'count',
  'none',
] as const satisfies readonly PanelUnit[];
export const THRESHOLD_COLORS = [
  'green',
  'yellow',
  'orange',
  'red',
  'blue',
] as const satisfies readonly PanelThreshold['color'][];

// A compile error here means definition.ts gained a value the lists above lack.
type Missing = Exclude<PanelType, (typeof PANEL_TYPES)[number]> &
  Exclude<PanelUnit, (typeof PANEL_UNITS)[number]> &
  Exclude<PanelThreshold['color'], (typeof THRESHOLD_COLORS)[number]>;
const allListed: [Missing] extends [never] ? true : never = true;
void allListed;

const DASHBOARD_ID = /^[a-z0-9-]+$/;
/** Twelve columns per row, as the dashboard's grid has. */
const GRID_COLUMNS = 12;

function checkDashboardId(text: string): string | undefined {
  return DASHBOARD_ID.test(text)
    ? undefined
    : `"${text}" is not a valid id: use lowercase letters, digits and "-" (it is the URL #/d/<id>)`;
}

/**
 * The dashboard fills these in for the step before it runs a query (packages/dashboard's
 * expandQuery), as Grafana does: `$__rate_interval` a window of at least a minute and two steps,
 * `$__interval` the step.
 */
export const QUERY_PLACEHOLDERS = ['$__rate_interval', '$__interval'] as const;
const PLACEHOLDER = /\$__rate_interval|\$__interval/g;
/** What a placeholder stands for while the query is checked: any valid duration parses the same. */
const STAND_IN = '1m';

/**
 * A query that does not parse is reported with the parser's position in the query as written:
 * offsets in the checked text (placeholders replaced) are mapped back across the replacements.
 */
function checkPromQL(text: string): string | undefined {
  const shifts: { at: number; by: number }[] = [];
  const checked = text.replace(PLACEHOLDER, (placeholder: string, offset: number) => {
    const at = offset - shifts.reduce((sum, s) => sum + s.by, 0);
    shifts.push({ at: at + STAND_IN.length, by: placeholder.length - STAND_IN.length });
    return STAND_IN;
  });
  try {
    parse(checked);
    return undefined;
  } catch (err) {
    if (!(err instanceof PromQLParseError)) {
      return `invalid PromQL: ${err instanceof Error ? err.message : String(err)}`;
    }
    const offset =
      err.position + shifts.filter((s) => s.at <= err.position).reduce((sum, s) => sum + s.by, 0);
    const { line, column } = lineColumn(text, Math.min(offset, text.length));
    return `invalid PromQL: ${line}:${column}: parse error: ${err.detail}`;
  }
}

function atLeastOne(key: string, what: string) {
  return (value: Record<string, unknown>, ctx: FinishContext): void => {
    const items = value[key];
    if (Array.isArray(items) && items.length === 0) ctx.issue([key], `needs at least one ${what}`);
  };
}

const thresholdSchema: ObjectSchema = {
  kind: 'object',
  fields: {
    value: {
      schema: { kind: 'number' },
      required: true,
      description: 'At or above this value the panel shows `color`.',
    },
    color: {
      schema: { kind: 'enum', values: THRESHOLD_COLORS },
      required: true,
      description: 'The colour from `value` up to the next threshold.',
    },
  },
};

const querySchema: ObjectSchema = {
  kind: 'object',
  fields: {
    expr: {
      schema: {
        kind: 'string',
        title: 'PromQL',
        check: checkPromQL,
        examples: ['sum by (http_route) (rate(http_server_requests_total[5m]))'],
      },
      required: true,
      description:
        'The PromQL query, checked when the file is loaded. `$__rate_interval` and `$__interval` are filled in for the chart step, as in Grafana.',
    },
    legend: {
      schema: { kind: 'string', title: 'template', examples: ['{{http_route}} {{method}}'] },
      description:
        'Series name in the legend, with `{{label}}` placeholders as in Grafana. Default: the series labels.',
    },
  },
};

const panelSchema: ObjectSchema = {
  kind: 'object',
  fields: {
    title: { schema: { kind: 'string' }, required: true, description: 'Shown above the panel.' },
    type: {
      schema: { kind: 'enum', values: PANEL_TYPES },
      default: 'timeseries',
      description: 'How the results are drawn: lines over time, the latest value, a table, or bars.',
    },
    queries: {
      schema: { kind: 'list', items: querySchema },
      required: true,
      description: 'One or more queries; every series of every query is drawn.',
    },
    unit: {
      schema: { kind: 'enum', values: PANEL_UNITS },
      description:
        'How values are formatted: `seconds` → "120 ms", `bytes` → "1.5 MiB", `percent` is 0–100, `ratio` is 0–1 shown as %. Default: plain numbers.',
    },
    description: { schema: { kind: 'string' }, description: 'Shown under the panel title.' },
    thresholds: {
      schema: { kind: 'list', items: thresholdSchema },
      description: 'Colours by value, e.g. green below 0.5 s, red from 1 s.',
    },
    width: {
      schema: { kind: 'integer', minimum: 1, maximum: GRID_COLUMNS },
      description: `Width in twelfths of the row. Default: the row's width shared equally.`,
    },
    stacked: {
      schema: { kind: 'boolean' },
      description: 'timeseries only: stack the series on each other.',
    },
    emptyText: {
      schema: { kind: 'string' },
      description: 'What to show when the queries return nothing, e.g. how to add the missing scrape target.',
    },
  },
  finish: atLeastOne('queries', 'query'),
};

const rowSchema: ObjectSchema = {
  kind: 'object',
  fields: {
    title: { schema: { kind: 'string' }, description: 'Heading above the row.' },
    panels: {
      schema: { kind: 'list', items: panelSchema },
      required: true,
      description: 'The panels, left to right.',
    },
  },
  finish: atLeastOne('panels', 'panel'),
};

/** One dashboard file: a DashboardDefinition. */
export const dashboardSchema: ObjectSchema = {
  kind: 'object',
  fields: {
    id: {
      schema: {
        kind: 'string',
        title: 'id',
        check: checkDashboardId,
        pattern: DASHBOARD_ID.source,
        examples: ['api'],
      },
      required: true,
      description: 'Unique among all dashboards; the dashboard is at `#/d/<id>`.',
    },
    title: { schema: { kind: 'string' }, required: true, description: 'Shown in the navigation.' },
    description: { schema: { kind: 'string' }, description: 'Shown under the title.' },
    rows: {
      schema: { kind: 'list', items: rowSchema },
      required: true,
      description: 'Rows of panels, top to bottom.',
    },
  },
  finish: atLeastOne('rows', 'row'),
};
