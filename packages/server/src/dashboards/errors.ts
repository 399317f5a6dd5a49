/**
 * A problem in a dashboard file. `path` is the key path inside the file
 * (`rows[0].panels[2].type`), or '' for the whole file (unreadable, not YAML, a duplicate id);
 * `line` and `column` are 1-based.
 */
export interface DashboardIssue {
  /** The file as given (absolute when it came from telemeter.yml), or the `source` name. */
  readonly file: string;
  readonly path: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/**
 * Thrown by parseDashboard and loadDashboardFiles with every problem found. The message has one
 * line per issue, `<file>:<line>: <key.path>: <what is wrong>`, as ConfigError's.
 */
export class DashboardError extends Error {
  readonly code = 'TM_DASHBOARD_INVALID';
  readonly issues: readonly DashboardIssue[];

  constructor(issues: readonly DashboardIssue[], options?: { cause?: unknown }) {
    super(issues.map(formatDashboardIssue).join('\n'), options);
    this.name = 'DashboardError';
    this.issues = issues;
  }
}

/** `<file>:<line>: <key.path>: <message>`, leaving out what is unknown. */
export function formatDashboardIssue(issue: DashboardIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
  return issue.path === '' ? `${where}: ${issue.message}` : `${where}: ${issue.path}: ${issue.message}`;
}
