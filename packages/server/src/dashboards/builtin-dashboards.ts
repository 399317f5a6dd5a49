// The dashboard's built-in views, read from the file its build writes beside the page
// (builtin-dashboards.json in @telemeter/dashboard's static folder), so that they can be exported
// like the user's dashboards. The UI keeps its own copy in its bundle; this one is for export only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DashboardDefinition } from './definition.js';
import { DashboardError } from './errors.js';
import { parseDashboard } from './parse.js';

export const BUILTIN_DASHBOARDS_FILE = 'builtin-dashboards.json';

/**
 * The built-in dashboard definitions in `staticDir`, checked like a user's; [] when the dashboard
 * has not been built (no file).
 * @throws DashboardError when the file is there but is not a list of valid definitions.
 */
export function readBuiltinDashboards(staticDir: string): DashboardDefinition[] {
  const file = join(staticDir, BUILTIN_DASHBOARDS_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch (error) {
    throw new DashboardError([{ file, path: '', message: `not JSON: ${(error as Error).message}` }]);
  }
  if (!Array.isArray(list)) {
    throw new DashboardError([{ file, path: '', message: 'expected a list of dashboards' }]);
  }
  return list.map((entry, i) => parseDashboard(JSON.stringify(entry), `${file}[${i}]`));
}
