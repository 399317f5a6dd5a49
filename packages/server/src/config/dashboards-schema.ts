// telemeter.yml's `dashboards` section. The files are read and checked while the config is
// parsed, so `telemeter config check`, the start and a reload all fail on a bad dashboard the way
// they fail on a bad key; the resolved section carries the definitions the server serves.
import { relative, sep } from 'node:path';
import { formatDashboardIssue } from '../dashboards/errors.js';
import { checkDashboardPath, readDashboardFiles } from '../dashboards/files.js';
import type { FinishContext, ObjectSchema } from './schema-types.js';

/** A dashboard file inside the config's folder is named relative to it, as it was most likely written. */
function shownPath(file: string, baseDir: string): string {
  const inside = relative(baseDir, file);
  return inside !== '' && !inside.startsWith('..') && !inside.startsWith(sep) ? inside : file;
}

function finishDashboards(value: Record<string, unknown>, ctx: FinishContext): void {
  const files = (value.files as (string | undefined)[] | undefined) ?? [];
  const { definitions, issues } = readDashboardFiles(files);
  for (const { pattern, ...issue } of issues) {
    ctx.issue(
      ['files', pattern],
      formatDashboardIssue({ ...issue, file: shownPath(issue.file, ctx.baseDir) }),
    );
  }
  value.definitions = definitions;
}

export const dashboardsSchema: ObjectSchema = {
  kind: 'object',
  fields: {
    files: {
      schema: {
        kind: 'list',
        items: {
          kind: 'string',
          title: 'path or glob',
          file: true,
          check: checkDashboardPath,
          examples: ['dashboards/*.yml', '/etc/telemeter/dashboards/api.json'],
        },
      },
      default: [],
      description:
        'Dashboard files (YAML or JSON, one dashboard each, format in docs/dashboards.md); the last path element may be a glob. Relative paths are relative to the config file. Read at start and on reload.',
    },
  },
  finish: finishDashboards,
};
