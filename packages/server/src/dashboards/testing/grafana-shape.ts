// A structural check of Grafana dashboard JSON as its documentation describes it, for the tests:
// every problem as `<json path>: <what is wrong>`, empty when the dashboard is fine.
// - Dashboard fields and the 24-column gridPos: https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/
//   (grafana/grafana docs/sources/dashboards/build-dashboards/view-dashboard-json-model/index.md)
// - `__inputs` of type datasource with pluginId, panels' `datasource` as `${DS_…}`:
//   https://grafana.com/docs/grafana/v7.4/dashboards/export-import/ (docs/sources/dashboards/export-import.md,
//   "Dashboards exported from Grafana 3.1+ have a new json section `__inputs`") and Grafana's exporter,
//   public/app/features/dashboard/components/DashExportModal/DashboardExporter.ts (datasource = { type, uid: '${DS_…}' }).

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const DASHBOARD_FIELDS = [
  'uid',
  'title',
  'tags',
  'timezone',
  'editable',
  'graphTooltip',
  'time',
  'templating',
] as const;
const PANEL_TYPES = new Set(['row', 'timeseries', 'stat', 'table', 'barchart']);

export function grafanaShapeProblems(json: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(json)) return ['$: expected an object'];
  for (const field of [...DASHBOARD_FIELDS, 'panels', 'schemaVersion', 'annotations']) {
    if (!(field in json)) problems.push(`$.${field}: missing`);
  }
  if (typeof json.schemaVersion !== 'number') problems.push('$.schemaVersion: expected an integer');
  const uid = json.uid;
  if (typeof uid !== 'string' || uid.length > 40 || !/^[a-zA-Z0-9_-]+$/.test(uid)) {
    problems.push(`$.uid: expected at most 40 of [a-zA-Z0-9_-], got ${JSON.stringify(uid)}`);
  }
  const inputs = Array.isArray(json.__inputs) ? json.__inputs : [];
  const inputNames = new Set<string>();
  inputs.forEach((input, i) => {
    if (!isObject(input) || input.type !== 'datasource' || typeof input.pluginId !== 'string') {
      problems.push(`$.__inputs[${i}]: expected { type: "datasource", pluginId, name, label }`);
    } else inputNames.add(String(input.name));
  });
  if (!Array.isArray(json.panels)) return [...problems, '$.panels: expected a list'];

  const ids = new Set<number>();
  const placed: { i: number; x: number; y: number; w: number; h: number }[] = [];
  for (const [i, panel] of json.panels.entries()) {
    const at = `$.panels[${i}]`;
    if (!isObject(panel)) {
      problems.push(`${at}: expected an object`);
      continue;
    }
    if (typeof panel.id !== 'number' || !Number.isInteger(panel.id))
      problems.push(`${at}.id: expected an integer`);
    else if (ids.has(panel.id)) problems.push(`${at}.id: ${panel.id} is used by another panel`);
    else ids.add(panel.id);
    if (typeof panel.type !== 'string' || !PANEL_TYPES.has(panel.type))
      problems.push(`${at}.type: ${String(panel.type)}`);
    if (typeof panel.title !== 'string') problems.push(`${at}.title: expected a string`);
    const g = panel.gridPos;
    if (!isObject(g) || ![g.x, g.y, g.w, g.h].every((n) => typeof n === 'number' && Number.isInteger(n))) {
      problems.push(`${at}.gridPos: expected integers x, y, w, h`);
      continue;
    }
    const { x, y, w, h } = g as { x: number; y: number; w: number; h: number };
    if (w < 1 || w > 24 || x < 0 || x + w > 24)
      problems.push(`${at}.gridPos: x ${x} w ${w} leaves the 24 columns`);
    if (y < 0 || h < 1) problems.push(`${at}.gridPos: y ${y} h ${h}`);
    for (const o of placed) {
      if (x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h) {
        problems.push(`${at}.gridPos: overlaps $.panels[${o.i}]`);
      }
    }
    placed.push({ i, x, y, w, h });
    if (panel.type === 'row') continue;
    const ds = panel.datasource;
    const dsInput =
      isObject(ds) && typeof ds.uid === 'string' ? /^\$\{(\w+)\}$/.exec(ds.uid)?.[1] : undefined;
    if (!isObject(ds) || ds.type !== 'prometheus' || dsInput === undefined || !inputNames.has(dsInput)) {
      problems.push(`${at}.datasource: expected { type: "prometheus", uid: "\${<an __inputs name>}" }`);
    }
    const targets = Array.isArray(panel.targets) ? panel.targets : [];
    if (targets.length === 0) problems.push(`${at}.targets: expected at least one`);
    const refIds = new Set<string>();
    for (const [j, t] of targets.entries()) {
      if (!isObject(t) || typeof t.expr !== 'string' || typeof t.refId !== 'string') {
        problems.push(`${at}.targets[${j}]: expected { refId, expr }`);
      } else if (refIds.has(t.refId)) problems.push(`${at}.targets[${j}].refId: ${t.refId} twice`);
      else refIds.add(t.refId);
    }
    const fc = panel.fieldConfig;
    const steps =
      isObject(fc) && isObject(fc.defaults) && isObject(fc.defaults.thresholds)
        ? fc.defaults.thresholds.steps
        : undefined;
    if (!Array.isArray(steps) || steps.length === 0 || !isObject(steps[0]) || steps[0].value !== null) {
      problems.push(
        `${at}.fieldConfig.defaults.thresholds.steps: expected a base step with value null first`,
      );
    }
  }
  return problems;
}
