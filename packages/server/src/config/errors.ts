/**
 * A problem found in a telemeter.yml or a command-line override. `path` is the YAML key path
 * (`scrape_configs[1].static_configs[0].targets[2]`), the flag (`--listen`), or '' for a YAML
 * syntax error; `line` and `column` are 1-based and point into the source text when known.
 */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/**
 * Thrown by parseConfig, loadConfig and applyOverrides with every problem found, not only the
 * first. The message has one line per issue, `<source>:<line>: <key.path>: <what is wrong>`,
 * so an editor or a terminal can jump to each.
 */
export class ConfigError extends Error {
  readonly code = 'TM_CONFIG_INVALID';
  readonly issues: readonly ConfigIssue[];
  readonly source: string;

  constructor(source: string, issues: readonly ConfigIssue[], options?: { cause?: unknown }) {
    super(formatIssues(source, issues), options);
    this.name = 'ConfigError';
    this.source = source;
    this.issues = issues;
  }
}

function formatIssues(source: string, issues: readonly ConfigIssue[]): string {
  return issues
    .map((issue) => {
      const where = issue.line === undefined ? source : `${source}:${issue.line}`;
      return issue.path === '' ? `${where}: ${issue.message}` : `${where}: ${issue.path}: ${issue.message}`;
    })
    .join('\n');
}
