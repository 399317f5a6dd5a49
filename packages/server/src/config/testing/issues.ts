// Helpers for config tests: the issues a text gives, as `path: message` lines.
import { ConfigError, type ConfigIssue } from '../errors.js';
import { parseConfig } from '../parse.js';

/** The issues parseConfig reports for `text`; fails when it throws anything else or nothing. */
export function issuesOf(text: string, source?: string): readonly ConfigIssue[] {
  try {
    parseConfig(text, source);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
  throw new Error(`expected a ConfigError for:\n${text}`);
}

/** `path: message` for each issue, the form tests compare against. */
export function problemsOf(text: string): string[] {
  return issuesOf(text).map((issue) =>
    issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`,
  );
}
